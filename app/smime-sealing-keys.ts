// S/MIME sealing from the profile's certificate store: the sender's own certificate for From, an encryption certificate for every recipient.
import { SealmailError } from '../crypto/errors.js';
import { OID_ANY_EXTENDED_KEY_USAGE, OID_EMAIL_PROTECTION } from '../crypto/smime/certificate-usage.js';
import { smimeSeal, type SmimeSigner } from '../crypto/smime/index.js';
import { type CertificateFacts, isExpired } from './certificates/certificate-facts.js';
import type { CertificateStore, StoredCertificate } from './certificates/certificate-store.js';
import { messageAddresses } from './message-addresses.js';

export interface SmimeSealingKeys {
  /** The single From address. */
  from: string;
  /** The own certificate to sign with, its key still locked; null when not signing. */
  signing: StoredCertificate | null;
  /** The sender's own encryption certificate (DER), always a recipient too; null when not encrypting. */
  sender: Uint8Array | null;
  /** One or more certificates (DER) per To/Cc/Bcc recipient; empty when not encrypting. */
  recipients: Uint8Array[];
}

const IMPORT_OWN = 'import yours with: sealmail keys import FILE.p12 --p12-password-file FILE';

/**
 * Fails before the passphrase is asked when the message cannot be sealed as requested: no single From,
 * no own certificate for it, or recipients without an encryption certificate (all of them named at once).
 */
export function smimeSealingKeys(options: { store: CertificateStore; message: Uint8Array; sign: boolean; encrypt: boolean; date?: Date }): SmimeSealingKeys {
  const { store, message, sign, encrypt, date = new Date() } = options;
  const { from: fromList, recipients } = messageAddresses(message);
  const [from, ...others] = fromList;
  if (!from) throw new SealmailError('bad-message', 'the message has no From address');
  if (others.length > 0) throw new SealmailError('bad-message', `the message has ${fromList.length} From addresses; Sealmail seals for exactly one sender`);
  const own = store.ownCertificates().filter((c) => c.facts.emails.includes(from.toLowerCase()));

  let signing: StoredCertificate | null = null;
  if (sign) {
    signing = newest(own.filter((c) => signingProblem(c.facts, date) === null));
    if (!signing) throw new SealmailError('no-signing-key', `no own S/MIME certificate that can sign as ${from} now; ${IMPORT_OWN}`);
  }
  if (!encrypt) return { from, signing, sender: null, recipients: [] };

  if (recipients.length === 0) throw new SealmailError('bad-message', 'the message has no To, Cc or Bcc recipient to encrypt to');
  const ownFingerprints = new Set(own.map((c) => c.fingerprint));
  const sender = newest(store.encryptionCertificatesFor(from, date).filter((c) => ownFingerprints.has(c.fingerprint)));
  // The same code as a recipient without a certificate: `send` without flags then falls back to signing only.
  if (!sender) throw new SealmailError('no-recipient-key', `no own S/MIME certificate for ${from} that can encrypt, so the Sent copy could not be read; ${IMPORT_OWN}`);
  const byFingerprint = new Map<string, Uint8Array>();
  const missing: string[] = [];
  for (const recipient of recipients) {
    const certificates = store.encryptionCertificatesFor(recipient, date);
    if (certificates.length === 0) missing.push(recipient);
    for (const c of certificates) byFingerprint.set(c.fingerprint, c.der);
  }
  if (missing.length > 0) {
    throw new SealmailError('no-recipient-key', `no usable S/MIME encryption certificate for ${missing.join(', ')}; import theirs with: sealmail keys import FILE`);
  }
  return { from, signing, sender: sender.der, recipients: [...byFingerprint.values()] };
}

/** S/MIME sealing from the profile's certificate store; the passphrase is asked only when signing, after every check passed. */
export async function smimeSealFromStore(options: {
  store: CertificateStore;
  message: Uint8Array;
  sign: boolean;
  encrypt: boolean;
  gcm: boolean;
  passphrase: () => Promise<string>;
}): Promise<Uint8Array> {
  const { store, message, sign, encrypt, gcm } = options;
  const keys = smimeSealingKeys({ store, message, sign, encrypt });
  const signer = keys.signing ? await unlockSmimeSigner(store, keys.signing, await options.passphrase()) : undefined;
  return smimeSeal({
    message,
    sign,
    encrypt,
    ...(signer ? { signer } : {}),
    ...(keys.sender ? { sender: keys.sender, recipients: keys.recipients, gcm } : {}),
  });
}

/** The signer for crypto/: the certificate, the intermediates the store holds above it, and the key unlocked with the profile passphrase. */
export async function unlockSmimeSigner(store: CertificateStore, certificate: StoredCertificate, passphrase: string): Promise<SmimeSigner> {
  const key = await store.privateKey(certificate.fingerprint, passphrase);
  return { certificate: certificate.der, chain: intermediates(store, certificate), privateKey: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })) };
}

/** Why this certificate cannot sign mail at `date` (RFC 8550 section 4.4: digitalSignature, emailProtection), or null. */
function signingProblem(facts: CertificateFacts, date: Date): string | null {
  if (isExpired(facts, date)) return 'not valid now';
  if (facts.keyUsage && !facts.keyUsage.includes('digitalSignature')) return 'no digitalSignature';
  const eku = facts.extendedKeyUsage;
  if (eku && !eku.includes(OID_EMAIL_PROTECTION) && !eku.includes(OID_ANY_EXTENDED_KEY_USAGE)) return 'no emailProtection';
  return null;
}

function newest(certificates: StoredCertificate[]): StoredCertificate | null {
  return [...certificates].sort((a, b) => Date.parse(b.facts.notAfter) - Date.parse(a.facts.notAfter))[0] ?? null;
}

/** CA certificates from the store, issuer by issuer up to (not including) a self-signed root, which the recipient must already trust. */
function intermediates(store: CertificateStore, leaf: StoredCertificate): Uint8Array[] {
  const cas = store.list().filter((c) => c.facts.ca && c.facts.subject !== c.facts.issuer);
  const chain: Uint8Array[] = [];
  const seen = new Set([leaf.fingerprint]);
  let issuer = leaf.facts.issuer;
  for (let next = cas.find((c) => c.facts.subject === issuer); next && !seen.has(next.fingerprint); next = cas.find((c) => c.facts.subject === issuer)) {
    seen.add(next.fingerprint);
    chain.push(next.der);
    issuer = next.facts.issuer;
  }
  return chain;
}
