// `sealmail keys lookup` and `keys upload`: find others' keys in WKD and on keys.openpgp.org, publish your own there.
import { rootCertificates } from 'node:tls';
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { keyInfo, type KeyInfo } from '../../crypto/pgp/keys.js';
import type { DirectoryConnection, FoundKey, LookupAttempt } from '../discovery/directory-fetch.js';
import { DEFAULT_TIMEOUT_MS } from '../discovery/directory-fetch.js';
import { lookupKeys, nothingFoundLine, PLACE_NAMES, placeOf } from '../discovery/key-lookup.js';
import { DEFAULT_VKS, vksBase, vksUpload } from '../discovery/vks.js';
import { fromDiscovery } from '../key-provenance.js';
import type { AddStatus, Keyring } from '../keyring.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession, session } from './session.js';

export interface NetworkOptions {
  keyserver?: string;
  ca?: string;
  timeout?: string;
  connectTo: string[];
}

export function addKeyLookupCommands(keys: Command): void {
  networkOptions(
    keys
      .command('lookup')
      .description(
        "find someone's OpenPGP key: the Web Key Directory of the address's domain, then keys.openpgp.org (a fingerprint: keys.openpgp.org); " +
          'keys found are added as imported, never verified',
      )
      .argument('<addr>', 'mail address, or a full fingerprint')
      .option('--json', 'print one JSON object')
      .option('--no-import', 'only show what was found')
      .option('--refresh', 'ask again even if looked up recently (answers are kept a day, "nothing found" an hour)')
      .option('--hkp <url>', 'ask this HKP keyserver (https:// or hkps:// only) instead of keys.openpgp.org'),
  ).action(async (query: string, opts: NetworkOptions & { json?: boolean; import: boolean; refresh?: boolean; hkp?: string }, command: Command) => {
    const { profile } = mailSession(command);
    const connection = await connectionFrom(opts);
    const result = await lookupKeys({ query, profile, https: connection.https, timeoutMs: connection.timeoutMs, refresh: opts.refresh === true, ...keyserver(opts), ...(opts.hkp === undefined ? {} : { hkp: opts.hkp }) });
    if (result.keys.length === 0) {
      throw new SealmailError('no-key', nothingFoundLine(query, result.attempts));
    }
    const ring = opts.import ? await session(command).keyring() : null;
    const shown = [];
    for (const found of result.keys) {
      const status = ring ? await addFound(ring, found) : null;
      shown.push({ found, info: await keyInfo({ key: found.key }), status, place: placeOf(found, result.attempts) });
    }
    if (opts.json) {
      const keysJson = shown.map(({ found, info, status, place }) => ({
        fingerprint: info.fingerprint,
        userIds: info.userIds.map((u) => u.uid),
        created: info.created,
        expires: info.expires,
        revoked: info.revoked,
        from: { place, ...found.provenance },
        imported: status,
      }));
      return writeStdout(`${JSON.stringify({ query, cachedFrom: result.cachedFrom, keys: keysJson, attempts: result.attempts }, null, 2)}\n`);
    }
    const head = `Found ${shown.length} key${shown.length === 1 ? '' : 's'} for ${terminalLine(query)}${result.cachedFrom ? ` (remembered from a look-up at ${result.cachedFrom})` : ''}:\n`;
    return writeStdout(head + shown.map(({ found, info, status, place }) => foundText(found, info, status, place)).join(''));
  });

  networkOptions(
    keys
      .command('upload')
      .description('publish your public key on keys.openpgp.org and ask it to mail you a verification link for each of its addresses')
      .argument('[id]', 'your key: fingerprint, key ID or address (default: your only key)'),
  ).action(async (id: string | undefined, opts: NetworkOptions, command: Command) => {
    const ring = await session(command).keyring();
    const own = id === undefined ? ring.list().filter((e) => e.meta.acceptance === 'own') : [await ring.find(id)];
    const [entry, ...others] = own;
    if (!entry) throw new SealmailError('no-key', 'you have no key of your own to upload; make one with: sealmail keys generate');
    if (others.length > 0) throw new SealmailError('bad-option', `you have ${own.length} keys; say which to upload (${own.map((e) => e.fingerprint).join(', ')})`);
    if (entry.meta.acceptance !== 'own') throw new SealmailError('bad-option', `key ${entry.fingerprint} is not yours; only your own key can be uploaded`);
    const base = vksBase(opts.keyserver ?? DEFAULT_VKS);
    const { uploaded, requested } = await vksUpload({ base, publicKey: entry.key.toPublic(), connection: await connectionFrom(opts) });
    const states = { ...uploaded.status, ...requested?.status };
    const lines = Object.entries(states).map(([address, state]) => `  ${terminalLine(address)}  ${state}${STATE_HINT[state] ?? ''}\n`);
    await writeStdout(`Uploaded ${groupFingerprint(uploaded.fingerprint)} to ${base.host}.\n${lines.join('') || '  (the key has no addresses the server can verify)\n'}`);
  });
}

const STATE_HINT: Record<string, string> = {
  pending: ': a verification mail is on its way; open it and follow its link to publish the key for this address',
  unpublished: ': not published (no verification requested)',
  published: ': already published',
  revoked: ': revoked',
};

function networkOptions(command: Command): Command {
  return command
    .option('--keyserver <url>', `VKS keyserver, https:// only (default ${DEFAULT_VKS})`)
    .option('--ca <file>', 'also trust this private CA certificate (PEM) for the look-ups')
    .option('--timeout <seconds>', `give each request this long (default ${DEFAULT_TIMEOUT_MS / 1000})`)
    .option('--connect-to <host=ip:port>', 'reach HOST at IP:PORT (its certificate is still checked for HOST), like curl --connect-to; repeatable', collect, []);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function keyserver(opts: NetworkOptions): { keyserver?: string } {
  return opts.keyserver === undefined ? {} : { keyserver: opts.keyserver };
}

export async function connectionFrom(opts: NetworkOptions): Promise<DirectoryConnection> {
  const seconds = opts.timeout === undefined ? DEFAULT_TIMEOUT_MS / 1000 : Number(opts.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 120) throw new SealmailError('bad-option', `--timeout "${opts.timeout}" is not a number of seconds from 0 to 120`);
  const connectTo: Record<string, { host: string; port: number }> = {};
  for (const spec of opts.connectTo) {
    const match = /^([a-z0-9.-]+)=([0-9a-f.:[\]]+):(\d{1,5})$/i.exec(spec);
    if (!match) throw new SealmailError('bad-option', `--connect-to "${spec}" is not HOST=IP:PORT`);
    connectTo[(match[1] ?? '').toLowerCase()] = { host: (match[2] ?? '').replace(/^\[(.*)\]$/, '$1'), port: Number(match[3]) };
  }
  // A private CA adds to the public roots: a company's key directory may use either.
  const ca = opts.ca === undefined ? undefined : [...rootCertificates, new TextDecoder().decode(await readInputFile(opts.ca))];
  return { timeoutMs: Math.round(seconds * 1000), https: { ...(ca ? { ca } : {}), connectTo } };
}

/** Added as the directory sent it; the keyring keeps a known key's acceptance, and a new key starts as imported. */
async function addFound(ring: Keyring, found: FoundKey): Promise<AddStatus> {
  return (await ring.add({ key: found.key, provenance: fromDiscovery(found.provenance) })).status;
}

/** Fingerprints in blocks of four for reading aloud, as GnuPG prints them. */
export function groupFingerprint(fingerprint: string): string {
  const blocks = fingerprint.toUpperCase().match(/.{1,4}/g) ?? [];
  const half = Math.ceil(blocks.length / 2);
  return `${blocks.slice(0, half).join(' ')}  ${blocks.slice(half).join(' ')}`;
}

function foundText(found: FoundKey, info: KeyInfo, status: AddStatus | null, place: LookupAttempt['place']): string {
  const dates = [`created ${info.created.slice(0, 10)}`, info.expires ? `${info.expired ? 'expired' : 'expires'} ${info.expires.slice(0, 10)}` : 'does not expire', info.revoked ? 'REVOKED' : null];
  const added = status === null ? 'not added (--no-import)' : status === 'new' ? 'added to the keyring as imported (not verified)' : `already in the keyring (${status})`;
  return (
    `pub  ${groupFingerprint(info.fingerprint)}  ${dates.filter((d) => d !== null).join(', ')}\n` +
    info.userIds.map((u) => `     uid   ${terminalLine(u.uid)}\n`).join('') +
    `     from  ${PLACE_NAMES[place]} ${terminalLine(found.provenance.url)}, fetched ${found.provenance.fetchedAt}\n` +
    `     ${added}\n`
  );
}
