// Compose for the UI: the recipient policy, sending through the same seal-outbox-submit path as `sealmail send`, encrypted drafts, safe replies.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { SealmailError } from '../../crypto/errors.js';
import { keyInfo, type KeyInfo } from '../../crypto/pgp/key-info.js';
import type { ComposeService } from '../contract/services.js';
import type { Draft, RecipientPolicy, RecipientProblem, RecipientStatus, SendOutcome } from '../contract/views.js';
import type { Keyring, KeyringEntry } from '../keyring.js';
import { CertificateStore } from '../certificates/certificate-store.js';
import { flushOutbox } from '../outbox/flush.js';
import { smimeSealingKeys } from '../smime-sealing-keys.js';
import { sealForSend } from '../outbox/seal-for-send.js';
import type { Account } from '../store/accounts.js';
import type { ServiceRuntime } from './runtime.js';
import { quotedReply } from './reply.js';

const DRAFT_PREFIX = 'draft:';

export function composeService(runtime: ServiceRuntime): ComposeService {
  const account = (id: number): Account => {
    const found = runtime.need().mail.store.accounts.list().find((a) => a.id === id);
    if (!found) throw new SealmailError('bad-option', `there is no account ${id}`);
    return found;
  };
  const vault = () => runtime.need().mail.vault;
  const draftIds = () =>
    vault()
      .names()
      .filter((n) => n.startsWith(DRAFT_PREFIX))
      .map((n) => Number(n.slice(DRAFT_PREFIX.length)));
  const loadDraft = (id: number): Draft => {
    const text = vault().getText(`${DRAFT_PREFIX}${id}`);
    if (text === undefined) throw new SealmailError('bad-option', `there is no draft ${id}`);
    return JSON.parse(text) as Draft;
  };

  /** OpenPGP first; S/MIME when the certificates cover what OpenPGP keys cannot (app/smime-sealing-keys.ts decides, as for `send --smime`). */
  const policy = async (accountId: number, to: string[], cc: string[], bcc: string[]): Promise<RecipientPolicy> => {
    const pgp = await pgpPolicy(accountId, to, cc, bcc);
    if (pgp.reasonCode === null) return pgp;
    const sender = account(accountId).address;
    const addresses = [...new Set([...to, ...cc, ...bcc].map((a) => a.toLowerCase()))];
    const store = await CertificateStore.open({ profile: runtime.profile });
    const probe = new TextEncoder().encode(`From: <${sender}>\r\n${addresses.length > 0 ? `To: ${addresses.join(', ')}\r\n` : ''}\r\n`);
    const can = (sign: boolean, encrypt: boolean): boolean => {
      try {
        smimeSealingKeys({ store, message: probe, sign, encrypt });
        return true;
      } catch {
        return false;
      }
    };
    if (addresses.length > 0 && can(true, true)) {
      const recipients = addresses.map((address) => ({ address, fingerprint: store.encryptionCertificatesFor(address)[0]?.fingerprint ?? null, problem: null, problemCode: null }));
      return { recipients, canEncrypt: true, reason: null, reasonCode: null, keyless: [], canSign: true, scheme: 'smime' };
    }
    if (!pgp.canSign && can(true, false)) {
      return { ...pgp, canSign: true, reasonCode: addresses.length === 0 ? 'no-recipient' : 'no-key', scheme: 'smime' };
    }
    return pgp;
  };

  const pgpPolicy = async (accountId: number, to: string[], cc: string[], bcc: string[]): Promise<RecipientPolicy> => {
      const { keyring } = runtime.need();
      const sender = account(accountId).address;
      const recipients: RecipientStatus[] = [];
      const whyNot = noKeyReasons(keyring);
      for (const address of [...new Set([...to, ...cc, ...bcc].map((a) => a.toLowerCase()))]) {
        const [key] = await keyring.encryptionKeysFor(address);
        const problemCode = key ? null : await whyNot(address);
        recipients.push({ address, fingerprint: key?.getFingerprint() ?? null, problem: problemCode && PROBLEM_WORDS[problemCode], problemCode });
      }
      const canSign = (await keyring.signingKeysFor(sender)).length > 0;
      const keyless = recipients.filter((r) => r.problem !== null).map((r) => r.address);
      const reasonCode: RecipientPolicy['reasonCode'] = !canSign ? 'no-own-key' : recipients.length === 0 ? 'no-recipient' : keyless.length > 0 ? 'no-key' : null;
      const reason = {
        'no-own-key': `you have no key for ${sender}; create or import one in the key manager`,
        'no-recipient': 'add a recipient',
        'no-key': `no key for ${keyless.join(', ')}`,
      };
      return { recipients, canEncrypt: reasonCode === null, reason: reasonCode && reason[reasonCode], reasonCode, keyless, canSign, scheme: 'pgp' };
  };

  return {
    async policy({ accountId, to, cc, bcc }) {
      return policy(accountId, to, cc, bcc);
    },
    async send({ draft }) {
      const { mail, keyring } = runtime.need();
      const from = account(draft.accountId);
      if (!draft.sign && !draft.encrypt) throw new SealmailError('bad-option', 'Sealmail never sends mail unsealed: turn on signing, encryption or both');
      const message = await compose(draft, from);
      // The scheme the compose screen showed: the same decision, made again on what is sent.
      const { scheme } = await policy(draft.accountId, draft.to, draft.cc, draft.bcc);
      // draft.gcm is ignored, not refused, when OpenPGP seals: OpenPGP encryption always carries an integrity check,
      // which is what GCM adds to S/MIME, and a draft ticked while S/MIME applied must still send once the
      // recipients' OpenPGP keys arrive and the scheme changes under it.
      const smime = scheme === 'smime' ? { store: await CertificateStore.open({ profile: runtime.profile }), gcm: draft.gcm === true } : undefined;
      const sealed = await sealForSend({ keyring, message, sign: draft.sign, encrypt: draft.encrypt, passphrase: async () => runtime.cachedPassphrase(), smime });
      // Written (encrypted at rest) before any byte goes to the server: from here on it cannot be lost.
      const id = mail.store.outbox.enqueue({ accountId: from.id, raw: sealed.sealed, recipients: sealed.recipients });
      if (draft.id !== null) await vault().delete(`${DRAFT_PREFIX}${draft.id}`);
      const how = sealed.signed && sealed.encrypted ? 'signed and encrypted' : sealed.encrypted ? 'encrypted' : 'signed';
      const outcomes = await flushOutbox(mail);
      const mine = outcomes?.find((o) => o.id === id);
      const recipients = sealed.recipients;
      if (mine?.result === 'sent') {
        const copyPending = mine.sentCopy?.filed === false;
        const copy = mine.sentCopy?.filed === false ? `; the Sent copy is pending (${mine.sentCopy.error})` : '';
        return { state: 'sent', sealed: how, detail: `sent to ${recipients.join(', ')}${copy}`, recipients, copyPending, reasonCode: null, reasonDetail: null };
      }
      const queued: Omit<SendOutcome, 'detail' | 'reasonCode' | 'reasonDetail'> = { state: 'queued', sealed: how, recipients, copyPending: false };
      if (mine === undefined) {
        return { ...queued, detail: 'kept in the outbox: another Sealmail is sending from this profile, or it is not due yet', reasonCode: 'busy', reasonDetail: null };
      }
      // A failure without a code is still a failure: 'smtp' is the neutral "the server refused it".
      return { ...queued, detail: `kept in the outbox: ${mine.detail}`, reasonCode: mine.code ?? 'smtp', reasonDetail: mine.detail };
    },
    async saveDraft({ draft }) {
      account(draft.accountId);
      const id = draft.id ?? Math.max(0, ...draftIds()) + 1;
      const saved: Draft = { ...draft, id };
      // Drafts live in the vault: encrypted at rest with the profile key, like passwords.
      await vault().set(`${DRAFT_PREFIX}${id}`, JSON.stringify(saved));
      return saved;
    },
    async drafts() {
      return draftIds()
        .sort((a, b) => a - b)
        .map(loadDraft);
    },
    async loadDraft({ id }) {
      return loadDraft(id);
    },
    async deleteDraft({ id }) {
      if (!(await vault().delete(`${DRAFT_PREFIX}${id}`))) throw new SealmailError('bad-option', `there is no draft ${id}`);
    },
    async reply({ messageId, mode }) {
      return quotedReply(runtime, messageId, mode);
    },
  };
}

const PROBLEM_WORDS: Record<RecipientProblem, string> = {
  'no-key': 'no key for this address in the keyring',
  expired: 'the key for this address has expired',
  revoked: 'the key for this address is revoked',
  rejected: 'you marked the key for this address as not accepted',
  unusable: 'the key for this address cannot encrypt',
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

/** The plain RFC 5322 message: nodemailer's composer, with file and URL access off so an attachment is only the bytes given. */
async function compose(draft: Draft, from: Account): Promise<Uint8Array> {
  const node = new MailComposer({
    from: { name: from.displayName ?? '', address: from.address },
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    text: draft.body,
    messageId: `<${randomUUID()}@${from.address.split('@')[1] ?? 'sealmail.invalid'}>`,
    date: new Date(),
    ...(draft.inReplyTo === null ? {} : { inReplyTo: draft.inReplyTo, references: [draft.inReplyTo] }),
    attachments: draft.attachments.map((a) => ({ filename: a.name, contentType: a.type, content: Buffer.from(a.base64, 'base64') })),
    disableFileAccess: true,
    disableUrlAccess: true,
  }).compile();
  // seal() drops the Bcc header after reading the envelope from it.
  node.keepBcc = true;
  return new Uint8Array(await node.build());
}
