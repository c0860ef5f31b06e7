// Case (e): one ~100 MiB message S/MIME signed then encrypted, and decrypted then verified, by Sealmail and by `openssl cms`;
// each operation its own process so each peak RSS is its own. Both sides' results are checked before the figures count.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeMessage } from './inputs.js';
import { LARGE_BODY_BYTES } from './large.js';
import { measured, type Run } from './measure.js';
import type { Row } from './results.js';
import { makeSmimeFiles } from './smime-pki.js';
import type { Workspace } from './workspace.js';

const script = fileURLToPath(new URL('./smime-one.js', import.meta.url));
const OPENSSL = 'openssl';

async function fileSha256(path: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

/** The SHA-256 of a message file's body (after its first empty line) as text is shown: LF line ends. */
function textSha256(path: string): string {
  const bytes = readFileSync(path);
  return createHash('sha256').update(bytes.subarray(bytes.indexOf('\r\n\r\n') + 4).toString('latin1').replace(/\r\n/g, '\n'), 'latin1').digest('hex');
}

/** Two processes run one after the other count as one operation: times add, the peak is the larger one. */
const both = (a: Run, b: Run): Run => ({ ms: a.ms + b.ms, peakRssMb: Math.max(a.peakRssMb, b.peakRssMb), stdout: b.stdout, stderr: b.stderr });

/** The same plain message as case (b) (reused when (b) has written it); alice signs, it is encrypted to bob and to alice. */
export async function smimeCase(ws: Workspace): Promise<Row[]> {
  const input = join(ws.dir, 'large.eml');
  if (!existsSync(input)) writeLargeMessage(ws.dir, LARGE_BODY_BYTES);
  const pki = makeSmimeFiles(ws.dir);
  const at = (name: string) => join(ws.dir, name);
  const opts = { scratchDir: ws.dir };

  const sealmailSeal = await measured(process.execPath, [script, 'seal', pki.dir, input, at('smime.sealmail.eml')], opts);
  const sealmailOpen = await measured(process.execPath, [script, 'open', pki.dir, at('smime.sealmail.eml')], opts);
  const { textSha256: opened } = JSON.parse(sealmailOpen.stdout) as { textSha256: string };
  if (opened !== textSha256(input)) throw new Error('Sealmail: the decrypted and verified S/MIME body differs from the input');

  // OpenSSL as its manual shows it: sign (multipart/signed, SHA-256), then encrypt the signed message (AES-256-CBC).
  const sign = ['cms', '-sign', '-md', 'sha256', '-signer', pki.alice.cert, '-inkey', pki.alice.key, '-in', input, '-out', at('smime.openssl.signed.eml')];
  const encrypt = ['cms', '-encrypt', '-aes256', '-in', at('smime.openssl.signed.eml'), '-out', at('smime.openssl.eml'), pki.bob.cert, pki.alice.cert];
  const decrypt = ['cms', '-decrypt', '-recip', pki.bob.cert, '-inkey', pki.bob.key, '-in', at('smime.openssl.eml'), '-out', at('smime.openssl.decrypted.eml')];
  const verify = ['cms', '-verify', '-CAfile', pki.caCert, '-in', at('smime.openssl.decrypted.eml'), '-out', at('smime.openssl.out')];
  const opensslSeal = both(await measured(OPENSSL, sign, opts), await measured(OPENSSL, encrypt, opts));
  const opensslOpen = both(await measured(OPENSSL, decrypt, opts), await measured(OPENSSL, verify, opts));
  // `openssl cms -verify` exits non-zero for a bad signature (measured() throws then) and says so on stderr.
  if (!/Verification successful/.test(opensslOpen.stderr)) throw new Error(`openssl cms -verify: ${opensslOpen.stderr.trim()}`);
  if ((await fileSha256(at('smime.openssl.out'))) !== (await fileSha256(input))) throw new Error('openssl: the decrypted and verified message differs from the input');

  const mib = (LARGE_BODY_BYTES / 1024 / 1024).toFixed(0);
  const row = (name: string, s: Run, o: Run): Row => ({
    name,
    sealmailMs: s.ms,
    gpgMs: o.ms,
    sealmailRssMb: s.peakRssMb,
    gpgRssMb: o.peakRssMb,
    targets: [{ label: 'time <= 1.5x openssl', met: s.ms <= 1.5 * o.ms }],
  });
  return [row(`(e) ${mib} MiB S/MIME sign+encrypt`, sealmailSeal, opensslSeal), row(`(e) ${mib} MiB S/MIME decrypt+verify`, sealmailOpen, opensslOpen)];
}

export const SMIME_NOTES = (opensslVersion: string): string[] => [
  '(e) one run each, whole processes (start-up, key loading, reading and writing files). openssl runs two processes per operation',
  '    (cms -sign then cms -encrypt; cms -decrypt then cms -verify -CAfile): their times add, their peak is the larger one.',
  '(e) Sealmail: smimeSeal (sign then encrypt, what `send --smime` runs), open() (decrypt, verify, the report `sealmail read` shows), in one node process per operation, whole message in memory.',
  `(e) Both sides: RSA 2048 CA + leaves made by openssl, SHA-256, multipart/signed, AES-256-CBC EnvelopedData to recipient and sender. ${opensslVersion}.`,
  '    Checked: each side decrypts and verifies its own output to a valid signature (Sealmail: state valid against the CA) and the input.',
];
