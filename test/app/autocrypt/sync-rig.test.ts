// Autocrypt through the real path: alice's sealed mail carries her Autocrypt header; bob's `sealmail sync` learns her key
// from it, so bob can encrypt to alice without importing anything, and the key is never more than undecided.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../../rig/rig.js';
import { addRigAccount, delivered } from '../cli/rig-mail.js';
import { type CliWorld, cliWorld, expectOneLineError } from '../cli/run-cli.js';

const PASS = 'autocrypt rig passphrase';
let rig: Rig;
let alice: CliWorld;
let bob: CliWorld;
let aliceKey: string;

beforeAll(async () => {
  rig = await startRig();
  [alice, bob] = await Promise.all([cliWorld(), cliWorld()]);
  const { users } = rig;
  const [a] = await Promise.all([
    alice.run(['keys', 'generate', '--uid', `Alice <${users.alice.address}>`], { passphrase: PASS }),
    bob.run(['keys', 'generate', '--uid', `Bob <${users.bob.address}>`], { passphrase: PASS }),
  ]);
  aliceKey = a.out.trim();
  await Promise.all([addRigAccount(alice, rig, users.alice, { passphrase: PASS }), addRigAccount(bob, rig, users.bob, { passphrase: PASS })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([alice?.cleanup(), bob?.cleanup()]);
  await rig?.stop();
});

describe('Autocrypt over the rig', () => {
  it("bob's sync learns alice's key from her signed mail's Autocrypt header; bob then encrypts to her without importing it", async () => {
    const { users } = rig;
    const draftTo = (from: string, to: string, subject: string) => [`From: <${from}>`, `To: <${to}>`, `Subject: ${subject}`, `Message-ID: <${randomUUID()}@sealmail.test>`, '', 'Hello.', ''].join('\r\n');
    // Before: bob has no key for alice, so encrypting to her is refused.
    expectOneLineError(await bob.run(['seal', '--encrypt'], { passphrase: PASS, input: draftTo(users.bob.address, users.alice.address, 'before') }), 1, /no usable encryption key for alice@/);

    const id = `${randomUUID()}@sealmail.test`;
    const draft = [`From: <${users.alice.address}>`, `To: <${users.bob.address}>`, 'Subject: hello', `Message-ID: <${id}>`, '', 'Signed only.', ''].join('\r\n');
    const sent = await alice.run(['send', '--sign'], { passphrase: PASS, input: draft });
    expect(sent.stderr).toBe('');
    expect((await delivered(users.bob.maildir, id)).toString()).toMatch(/^Autocrypt: addr=alice@/m);

    const synced = await bob.run(['sync'], { passphrase: PASS });
    expect(synced.stderr).toBe('');
    const listed = await bob.run(['keys', 'list']);
    // Listed with where it came from, and not accepted beyond undecided.
    const entry = listed.out.split(/\n(?=\S)/).find((block) => block.toLowerCase().replace(/\s/g, '').includes(aliceKey.toLowerCase().replace(/\s/g, '')));
    expect(entry).toMatch(/Autocrypt header.*alice@/);
    expect(entry).toMatch(/undecided/);

    const sealed = await bob.run(['seal', '--encrypt'], { passphrase: PASS, input: draftTo(users.bob.address, users.alice.address, 'after') });
    expect(sealed.stderr).toBe('');
    expect(sealed.stdout.toString()).toMatch(/multipart\/encrypted/);
  });
});
