// `sealmail keys refresh [ID]`: ask the key directories each key came from for updates, and say per key what changed.
import type { Command } from 'commander';
import { type KeyRefresh, refreshKeys, refreshLine } from '../key-refresh.js';
import { DEFAULT_TIMEOUT_MS } from '../discovery/directory-fetch.js';
import { connectionFrom, type NetworkOptions } from './key-lookup.js';
import { terminalLine, writeStdout } from './output.js';
import { session } from './session.js';

export function addKeyRefreshCommand(keys: Command): void {
  // No --keyserver: each key is asked for where it was found (the WKD or keyserver URL in its provenance).
  keys
    .command('refresh')
    .description('ask the WKD or keyserver each key was found at for a newer copy (new expiry, revocation); your own keys are left alone')
    .argument('[id]', 'one key: fingerprint, key ID or address (default: every key found in a key directory)')
    .option('--json', 'print a JSON array, one object per key')
    .option('--ca <file>', 'also trust this private CA certificate (PEM)')
    .option('--timeout <seconds>', `give each request this long (default ${DEFAULT_TIMEOUT_MS / 1000})`)
    .option('--connect-to <host=ip:port>', 'reach HOST at IP:PORT (its certificate is still checked for HOST); repeatable', (v: string, p: string[]) => [...p, v], [])
    .action(async (id: string | undefined, opts: NetworkOptions & { json?: boolean }, command: Command) => {
      const ring = await session(command).keyring();
      const entries = id === undefined ? ring.list().filter((e) => e.meta.acceptance !== 'own') : [await ring.find(id)];
      const connection = await connectionFrom(opts);
      const results = await refreshKeys({ keyring: ring, entries, connection: { https: connection.https, timeoutMs: connection.timeoutMs } });
      if (opts.json) return writeStdout(`${JSON.stringify(results, null, 2)}\n`);
      // Without an ID, keys that never came from a directory are not news.
      const shown = id === undefined ? results.filter((r) => r.outcome !== 'no-source') : results;
      if (shown.length === 0) return writeStdout('No key in the keyring came from a key directory; nothing to refresh.\n');
      return writeStdout(shown.map((r: KeyRefresh) => `${r.fingerprint}  ${r.outcome}  ${terminalLine(refreshLine(r))}\n`).join(''));
    });
}
