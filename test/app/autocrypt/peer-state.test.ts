// Autocrypt Level 1 peer state updates (section 2.3), one row per rule, through the real header parsing.
import type { PublicKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAutocryptMessage } from '../../../crypto/autocrypt-message.js';
import { EMPTY_PEER, updateFromHeader, type PeerState } from '../../../app/autocrypt/peer-state.js';
import { person } from '../../helpers/keys.js';
import { autocryptHeader, receivedMail } from './autocrypt-mail.js';

const BOB = 'bob@example.org';
const T1 = 'Mon, 02 Nov 2026 10:00:00 +0000';
const T2 = 'Tue, 10 Nov 2026 10:00:00 +0000';
const NOW = new Date('2026-11-28T12:00:00Z');
const iso = (rfc: string): string => new Date(rfc).toISOString();

let keys: Record<'k1' | 'k2' | 'carol', PublicKey>;
beforeAll(async () => {
  const [k1, k2, carol] = await Promise.all([person('Bob', BOB), person('Bob', BOB), person('Carol', 'carol@example.org')]);
  keys = { k1: k1.publicKey, k2: k2.publicKey, carol: carol.publicKey };
});

interface Step {
  date?: string | null;
  now?: Date;
  from?: string;
  /** Autocrypt fields of the message, by key name; 'carol' is a header for another address. */
  headers?: ('k1' | 'k2' | 'k1-mutual' | 'k2-mutual' | 'carol' | 'k1-critical')[];
  contentType?: string;
}
interface Expected {
  lastSeen: string | null;
  autocryptTimestamp: string | null;
  key: 'k1' | 'k2' | null;
  preferEncrypt?: 'mutual' | 'nopreference';
}

function field(name: NonNullable<Step['headers']>[number]): string {
  if (name === 'carol') return autocryptHeader('carol@example.org', keys.carol);
  if (name === 'k1-critical') return autocryptHeader(BOB, keys.k1).replace('keydata=', 'color=blue; keydata=');
  const [k, pref] = name.split('-') as ['k1' | 'k2', string | undefined];
  return autocryptHeader(BOB, keys[k], pref === 'mutual' ? { preferEncrypt: 'mutual' } : {});
}

async function run(steps: Step[]): Promise<PeerState | undefined> {
  const peers = new Map<string, PeerState>();
  for (const step of steps) {
    const message = await readAutocryptMessage({
      message: receivedMail({
        from: step.from ?? `Bob <${BOB}>`,
        date: step.date === undefined ? T1 : step.date,
        headers: (step.headers ?? []).map(field),
        ...(step.contentType ? { contentType: step.contentType } : {}),
      }),
      now: step.now ?? NOW,
    });
    if (message) peers.set(message.from, updateFromHeader(peers.get(message.from) ?? EMPTY_PEER, message));
  }
  return peers.get(BOB);
}

const cases: [string, Step[], Expected | 'ignored'][] = [
  ['first header: key, timestamps and nopreference', [{ date: T1, headers: ['k1'] }], { lastSeen: iso(T1), autocryptTimestamp: iso(T1), key: 'k1', preferEncrypt: 'nopreference' }],
  ['a newer header replaces key and prefer-encrypt', [{ date: T1, headers: ['k1'] }, { date: T2, headers: ['k2-mutual'] }], { lastSeen: iso(T2), autocryptTimestamp: iso(T2), key: 'k2', preferEncrypt: 'mutual' }],
  ['an older message is ignored', [{ date: T2, headers: ['k2'] }, { date: T1, headers: ['k1-mutual'] }], { lastSeen: iso(T2), autocryptTimestamp: iso(T2), key: 'k2', preferEncrypt: 'nopreference' }],
  ['a later message without header moves only last_seen', [{ date: T1, headers: ['k1-mutual'] }, { date: T2 }], { lastSeen: iso(T2), autocryptTimestamp: iso(T1), key: 'k1', preferEncrypt: 'mutual' }],
  ['an older message without header changes nothing', [{ date: T2, headers: ['k1'] }, { date: T1 }], { lastSeen: iso(T2), autocryptTimestamp: iso(T2), key: 'k1' }],
  ['prefer-encrypt mutual, then the same key without it: nopreference', [{ date: T1, headers: ['k1-mutual'] }, { date: T2, headers: ['k1'] }], { lastSeen: iso(T2), autocryptTimestamp: iso(T2), key: 'k1', preferEncrypt: 'nopreference' }],
  ['a mail with no header at all only sets last_seen', [{ date: T1 }], { lastSeen: iso(T1), autocryptTimestamp: null, key: null }],
  [
    'a Date in the future counts as the receiving time, so it cannot outrank later mail',
    [
      { date: 'Fri, 01 Jan 2038 00:00:00 +0000', now: NOW, headers: ['k1'] },
      { date: 'Mon, 30 Nov 2026 00:00:00 +0000', now: new Date('2026-12-01T00:00:00Z'), headers: ['k2'] },
    ],
    { lastSeen: '2026-11-30T00:00:00.000Z', autocryptTimestamp: '2026-11-30T00:00:00.000Z', key: 'k2' },
  ],
  ['no Date: the receiving time', [{ date: null, headers: ['k1'] }], { lastSeen: NOW.toISOString(), autocryptTimestamp: NOW.toISOString(), key: 'k1' }],
  ['a header whose addr is not the From address is ignored', [{ date: T1, headers: ['carol'] }], { lastSeen: iso(T1), autocryptTimestamp: null, key: null }],
  ['two valid headers for From: both discarded', [{ date: T1, headers: ['k1', 'k2'] }], { lastSeen: iso(T1), autocryptTimestamp: null, key: null }],
  ['an unknown critical attribute makes the header invalid', [{ date: T1, headers: ['k1-critical'] }], { lastSeen: iso(T1), autocryptTimestamp: null, key: null }],
  ['several From addresses: the message is ignored', [{ from: `Bob <${BOB}>, Eve <eve@example.org>`, headers: ['k1'] }], 'ignored'],
  ['a multipart/report (bounce) is ignored', [{ headers: ['k1'], contentType: 'multipart/report; report-type=delivery-status; boundary="r"' }], 'ignored'],
];

describe('Autocrypt peer state', () => {
  it.each(cases)('%s', async (_name, steps, expected) => {
    const state = await run(steps);
    if (expected === 'ignored') return expect(state).toBeUndefined();
    const fingerprint = expected.key === null ? null : keys[expected.key].getFingerprint();
    expect({
      lastSeen: state?.lastSeen,
      autocryptTimestamp: state?.autocryptTimestamp,
      fingerprint: state?.publicKey?.fingerprint ?? null,
      ...(expected.preferEncrypt ? { preferEncrypt: state?.preferEncrypt } : {}),
    }).toEqual({
      lastSeen: expected.lastSeen,
      autocryptTimestamp: expected.autocryptTimestamp,
      fingerprint,
      ...(expected.preferEncrypt ? { preferEncrypt: expected.preferEncrypt } : {}),
    });
    if (state?.publicKey) expect(state.publicKey.keydata).toBe(Buffer.from(keys[expected.key as 'k1'].write()).toString('base64'));
  });
});
