// A throwaway S/MIME PKI made with the openssl CLI: root CA -> intermediate -> leaves, good and deliberately bad ones.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslRun {
  exitCode: number;
  stdout: Uint8Array;
  stderr: string;
}

/** Runs `openssl ...args` in `cwd`, feeding `input` on stdin; never throws on a non-zero exit. */
export function openssl(args: readonly string[], options: { cwd?: string; input?: Uint8Array | string } = {}): Promise<OpensslRun> {
  return new Promise((resolve, reject) => {
    const child = execFile('openssl', args, { cwd: options.cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ exitCode: error ? (error.code as number) : 0, stdout: new Uint8Array(stdout), stderr: stderr.toString('utf8') });
    });
    child.stdin?.on('error', () => {
      // openssl may exit before reading its input; its exit status tells why.
    });
    child.stdin?.end(options.input ?? '');
  });
}

async function must(args: readonly string[], cwd: string): Promise<Uint8Array> {
  const run = await openssl(args, { cwd });
  if (run.exitCode !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

/** A certificate with its key, as files (for openssl) and bytes (for Sealmail). */
export interface Identity {
  email: string;
  certPath: string;
  keyPath: string;
  /** PEM certificate. */
  certificate: Uint8Array;
  /** Unencrypted PKCS#8 PEM private key. */
  privateKey: Uint8Array;
  /** The intermediates above it, PEM (empty for roots and self-signed certificates). */
  chain: Uint8Array[];
  /** The file holding `chain`, for `openssl cms -certfile`. */
  chainPath: string;
}

export interface SmimePki {
  dir: string;
  root: Identity;
  intermediate: Identity;
  /** RSA 2048 and ECDSA P-256 signers for alice@example.org, digitalSignature and emailProtection. */
  rsa: Identity;
  ecdsa: Identity;
  /** alice@example.org on ECDSA P-384 and P-521 keys (signing; Sealmail verifies these but signs with P-256 only). */
  ecdsaP384: Identity;
  ecdsaP521: Identity;
  /** bob@example.org, ECDSA, for a second signer. */
  bob: Identity;
  /** Valid 2020-2021 only. */
  expired: Identity;
  /** EKU serverAuth only. */
  wrongEku: Identity;
  /** KeyUsage keyEncipherment only. */
  noDigitalSignature: Identity;
  /** Certified for mallory@example.net. */
  wrongEmail: Identity;
  /** alice@example.org, self-signed. */
  selfSigned: Identity;
  /** A second root nobody trusts, and alice@example.org certified under it. */
  otherRoot: Identity;
  untrusted: Identity;
  /** An intermediate without basicConstraints cA, and alice@example.org certified under it. */
  notCa: Identity;
  underNotCa: Identity;
  /** alice@example.org with only the subject emailAddress attribute (no SAN). */
  subjectEmailOnly: Identity;
  /**
   * `openssl cms -sign` (or `openssl smime` with `tool: 'smime'`) over `entity` (a MIME entity: content header
   * fields, blank line, body) by each signer, SHA-256 (or `md`), with the signers' chains; returns openssl's output.
   * `outform: 'SMIME'` (default) gives the headers and body of a message (add From/To yourself).
   */
  sign(
    entity: string,
    signers: Identity[],
    options?: { detached?: boolean; outform?: 'SMIME' | 'DER'; tool?: 'cms' | 'smime'; withChain?: boolean; md?: 'sha256' | 'sha384' | 'sha512'; args?: string[] },
  ): Promise<Uint8Array>;
  /** Writes `content` to a fresh file in the PKI folder and returns its path. */
  file(name: string, content: Uint8Array | string): Promise<string>;
  dispose(): Promise<void>;
}

const CA_CONFIG = `
[ca]
default_ca = ca_default
[ca_default]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = yes
copy_extensions = none
[anything]
commonName = optional
emailAddress = optional
organizationName = optional
[req]
distinguished_name = dn
[dn]
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[not_ca]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
subjectAltName = email:$ENV::LEAF_EMAIL
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_no_san]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf_wrong_eku]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = email:$ENV::LEAF_EMAIL
authorityKeyIdentifier = keyid
[leaf_no_ds]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
extendedKeyUsage = emailProtection
subjectAltName = email:$ENV::LEAF_EMAIL
authorityKeyIdentifier = keyid
[self_signed]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection
subjectAltName = email:$ENV::LEAF_EMAIL
`;

interface Spec {
  name: string;
  email: string;
  cn: string;
  key: 'rsa' | 'ec' | 'ec-p384' | 'ec-p521';
  extensions: string;
  /** The issuing identity's name, or null for self-signed. */
  issuer: string | null;
  start?: string;
  end?: string;
  subjectEmail?: boolean;
}

let cached: Promise<SmimePki> | null = null;

/** The PKI for this test file: made once on first use (each vitest file runs in its own process). */
export function smimePki(): Promise<SmimePki> {
  cached ??= makePki();
  return cached;
}

async function makePki(): Promise<SmimePki> {
  const dir = await mkdtemp(join(tmpdir(), 'sealmail-smime-'));
  await writeFile(join(dir, 'ca.cnf'), CA_CONFIG);
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  const made = new Map<string, Identity>();
  // `openssl ca` shares index.txt and serial, so issuing runs one at a time; key generation runs ahead in parallel.
  const specs: Spec[] = [
    { name: 'root', email: 'ca@example.org', cn: 'Sealmail Test Root', key: 'rsa', extensions: 'root', issuer: null, start: '20190101000000Z', end: '20450101000000Z' },
    { name: 'intermediate', email: 'ca@example.org', cn: 'Sealmail Test Intermediate', key: 'rsa', extensions: 'intermediate', issuer: 'root', start: '20190101000000Z', end: '20440101000000Z' },
    { name: 'rsa', email: 'alice@example.org', cn: 'Alice RSA', key: 'rsa', extensions: 'leaf', issuer: 'intermediate' },
    { name: 'ecdsa', email: 'alice@example.org', cn: 'Alice ECDSA', key: 'ec', extensions: 'leaf', issuer: 'intermediate' },
    { name: 'ecdsaP384', email: 'alice@example.org', cn: 'Alice ECDSA P-384', key: 'ec-p384', extensions: 'leaf', issuer: 'intermediate' },
    { name: 'ecdsaP521', email: 'alice@example.org', cn: 'Alice ECDSA P-521', key: 'ec-p521', extensions: 'leaf', issuer: 'intermediate' },
    { name: 'bob', email: 'bob@example.org', cn: 'Bob', key: 'ec', extensions: 'leaf', issuer: 'intermediate' },
    { name: 'expired', email: 'alice@example.org', cn: 'Alice Expired', key: 'ec', extensions: 'leaf', issuer: 'intermediate', start: '20200101000000Z', end: '20210101000000Z' },
    { name: 'wrongEku', email: 'alice@example.org', cn: 'Alice Wrong EKU', key: 'ec', extensions: 'leaf_wrong_eku', issuer: 'intermediate' },
    { name: 'noDigitalSignature', email: 'alice@example.org', cn: 'Alice No DS', key: 'ec', extensions: 'leaf_no_ds', issuer: 'intermediate' },
    { name: 'wrongEmail', email: 'mallory@example.net', cn: 'Mallory', key: 'ec', extensions: 'leaf', issuer: 'intermediate' },
    { name: 'selfSigned', email: 'alice@example.org', cn: 'Alice Self-Signed', key: 'ec', extensions: 'self_signed', issuer: null },
    { name: 'otherRoot', email: 'ca@example.net', cn: 'Untrusted Root', key: 'ec', extensions: 'root', issuer: null, start: '20190101000000Z', end: '20450101000000Z' },
    { name: 'untrusted', email: 'alice@example.org', cn: 'Alice Untrusted', key: 'ec', extensions: 'leaf', issuer: 'otherRoot' },
    { name: 'notCa', email: 'ca@example.org', cn: 'Not A CA', key: 'ec', extensions: 'not_ca', issuer: 'root', start: '20190101000000Z', end: '20440101000000Z' },
    { name: 'underNotCa', email: 'alice@example.org', cn: 'Alice Under Not-CA', key: 'ec', extensions: 'leaf', issuer: 'notCa' },
    { name: 'subjectEmailOnly', email: 'alice@example.org', cn: 'Alice Subject Email', key: 'ec', extensions: 'leaf_no_san', issuer: 'intermediate', subjectEmail: true },
  ];
  await Promise.all(specs.map((s) => makeKey(dir, s)));
  const roots = new Set(specs.filter((s) => s.issuer === null).map((s) => s.name));
  for (const spec of specs) made.set(spec.name, await issue(dir, spec, made, roots));
  const get = (name: string) => made.get(name) as Identity;
  return {
    dir,
    root: get('root'),
    intermediate: get('intermediate'),
    rsa: get('rsa'),
    ecdsa: get('ecdsa'),
    ecdsaP384: get('ecdsaP384'),
    ecdsaP521: get('ecdsaP521'),
    bob: get('bob'),
    expired: get('expired'),
    wrongEku: get('wrongEku'),
    noDigitalSignature: get('noDigitalSignature'),
    wrongEmail: get('wrongEmail'),
    selfSigned: get('selfSigned'),
    otherRoot: get('otherRoot'),
    untrusted: get('untrusted'),
    notCa: get('notCa'),
    underNotCa: get('underNotCa'),
    subjectEmailOnly: get('subjectEmailOnly'),
    file: (name, content) => writeIn(dir, name, content),
    sign: async (entity, signers, options = {}) => {
      const input = await writeIn(dir, 'entity.eml', entity);
      const chain = options.withChain === false ? [] : [...new Set(signers.flatMap((id) => (id.chain.length > 0 ? [id.chainPath] : [])))];
      const args = [options.tool ?? 'cms', '-sign', '-in', input, '-md', options.md ?? 'sha256', '-outform', options.outform ?? 'SMIME'];
      for (const id of signers) args.push('-signer', id.certPath, '-inkey', id.keyPath);
      for (const path of chain) args.push('-certfile', path);
      if (options.detached === false) args.push('-nodetach');
      args.push(...(options.args ?? []));
      return must(args, dir);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

let files = 0;
async function writeIn(dir: string, name: string, content: Uint8Array | string): Promise<string> {
  const path = join(dir, `${++files}-${name}`);
  await writeFile(path, content);
  return path;
}

async function makeKey(dir: string, spec: Spec): Promise<void> {
  const curve = { ec: 'P-256', 'ec-p384': 'P-384', 'ec-p521': 'P-521' } as const;
  const algorithm = spec.key === 'rsa' ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve[spec.key]}`];
  await must(['genpkey', ...algorithm, '-out', `${spec.name}.key`], dir);
}

async function issue(dir: string, spec: Spec, made: Map<string, Identity>, roots: Set<string>): Promise<Identity> {
  const subject = `/CN=${spec.cn}${spec.subjectEmail || spec.issuer === null ? `/emailAddress=${spec.email}` : ''}`;
  const env = { ...process.env, LEAF_EMAIL: spec.email };
  await mustEnv(['req', '-new', '-config', 'ca.cnf', '-key', `${spec.name}.key`, '-subj', subject, '-out', `${spec.name}.csr`], dir, env);
  const issuer = spec.issuer === null ? null : (made.get(spec.issuer) as Identity);
  const dates = spec.start && spec.end ? ['-startdate', spec.start, '-enddate', spec.end] : ['-days', '3650'];
  const signing = issuer ? ['-cert', issuer.certPath, '-keyfile', issuer.keyPath] : ['-selfsign', '-keyfile', `${spec.name}.key`];
  await mustEnv(
    ['ca', '-batch', '-config', 'ca.cnf', '-notext', '-md', 'sha256', ...signing, ...dates, '-extensions', spec.extensions, '-in', `${spec.name}.csr`, '-out', `${spec.name}.pem`],
    dir,
    env,
  );
  // A root's certificate is never part of a chain sent along: the verifier must already hold it.
  const chain = issuer && !roots.has(spec.issuer as string) ? [issuer.certificate, ...issuer.chain] : [];
  const chainPath = join(dir, `${spec.name}.chain.pem`);
  await writeFile(chainPath, Buffer.concat(chain.map((c) => Buffer.from(c))));
  return {
    email: spec.email,
    certPath: join(dir, `${spec.name}.pem`),
    keyPath: join(dir, `${spec.name}.key`),
    certificate: new Uint8Array(await readFile(join(dir, `${spec.name}.pem`))),
    privateKey: new Uint8Array(await readFile(join(dir, `${spec.name}.key`))),
    chain,
    chainPath,
  };
}

function mustEnv(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, env, timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args.join(' ')} failed:\n${stderr}`));
      else resolve();
    });
  });
}
