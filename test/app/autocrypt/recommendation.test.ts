// Autocrypt Level 1 recommendation (section 2.4): per recipient, then for the message, from peer states alone.
import { describe, expect, it } from 'vitest';
import { EMPTY_PEER, type PeerState } from '../../../app/autocrypt/peer-state.js';
import { recommend, type Recommendation } from '../../../app/autocrypt/recommendation.js';

const KEY = { fingerprint: 'a'.repeat(40), keydata: 'AAAA' };
const GOSSIP = { fingerprint: 'b'.repeat(40), keydata: 'BBBB' };
const DAY = 86_400_000;
const at = (days: number): string => new Date(Date.UTC(2026, 9, 1) + days * DAY).toISOString();

/** A peer whose last Autocrypt header came `staleDays` before their last message. */
function peer(options: { mutual?: boolean; staleDays?: number; key?: boolean; gossip?: boolean } = {}): PeerState {
  const hasKey = options.key ?? true;
  return {
    ...EMPTY_PEER,
    lastSeen: at(40),
    autocryptTimestamp: hasKey ? at(40 - (options.staleDays ?? 0)) : null,
    publicKey: hasKey ? KEY : null,
    preferEncrypt: options.mutual ? 'mutual' : 'nopreference',
    ...(options.gossip ? { gossipTimestamp: at(10), gossipKey: GOSSIP } : {}),
  };
}

type Row = [string, PeerState | undefined, { own?: 'mutual' | 'nopreference'; reply?: boolean; unusable?: string[] }, Recommendation, string | null];
const single: Row[] = [
  ['a peer never seen: disable', undefined, {}, 'disable', null],
  ['a peer seen without any Autocrypt header: disable', { ...EMPTY_PEER, lastSeen: at(3) }, {}, 'disable', null],
  ['a key, no preference: available', peer(), { own: 'mutual' }, 'available', KEY.fingerprint],
  ['both prefer mutual: encrypt', peer({ mutual: true }), { own: 'mutual' }, 'encrypt', KEY.fingerprint],
  ['peer mutual, own nopreference: available', peer({ mutual: true }), { own: 'nopreference' }, 'available', KEY.fingerprint],
  ['a reply to encrypted mail: encrypt even without preference', peer(), { own: 'nopreference', reply: true }, 'encrypt', KEY.fingerprint],
  ['header 34 days older than last_seen: still encrypt', peer({ mutual: true, staleDays: 34 }), { own: 'mutual' }, 'encrypt', KEY.fingerprint],
  ['header 36 days older than last_seen: discourage even when both are mutual', peer({ mutual: true, staleDays: 36 }), { own: 'mutual' }, 'discourage', KEY.fingerprint],
  ['stale, but a reply to encrypted mail: encrypt', peer({ staleDays: 36 }), { reply: true }, 'encrypt', KEY.fingerprint],
  ['a gossiped key only: discourage', peer({ key: false, gossip: true }), { own: 'mutual' }, 'discourage', GOSSIP.fingerprint],
  ['a gossiped key only, replying to encrypted mail: encrypt', peer({ key: false, gossip: true }), { reply: true }, 'encrypt', GOSSIP.fingerprint],
  ['the own key wins over a gossiped one', peer({ mutual: true, gossip: true }), { own: 'mutual' }, 'encrypt', KEY.fingerprint],
  ['an unusable key (expired, revoked, rejected) counts as none', peer({ mutual: true }), { own: 'mutual', unusable: [KEY.fingerprint] }, 'disable', null],
  ['an unusable own key falls back to gossip: discourage', peer({ mutual: true, gossip: true }), { own: 'mutual', unusable: [KEY.fingerprint] }, 'discourage', GOSSIP.fingerprint],
];

describe('recommendation for one recipient', () => {
  it.each(single)('%s', (_name, state, options, expected, fingerprint) => {
    const result = recommend({
      peers: new Map(state ? [['bob@example.org', state]] : []),
      recipients: ['Bob@Example.org'],
      ownPreferEncrypt: options.own ?? 'nopreference',
      replyToEncrypted: options.reply ?? false,
      ...(options.unusable ? { unusableKeys: new Set(options.unusable) } : {}),
    });
    const [only] = result.recipients;
    expect(only).toMatchObject({ addr: 'bob@example.org', recommendation: expected });
    expect(only?.key?.fingerprint ?? null).toBe(fingerprint);
    expect(only?.reason).not.toBe('');
    expect(result.recommendation).toBe(expected);
  });
});

describe('recommendation for the whole message', () => {
  const peers = new Map<string, PeerState>([
    ['enc@example.org', peer({ mutual: true })],
    ['avail@example.org', peer()],
    ['disc@example.org', peer({ key: false, gossip: true })],
  ]);
  const cases: [string[], Recommendation][] = [
    [['enc@example.org'], 'encrypt'],
    [['enc@example.org', 'avail@example.org'], 'available'],
    [['enc@example.org', 'disc@example.org'], 'discourage'],
    [['avail@example.org', 'disc@example.org'], 'discourage'],
    [['enc@example.org', 'avail@example.org', 'stranger@example.org'], 'disable'],
    [[], 'disable'],
  ];
  it.each(cases)('%j: %s', (recipients, expected) => {
    const result = recommend({ peers, recipients, ownPreferEncrypt: 'mutual', replyToEncrypted: false });
    expect(result.recommendation).toBe(expected);
    expect(result.recipients.map((r) => r.addr)).toEqual(recipients);
  });
});
