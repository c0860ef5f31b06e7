// S/MIME recipients made with the openssl CLI in a temporary folder: certificates, PKCS#8 keys, and a runner for `openssl cms`.
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SmimeRecipient {
  /** Certificate, DER. */
  certificate: Uint8Array;
  /** Private key, unencrypted PKCS#8 DER. */
  privateKey: Uint8Array;
  /** The same certificate and key as PEM files, for openssl. */
  certPath: string;
  keyPath: string;
}

export interface SmimeRecipients {
  dir: string;
  /** RSA 2048, keyEncipherment: the usual sender in these tests. */
  alice: SmimeRecipient;
  /** RSA 2048, keyEncipherment. */
  bob: SmimeRecipient;
  /** EC P-256, keyAgreement. */
  carol: SmimeRecipient;
  /** RSA 2048 that nothing is ever encrypted to. */
  mallory: SmimeRecipient;
  /** RSA 2048 whose key usage is digitalSignature only: not for encryption. */
  signOnly: SmimeRecipient;
}

const RUN_TIMEOUT_MS = 30_000;

export interface OpensslRun {
  exitCode: number;
  stdout: Uint8Array;
  stderr: string;
}

/** Runs `openssl ...args` with `input` on stdin. */
export function openssl(args: readonly string[], input?: Uint8Array | string): Promise<OpensslRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout: new Uint8Array(Buffer.concat(out)), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {
      // openssl may exit before reading its input; the exit code tells the story.
    });
    child.stdin.end(input ?? '');
  });
}

async function make(dir: string, name: string, keyType: 'rsa' | 'ec', keyUsage: string): Promise<SmimeRecipient> {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  const newkey = keyType === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const run = promisify(execFile);
  await run('openssl', [
    'req', '-x509', ...newkey, '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '30',
    '-subj', `/CN=${name}/emailAddress=${name}@example.org`,
    '-addext', `keyUsage=critical,${keyUsage}`, '-addext', 'extendedKeyUsage=emailProtection', '-addext', `subjectAltName=email:${name}@example.org`,
  ]);
  await run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', keyPath, '-outform', 'DER', '-out', join(dir, `${name}.p8`)]);
  await run('openssl', ['x509', '-in', certPath, '-outform', 'DER', '-out', join(dir, `${name}.der`)]);
  return {
    certificate: new Uint8Array(await readFile(join(dir, `${name}.der`))),
    privateKey: new Uint8Array(await readFile(join(dir, `${name}.p8`))),
    certPath,
    keyPath,
  };
}

let cached: Promise<SmimeRecipients> | undefined;

/** The recipients, made once per test file (each file runs in its own process) and deleted at exit. */
export function smimeRecipients(): Promise<SmimeRecipients> {
  cached ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealmail-smime-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const [alice, bob, carol, mallory, signOnly] = await Promise.all([
      make(dir, 'alice', 'rsa', 'digitalSignature,keyEncipherment'),
      make(dir, 'bob', 'rsa', 'digitalSignature,keyEncipherment'),
      make(dir, 'carol', 'ec', 'digitalSignature,keyAgreement'),
      make(dir, 'mallory', 'rsa', 'digitalSignature,keyEncipherment'),
      make(dir, 'signonly', 'rsa', 'digitalSignature'),
    ]);
    return { dir, alice, bob, carol, mallory, signOnly };
  })();
  return cached;
}

let files = 0;

/** Writes `content` to a new file in the recipients' folder and returns its path. */
export async function tempFile(name: string, content: Uint8Array | string): Promise<string> {
  const { dir } = await smimeRecipients();
  const path = join(dir, `${++files}-${name}`);
  await writeFile(path, content);
  return path;
}
