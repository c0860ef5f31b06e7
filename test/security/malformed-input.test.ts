// Damaged and hostile bytes: open() answers with a report or a one-line SealmailError, never a crash or leaked plaintext.
import { armor, enums, unarmor } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSealmailError, open, seal, type SecurityReport } from '../../crypto/index.js';
import { known, person, type Person } from '../helpers/keys.js';
import { bytes, text } from '../helpers/message.js';

let alice: Person;
let bob: Person;
const SECRET = 'the vault code is 4711';
const plain = bytes(
  'From: Alice <alice@example.org>\nTo: Bob <bob@example.org>\nSubject: s\nContent-Type: multipart/mixed; boundary=x\n\n' +
    `--x\nContent-Type: text/plain\n\n${SECRET}\n--x\nContent-Type: text/html\n\n<b>bold</b>\n--x--\n`,
);
const seeds: Uint8Array[] = [];

beforeAll(async () => {
  [alice, bob] = await Promise.all([person('Alice', 'alice@example.org'), person('Bob', 'bob@example.org')]);
  seeds.push(plain);
  for (const [sign, encrypt] of [[true, false], [false, true], [true, true]] as const) {
    seeds.push(await seal({ message: plain, sign, encrypt, signingKey: alice.privateKey, encryptionKeys: [bob.publicKey] }));
  }
});

/** A small deterministic generator, so a failure names a reproducible case. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

const INSERTS = ['\n', '--', '\r\n\r\n', 'Content-Type: multipart/mixed; boundary=x\n', '=', '-----BEGIN PGP MESSAGE-----'].map(bytes);

function damage(base: Uint8Array, rnd: (n: number) => number): Uint8Array {
  const m = new Uint8Array(base);
  switch (rnd(4)) {
    case 0:
      for (let k = 0; k < 1 + rnd(5); k++) m[rnd(m.length)] = rnd(256);
      return m;
    case 1:
      return m.subarray(0, rnd(m.length));
    case 2: {
      const [a, b] = [rnd(m.length), rnd(m.length)].sort((x, y) => x - y) as [number, number];
      return new Uint8Array([...m.subarray(0, a), ...m.subarray(b)]);
    }
    default: {
      const at = rnd(m.length);
      return new Uint8Array([...m.subarray(0, at), ...(INSERTS[rnd(INSERTS.length)] as Uint8Array), ...m.subarray(at)]);
    }
  }
}

describe('damaged messages', () => {
  it('never crash open(), and a failed decryption never shows text', async () => {
    const rnd = generator(20261128);
    let reports = 0;
    let errors = 0;
    for (let i = 0; i < 800; i++) {
      const message = damage(seeds[i % seeds.length] as Uint8Array, rnd);
      let report: SecurityReport;
      try {
        report = await open({ message, verificationKeys: known(alice), decryptionKeys: async () => [bob.privateKey] });
      } catch (e) {
        expect(isSealmailError(e), `case ${i}: ${String(e)}`).toBe(true);
        expect((e as Error).message).not.toMatch(/\n/);
        errors++;
        continue;
      }
      reports++;
      if (report.encryption.state === 'failed') {
        expect(report.text, `case ${i}`).toBeNull();
        expect(JSON.stringify(report), `case ${i}`).not.toContain(SECRET);
      }
      if (report.signature.state === 'valid') expect(report.text ?? '', `case ${i}`).toContain(SECRET);
    }
    // Both outcomes must occur, or the damage is not reaching the parser and the decryptor.
    expect(reports).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(10);
  });
});

describe('a signature part that cannot be read', () => {
  async function withSignature(change: (packet: Uint8Array) => Uint8Array | null): Promise<SecurityReport> {
    const signed = text(await seal({ message: plain, sign: true, encrypt: false, signingKey: alice.privateKey }));
    const block = /-----BEGIN PGP SIGNATURE-----[^]*?-----END PGP SIGNATURE-----/.exec(signed)![0];
    const changed = change(new Uint8Array((await unarmor(block)).data as Uint8Array));
    const replacement = changed === null ? '' : armor(enums.armor.signature, changed).replace(/\r?\n/g, '\r\n').trimEnd();
    return open({ message: bytes(signed.replace(block, replacement)), verificationKeys: known(alice) });
  }

  it('is invalid when the packet has a version no one knows', async () => {
    const report = await withSignature((packet) => {
      packet[2] = 9; // the version byte, after the old-format packet header
      return packet;
    });
    expect(report.signature.state).toBe('invalid');
    expect(report.warnings).toContain('the signature is damaged or of a kind Sealmail cannot read');
  });

  it('is not valid when the signature part is empty', async () => {
    const report = await withSignature(() => null);
    expect(report.signature.state).not.toBe('valid');
    expect(report.signature.state).not.toBe('none');
  });
});
