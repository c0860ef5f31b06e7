// The recipient policy (issue 6 section 4): for a sender and a recipient list, which scheme and which key would be
// used for each recipient, whether one message can be encrypted to everyone, and if not why. The compose screen
// (app/services/compose-service.ts) and `sealmail send` (app/outbox/seal-for-send.ts) ask this same question.
import { keyInfo, type KeyInfo } from '../crypto/pgp/key-info.js';
import type { CertificateStore } from './certificates/certificate-store.js';
import type { RecipientPolicy, RecipientProblem, RecipientStatus } from './contract/views.js';
import type { Keyring, KeyringEntry } from './keyring.js';
import { smimeSealingKeys } from './smime-sealing-keys.js';

export type Scheme = 'pgp' | 'smime';

export interface PolicyQuestion {
  keyring: Keyring;
  /** The profile's S/MIME certificates; without a store only OpenPGP is considered. */
  store?: CertificateStore | undefined;
  sender: string;
  /** To, Cc and Bcc together; duplicates and case are folded. */
  recipients: readonly string[];
  date?: Date;
}

/**
 * OpenPGP when the sender and every recipient have usable OpenPGP keys; else S/MIME when certificates cover the
 * sender and everyone; else nobody-gets-encryption, signed with OpenPGP if the sender has a key, else with S/MIME if
 * the sender has a certificate that signs. One message uses one scheme: when every recipient has a key of some
 * kind but not of the same kind, the answer says who has which ('mixed'), so the user can send two messages.
 */
export async function recipientPolicy(question: PolicyQuestion): Promise<RecipientPolicy> {
  const { keyring, store, sender, date = new Date() } = question;
  const addresses = [...new Set(question.recipients.map((a) => a.toLowerCase()))];
  const whyNot = noKeyReasons(keyring);
  const pgp: RecipientStatus[] = [];
  for (const address of addresses) {
    // A key change the user has not decided on blocks OpenPGP encryption to that address: neither the accepted
    // key nor the new one is picked silently (issue 6 section 2).
    const changed = keyring.keyChangesFor(address).length > 0;
    const [key] = changed ? [] : await keyring.encryptionKeysFor(address, date);
    const problemCode = changed ? 'key-changed' : key ? null : await whyNot(address);
    pgp.push({ address, fingerprint: key?.getFingerprint() ?? null, problem: problemCode && PROBLEM_WORDS[problemCode], problemCode, scheme: key ? 'pgp' : null });
  }
  const pgpSign = (await keyring.signingKeysFor(sender, date)).length > 0;
  const pgpAll = pgpSign && addresses.length > 0 && pgp.every((r) => r.fingerprint !== null);
  // The common case ends here, before the certificate store is asked anything: compose asks on every recipient change.
  if (pgpAll) return answer(pgp, 'pgp', null, sender, true);
  const smime = store ? smimeAbilities(store, sender, addresses, date) : null;
  if (smime && smime.sign && smime.encryptToAll) {
    const recipients = addresses.map((address) => ({ address, fingerprint: smime.certificateFor(address), problem: null, problemCode: null, scheme: 'smime' as const }));
    return answer(recipients, 'smime', null, sender, true);
  }

  const scheme: Scheme = !pgpSign && smime?.sign ? 'smime' : 'pgp';
  const canSign = pgpSign || smime?.sign === true;
  // Per recipient: the key of the scheme the message will use, else the other scheme's (so the user sees who has what).
  const recipients = pgp.map((r): RecipientStatus => {
    const certificate = smime?.certificateFor(r.address) ?? null;
    if (scheme === 'pgp' && r.fingerprint) return r;
    if (certificate) return { address: r.address, fingerprint: certificate, problem: null, problemCode: null, scheme: 'smime' };
    return r;
  });
  let reasonCode: RecipientPolicy['reasonCode'] = !canSign ? 'no-own-key' : addresses.length === 0 ? 'no-recipient' : 'no-key';
  if (reasonCode === 'no-key' && recipients.every((r) => r.scheme !== null)) reasonCode = 'mixed';
  return answer(recipients, scheme, reasonCode, sender, canSign);
}

function answer(recipients: RecipientStatus[], scheme: Scheme, reasonCode: RecipientPolicy['reasonCode'], sender: string, canSign: boolean): RecipientPolicy {
  const keyless = recipients.filter((r) => r.scheme === null).map((r) => r.address);
  const pgpOnly = recipients.filter((r) => r.scheme === 'pgp').map((r) => r.address);
  const smimeOnly = recipients.filter((r) => r.scheme === 'smime').map((r) => r.address);
  const reasons = {
    'no-own-key': `you have no key for ${sender}; create or import one in the key manager`,
    'no-recipient': 'add a recipient',
    'no-key': `no key for ${keyless.join(', ')}`,
    mixed: `one message is sealed with one scheme: ${pgpOnly.join(', ')} can get OpenPGP, ${smimeOnly.join(', ')} only S/MIME; send them separate messages`,
  };
  return {
    recipients,
    canEncrypt: reasonCode === null,
    reason: reasonCode && reasons[reasonCode],
    reasonCode,
    keyless: reasonCode === 'mixed' ? [] : keyless,
    canSign,
    scheme,
  };
}

/** What the certificate store allows for this message: sign as the sender, encrypt to everyone, and each recipient's certificate. */
function smimeAbilities(store: CertificateStore, sender: string, addresses: string[], date: Date) {
  const probe = new TextEncoder().encode(`From: <${sender}>\r\n${addresses.length > 0 ? `To: ${addresses.join(', ')}\r\n` : ''}\r\n`);
  const can = (sign: boolean, encrypt: boolean): boolean => {
    try {
      smimeSealingKeys({ store, message: probe, sign, encrypt, date });
      return true;
    } catch {
      return false;
    }
  };
  return {
    sign: can(true, false),
    encryptToAll: addresses.length > 0 && can(false, true),
    certificateFor: (address: string): string | null => store.encryptionCertificatesFor(address, date)[0]?.fingerprint ?? null,
  };
}

export const PROBLEM_WORDS: Record<RecipientProblem, string> = {
  'no-key': 'no key for this address in the keyring',
  expired: 'the key for this address has expired',
  revoked: 'the key for this address is revoked',
  rejected: 'you marked the key for this address as not accepted',
  unusable: 'the key for this address cannot encrypt',
  'key-changed': 'a new key appeared for this address; compare fingerprints and accept one in the key manager (sealmail keys accept)',
};

/** When several keys name the address, the reason the user can act on first: their own "no", then one that needs a new key. */
const PROBLEM_ORDER: readonly RecipientProblem[] = ['rejected', 'revoked', 'expired', 'unusable'];

/**
 * Why no key of the keyring can encrypt to an address: none names it, or each that does (counting revoked
 * user IDs) is refused by the user, revoked, expired, or has no key that can encrypt. Each key is read at
 * most once per policy question.
 */
function noKeyReasons(keyring: Keyring): (address: string) => Promise<RecipientProblem> {
  let infos: Promise<{ entry: KeyringEntry; info: KeyInfo }[]> | undefined;
  return async (address) => {
    infos ??= Promise.all(keyring.list().map(async (entry) => ({ entry, info: await keyInfo({ key: entry.key }) })));
    const found = new Set<RecipientProblem>();
    for (const { entry, info } of await infos) {
      const ids = info.userIds.filter((u) => u.address === address);
      if (ids.length === 0) continue;
      if (entry.meta.acceptance === 'unaccepted') found.add('rejected');
      else if (info.revoked || ids.every((u) => u.revoked)) found.add('revoked');
      else if (info.expired) found.add('expired');
      else found.add('unusable');
    }
    return PROBLEM_ORDER.find((p) => found.has(p)) ?? 'no-key';
  };
}
