#!/usr/bin/env bash
# Installs everything Sealmail and its tests need on a fresh Debian machine with Node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "sealmail setup: please install these Debian packages as root: ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
