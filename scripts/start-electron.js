// `npm start`: launches the built desktop app with node_modules' Electron binary, or says in one line how to get it.
/* global console */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The binary's path, found the way electron/index.js finds it, but without require('electron'):
 * that would start a download when the binary is missing.
 */
function electronBinary() {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, name || 'electron');
  if (!name) return null;
  const binary = join(dir, 'dist', name);
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
if (binary === null) {
  console.error(
    "sealmail: Electron's binary is not installed (node_modules/electron holds its types only); on a machine with internet run " +
      '`npx install-electron` (or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD), or use `npm run serve` to open the same UI in a browser',
  );
  process.exit(1);
}

const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (e) => {
  console.error(`sealmail: cannot start Electron (${binary}): ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
