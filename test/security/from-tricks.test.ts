// From-header tricks: several senders, groups, and display names that show an address other than the real one.
import { beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { crlf, detachedSignature, pgpMimeSigned } from './craft.js';

let alice: Person;
let mallory: Person;

beforeAll(async () => {
  [alice, mallory] = await Promise.all([person('Alice', 'alice@example.org'), person('Mallory', 'mallory@evil.example')]);
});

const PART = crlf`
Content-Type: text/plain; charset=us-ascii

The new bank details are attached.
`;

/** A message with exactly the given From lines (none when empty), good-signed by `signer`. */
async function signedWithFrom(fromLines: string[], signer: Person): Promise<Uint8Array> {
  return pgpMimeSigned(fromLines, 'Bank details', PART, await detachedSignature(PART, signer.privateKey));
}

async function report(fromLines: string[], signer: Person) {
  return open({ message: await signedWithFrom(fromLines, signer), verificationKeys: known(alice, mallory) });
}

describe('From headers that do not name exactly one honest sender', () => {
  it.each([
    ['plain address', 'From: alice@example.org'],
    ['display name', 'From: "Alice Liddell" <alice@example.org>'],
    ['upper-case address', 'From: Alice <ALICE@Example.ORG>'],
    ['display name that is the same address', 'From: "alice@example.org" <alice@example.org>'],
  ])('is valid for a single From (%s) matching the signer (control)', async (_, from) => {
    const r = await report([from], alice);
    expect(r.signature.state).toBe('valid');
    expect(r.from).toBe('alice@example.org');
  });

  it('is a mismatch with two From fields, whichever one a client would show', async () => {
    const r = await report(['From: Mallory <mallory@evil.example>', 'From: Alice <alice@example.org>'], alice);
    expect(r.signature.state).toBe('mismatch');
    expect(r.from).toBeNull();
    expect(r.warnings).toContain('the message claims 2 From addresses: mallory@evil.example, alice@example.org');
  });

  it('is a mismatch with two addresses in one From field', async () => {
    const r = await report(['From: Alice <alice@example.org>, Mallory <mallory@evil.example>'], alice);
    expect(r.signature.state).toBe('mismatch');
    expect(r.from).toBeNull();
  });

  it('is a mismatch with a group in From that hides a second sender', async () => {
    const r = await report(['From: Accounts: alice@example.org, mallory@evil.example;'], alice);
    expect(r.signature.state).toBe('mismatch');
    expect(r.from).toBeNull();
  });

  it('is not valid without any From address', async () => {
    const r = await report([], alice);
    expect(r.signature.state).toBe('mismatch');
    expect(r.from).toBeNull();
    expect(r.warnings).toContain('the message has no From address');
  });

  it.each([
    ['a quoted display name', 'From: "boss@corp.example" <mallory@evil.example>'],
    ['an unquoted display name', 'From: boss@corp.example <mallory@evil.example>'],
    ['an RFC 2047 encoded display name', 'From: =?utf-8?q?boss=40corp=2Eexample?= <mallory@evil.example>'],
    ['a comment', 'From: mallory@evil.example (boss@corp.example)'],
    ['the name of a group around the real address', 'From: boss@corp.example: mallory@evil.example;'],
  ])('is a mismatch when %s shows another address, even though the signer owns the real one', async (_, from) => {
    const r = await report([from], mallory);
    expect(r.from).toBe('mallory@evil.example');
    expect(r.signature.signer?.address).toBe('mallory@evil.example');
    expect(r.signature.state).toBe('mismatch');
    expect(r.warnings).toContain('the sender\'s display name shows the address boss@corp.example, but the message is from mallory@evil.example');
  });
});
