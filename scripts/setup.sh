#!/usr/bin/env bash
# Installs everything Sealmail and its tests need on a fresh Debian machine with Node 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

installed() {
  case "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" in
    *' ok installed') return 0 ;;
    *) return 1 ;;
  esac
}

need=()
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# The integration tests run a real Postfix and Dovecot (test/rig/).
# The UI tests drive Debian's Chromium with playwright-core (no browser download);
# its Japanese screenshots need a font with Japanese glyphs, or every character is a box.
for package in postfix dovecot-imapd dovecot-lmtpd chromium fonts-ipafont-gothic; do
  installed "$package" || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "sealmail setup: please install these Debian packages as root: ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq -o DPkg::Lock::Timeout=120
  # Another apt or dpkg may be running (an unattended upgrade, a parallel CI job): wait for its lock.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 "${need[@]}" >/dev/null
fi

# Native modules (the SQLite store) build from source here; never fetch prebuilt binaries from elsewhere.
# Electron is installed for its types only: its binary is never downloaded (packaging fetches it, see README).
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm_config_build_from_source=true npm ci --no-audit --no-fund
