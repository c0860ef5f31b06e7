// `sealmail seal` and `sealmail open` between two people, each with their own profile, as a user runs them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityReport } from '../../../crypto/report.js';
import { type CliWorld, cliWorld, expectOneLineError } from './run-cli.js';

const PASS = 'hunter2 but longer';
let alice: CliWorld;
let bob: CliWorld;
let aliceFingerprint: string;

const message = (headers: string[], body = 'Meet at noon.\r\n'): string => `${headers.join('\r\n')}\r\n\r\n${body}`;
const toBob = message(['From: Alice <alice@example.org>', 'To: Bob <bob@example.org>', 'Subject: plans']);

beforeAll(async () => {
  [alice, bob] = await Promise.all([cliWorld(), cliWorld()]);
  const [a, b] = await Promise.all([
    alice.run(['keys', 'generate', '--uid', 'Alice <alice@example.org>'], { passphrase: PASS }),
    bob.run(['keys', 'generate', '--uid', 'Bob <bob@example.org>'], { passphrase: PASS }),
  ]);
  aliceFingerprint = a.out.trim();
  const bobPublic = await alice.file('bob.asc', (await bob.run(['keys', 'export', b.out.trim(), '--armor'])).stdout);
  const alicePublic = await bob.file('alice.asc', (await alice.run(['keys', 'export', aliceFingerprint, '--armor'])).stdout);
  await Promise.all([alice.run(['keys', 'import', bobPublic]), bob.run(['keys', 'import', alicePublic])]);
});
afterAll(async () => {
  await Promise.all([alice.cleanup(), bob.cleanup()]);
});

async function openJson(world: CliWorld, sealed: Uint8Array): Promise<SecurityReport> {
  const opened = await world.run(['open', '--json'], { passphrase: PASS, input: sealed });
  expect(opened.stderr).toBe('');
  expect(opened.code).toBe(0);
  return JSON.parse(opened.out) as SecurityReport;
}

describe('seal, then open', () => {
  it('signs and encrypts by default; the recipient and the sender can both read it', async () => {
    const sealed = await alice.run(['seal'], { passphrase: PASS, input: toBob });
    expect(sealed.code).toBe(0);
    expect(sealed.out).toMatch(/Content-Type: multipart\/encrypted;/);
    expect(sealed.out).not.toContain('Meet at noon');

    const report = await openJson(bob, sealed.stdout);
    expect(report).toMatchObject({
      from: 'alice@example.org',
      encryption: { state: 'encrypted', scheme: 'pgp-mime' },
      signature: { state: 'valid', signer: { fingerprint: aliceFingerprint }, acceptance: 'imported' },
    });
    expect(report.text).toContain('Meet at noon.');
    expect((await openJson(alice, sealed.stdout)).encryption.state).toBe('encrypted'); // encrypted to self too
  });

  it('says the same in words without --json', async () => {
    const sealed = await alice.run(['seal'], { passphrase: PASS, input: toBob });
    const opened = await bob.run(['open'], { passphrase: PASS, input: sealed.stdout });
    expect(opened.out).toContain('From: Alice <alice@example.org>\n');
    expect(opened.out).toContain('Encryption: encrypted (PGP/MIME)\n');
    expect(opened.out).toMatch(new RegExp(`Signature: good signature by the sender .*key ${aliceFingerprint}; key acceptance: imported`));
    expect(opened.out).toMatch(/\n\nMeet at noon\.\n$/);
  });

  it('signs only with --sign, and encrypts without any passphrase with --encrypt', async () => {
    const signed = await alice.run(['seal', '--sign'], { passphrase: PASS, input: toBob });
    expect(signed.out).toMatch(/Content-Type: multipart\/signed;/);
    expect(await openJson(bob, signed.stdout)).toMatchObject({ encryption: { state: 'none' }, signature: { state: 'valid' } });

    const encrypted = await alice.run(['seal', '--encrypt'], { input: toBob });
    expect(encrypted.code).toBe(0);
    expect(await openJson(bob, encrypted.stdout)).toMatchObject({ encryption: { state: 'encrypted' }, signature: { state: 'none' } });
  });

  it('asks for the passphrase only to sign, and fails in one line when it cannot', async () => {
    expectOneLineError(await alice.run(['seal', '--sign'], { input: toBob }), 1, /a passphrase is needed/);
    expectOneLineError(await alice.run(['seal'], { passphrase: 'nope', input: toBob }), 1, `wrong passphrase for key ${aliceFingerprint}`);
  });

  it('opens a plain message without asking for anything, and keeps terminal escapes out of the output', async () => {
    const plain = message(['From: Mallory <m@example.org>', 'Subject: hi\u001b[2J'], 'ok\u001b]0;owned\u0007 done\r\n');
    const opened = await bob.run(['open'], { input: plain });
    expect(opened.code).toBe(0);
    expect(opened.out).toContain('Encryption: not encrypted\nSignature: not signed\n');
    const controls = [...opened.out].filter((c) => c !== '\n' && c !== '\t' && /\p{Cc}/u.test(c));
    expect(controls).toEqual([]);
    expect(opened.out).toContain('ok\ufffd]0;owned\ufffd done');
  });
});

describe('open fails in one line', () => {
  it('when none of my keys can decrypt the message, and --json still says why', async () => {
    const toCarol = message(['From: Alice <alice@example.org>', 'To: alice@example.org', 'Subject: self']);
    const sealed = await alice.run(['seal', '--encrypt'], { input: toCarol });
    expectOneLineError(await bob.run(['open'], { passphrase: PASS, input: sealed.stdout }), 1, /^none of your keys can decrypt this message/);
    const json = await bob.run(['open', '--json'], { passphrase: PASS, input: sealed.stdout });
    expect(json.code).toBe(1);
    expect(json.stderr).toMatch(/^sealmail: none of your keys can decrypt this message[^\n]*\n$/);
    expect(JSON.parse(json.out)).toMatchObject({ encryption: { state: 'failed' }, text: null });
  });

  it('with a wrong passphrase, and for garbage', async () => {
    const sealed = await alice.run(['seal', '--encrypt'], { input: toBob });
    expectOneLineError(await bob.run(['open'], { passphrase: 'not it', input: sealed.stdout }), 1, /^wrong passphrase for key/);
    expectOneLineError(await bob.run(['open'], { input: 'just some words\nno header here\n' }), 1, /not an e-mail message/);
    const cut = sealed.stdout.subarray(0, sealed.stdout.length >> 1);
    expectOneLineError(await bob.run(['open'], { passphrase: PASS, input: cut }), 1, /damaged|truncated|could not/);
  });
});

describe('seal refuses, before asking for a passphrase', () => {
  it('names every recipient without a usable key, in one line', async () => {
    const input = message(['From: alice@example.org', 'To: bob@example.org, carol@example.org', 'Cc: Dan <dan@example.org>']);
    expectOneLineError(await alice.run(['seal'], { input }), 1, /^no usable encryption key for carol@example.org, dan@example.org;/);
  });

  it('needs exactly one From address with an own key', async () => {
    expectOneLineError(await alice.run(['seal'], { input: message(['To: bob@example.org']) }), 1, 'the message has no From address');
    const twoFrom = message(['From: alice@example.org, bob@example.org', 'To: bob@example.org']);
    expectOneLineError(await alice.run(['seal'], { input: twoFrom }), 1, /has 2 From addresses/);
    const notMine = message(['From: bob@example.org', 'To: alice@example.org']);
    expectOneLineError(await alice.run(['seal'], { input: notMine }), 1, /^no own key for bob@example.org; create one with/);
  });
});

describe('open --at', () => {
  it('accepts an ISO 8601 time and rejects anything else as a usage error', async () => {
    const plain = message(['From: a@example.org']);
    expect((await bob.run(['open', '--json', '--at', '2025-01-31T12:00:00Z'], { input: plain })).code).toBe(0);
    for (const bad of ['yesterday', '2025-02-30', '31/01/2025']) {
      expectOneLineError(await bob.run(['open', '--at', bad], { input: plain }), 2, `--at "${bad}" is not an ISO 8601 time, e.g. 2025-01-31T12:00:00Z`);
    }
  });
});

describe('seal --prefer-encrypt', () => {
  const autocrypt = (sealed: string): string => /^Autocrypt: .*$/m.exec(sealed.split('\r\n\r\n')[0] ?? '')?.[0] ?? '';

  it('announces no preference by default, prefer-encrypt=mutual only when asked, and refuses anything else', async () => {
    const quiet = await alice.run(['seal', '--sign'], { passphrase: PASS, input: toBob });
    expect(autocrypt(quiet.out)).toMatch(/^Autocrypt: addr=alice@example\.org; keydata=/);
    expect(quiet.out).not.toMatch(/prefer-encrypt/i);
    const mutual = await alice.run(['seal', '--prefer-encrypt', 'mutual'], { passphrase: PASS, input: toBob });
    expect(mutual.code).toBe(0);
    expect(autocrypt(mutual.out)).toMatch(/^Autocrypt: addr=alice@example\.org; prefer-encrypt=mutual; keydata=/);
    expect((await openJson(bob, mutual.stdout)).autocrypt).toMatchObject({ addr: 'alice@example.org', preferEncrypt: 'mutual' });
    expect((await alice.run(['seal', '--sign', '--prefer-encrypt', 'nopreference'], { passphrase: PASS, input: toBob })).out).not.toMatch(/prefer-encrypt/i);
    expectOneLineError(await alice.run(['seal', '--prefer-encrypt', 'yes'], { input: toBob }), 2, '--prefer-encrypt "yes" is neither mutual nor nopreference');
    expectOneLineError(await alice.run(['seal', '--smime', '--prefer-encrypt', 'mutual'], { input: toBob }), 2, /--prefer-encrypt is an OpenPGP \(Autocrypt\) option/);
  });

  it('says in the help of seal and send what it announces', async () => {
    for (const command of ['seal', 'send']) {
      const help = (await alice.run([command, '--help'])).out.replace(/\s+/g, ' ');
      expect(help).toMatch(/--prefer-encrypt <pref> OpenPGP: what your Autocrypt header announces: 'mutual' tells correspondents you want encrypted mail/);
      expect(help).toContain("'nopreference' (the default)");
    }
  });
});
