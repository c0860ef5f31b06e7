// Unlocking through the session service: wrong passphrases are counted in the error until one is right.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/contract/dispatch.js';
import { createServices, type RunningServices } from '../../../app/services/index.js';

const PASS = 'session test passphrase';
let dir: string;
let running: RunningServices;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealmail-session-'));
  running = createServices({ profile: join(dir, 'profile') });
  expect(await dispatch(running.services, 'session.unlock', { passphrase: PASS })).toMatchObject({ ok: true });
  await dispatch(running.services, 'session.lock', undefined);
});
afterAll(async () => {
  await dispatch(running.services, 'session.lock', undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('session.unlock', () => {
  it('says which failed attempt a wrong passphrase was, and starts counting again after the right one', async () => {
    const unlock = (passphrase: string) => dispatch(running.services, 'session.unlock', { passphrase });
    const first = await unlock('not it');
    expect(first).toMatchObject({ ok: false, error: { code: 'wrong-passphrase', message: expect.stringMatching(/ \(1st failed attempt\)$/) as unknown } });
    expect(await unlock('nor this')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ \(2nd failed attempt\)$/) as unknown } });
    expect(await unlock(PASS)).toMatchObject({ ok: true, value: { unlocked: true } });
    await dispatch(running.services, 'session.lock', undefined);
    expect(await unlock('wrong again')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ \(1st failed attempt\)$/) as unknown } });
  });
});
