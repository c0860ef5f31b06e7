// `sealmail send --smime` through the real Postfix + Dovecot rig: delivered as S/MIME that OpenSSL and bob's `open` read, never in plain text.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { startRig, type Rig } from '../../rig/rig.js';
import { type CertificateFixtures, makeCertificateFixtures, P12_PASSWORD } from '../certificates/fixtures.js';
import { addRigAccount, delivered } from './rig-mail.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';
import { generateKey } from 'openpgp';

const PASS = 'smime send passphrase';
let rig: Rig;
let fx: CertificateFixtures;
let alice: CliWorld;
let bob: CliWorld;

/** A leaf for a rig address from the fixtures' CA, with its .p12: `${name}.pem`, `${name}.key`, `${name}.p12`. */
function issue(name: string, email: string): void {
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: fx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  writeFileSync(fx.path(`${name}.ext`), `subjectAltName=email:${email}\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=emailProtection\n`);
  openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', '-extfile', `${name}.ext`, '-days', '30');
  openssl('pkcs12', '-export', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-certfile', 'ca.pem', '-out', `${name}.p12`, '-passout', `pass:${P12_PASSWORD}`);
}

beforeAll(async () => {
  rig = await startRig();
  fx = makeCertificateFixtures();
  [alice, bob] = await Promise.all([cliWorld(), cliWorld()]);
  const { users } = rig;
  issue('rig-alice', users.alice.address);
  issue('rig-bob', users.bob.address);
  const p12 = (name: string) => ['keys', 'import', fx.path(`${name}.p12`), '--p12-password-file', fx.path('p12-password')];
  for (const result of await Promise.all([alice.run(p12('rig-alice'), { passphrase: PASS }), bob.run(p12('rig-bob'), { passphrase: PASS })])) expect(result.stderr).toBe('');
  expect((await alice.run(['keys', 'import', fx.path('rig-bob.pem')])).stderr).toBe('');
  expect((await bob.run(['certs', 'anchor', fx.path('ca.pem')])).stderr).toBe('');

  await addRigAccount(alice, rig, users.alice, { passphrase: PASS, name: 'Alice' });
}, 180_000);
afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup()]);
  fx?.cleanup();
  await rig?.stop();
});

describe('sealmail send --smime', () => {
  it('delivers signed-then-enveloped S/MIME (GCM with --gcm) that OpenSSL and bob read; no mailbox holds the body in plain text', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    const body = `The vault code is ${randomUUID()}.`;
    const draft = [`From: Alice <${rig.users.alice.address}>`, `To: Bob <${rig.users.bob.address}>`, 'Subject: S/MIME over the rig', `Message-ID: <${id}>`,
      `Date: ${new Date().toUTCString()}`, '', body, ''].join('\r\n');
    const sent = await alice.run(['send', '--smime', '--gcm'], { passphrase: PASS, input: draft });
    expect(sent.stderr).toBe('');
    expect(sent.out).toBe(`sent (signed and encrypted, S/MIME) to ${rig.users.bob.address}\n`);

    const atBob = await delivered(rig.users.bob.maildir, id);
    expect(atBob.toString()).toMatch(/Content-Type: application\/pkcs7-mime; smime-type=authEnveloped-data/);
    expect(atBob.includes(body)).toBe(false);

    writeFileSync(fx.path('delivered.eml'), atBob);
    const openssl = (...args: string[]): Buffer => execFileSync('openssl', args, { cwd: fx.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    writeFileSync(fx.path('delivered-signed.eml'), openssl('cms', '-decrypt', '-in', 'delivered.eml', '-recip', 'rig-bob.pem', '-inkey', 'rig-bob.key'));
    expect(openssl('cms', '-verify', '-in', 'delivered-signed.eml', '-CAfile', 'ca.pem').toString()).toContain(body);

    const report = JSON.parse((await bob.run(['open', '--json'], { passphrase: PASS, input: atBob })).out) as SecurityReport;
    expect(report).toMatchObject({ encryption: { state: 'encrypted', scheme: 'smime', integrity: 'authenticated' }, signature: { state: 'valid', scheme: 'smime' } });
    expect(report.text).toContain(body);
    expect(JSON.parse((await alice.run(['outbox', '--json'], { passphrase: PASS })).out)).toEqual([]);
  });

  it('without --smime picks S/MIME by itself when certificates, not OpenPGP keys, cover everyone (the recipient policy)', async () => {
    const id = `${randomUUID()}@sealmail.test`;
    const body = `Auto scheme ${randomUUID()}.`;
    const draft = [`From: <${rig.users.alice.address}>`, `To: <${rig.users.bob.address}>`, 'Subject: auto', `Message-ID: <${id}>`, '', body, ''].join('\r\n');
    const sent = await alice.run(['send'], { passphrase: PASS, input: draft });
    expect(sent.stderr).toBe('');
    expect(sent.out).toBe(`sent (signed and encrypted, S/MIME) to ${rig.users.bob.address}\n`);
    const atBob = await delivered(rig.users.bob.maildir, id);
    expect(atBob.toString()).toMatch(/smime-type=enveloped-data/);
    expect(atBob.includes(body)).toBe(false);
  });

  it('names who has which scheme when a message cannot be encrypted to everyone with one: signed only without flags, refused with --encrypt', async () => {
    expect((await alice.run(['keys', 'generate', '--uid', `Alice <${rig.users.alice.address}>`], { passphrase: PASS })).stderr).toBe('');
    const erin = await generateKey({ userIDs: [{ email: 'erin@example.test' }], format: 'armored' });
    expect((await alice.run(['keys', 'import', await alice.file('erin.asc', erin.publicKey)])).stderr).toBe('');
    const draft = [`From: <${rig.users.alice.address}>`, `To: <${rig.users.bob.address}>, <erin@example.test>`, 'Subject: mixed', '', 'hello', ''].join('\r\n');
    const why = `one message is sealed with one scheme: erin@example.test can get OpenPGP, ${rig.users.bob.address} only S/MIME; send them separate messages`;

    const queued = await alice.run(['send', '--later'], { passphrase: PASS, input: draft });
    expect(queued.stderr).toBe('');
    expect(queued.out).toBe(`queued (signed) for ${rig.users.bob.address}, erin@example.test; send it with: sealmail outbox flush\nnot encrypted: ${why}\n`);
    expectOneLineError(await alice.run(['send', '--encrypt', '--later'], { passphrase: PASS, input: draft }), 1, why);
  });
});
