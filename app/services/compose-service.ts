// Compose for the UI: the recipient policy, sending through the same seal-outbox-submit path as `sealmail send`, encrypted drafts, safe replies.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { SealmailError } from '../../crypto/errors.js';
import type { ComposeService } from '../contract/services.js';
import type { Draft, RecipientPolicy, SendOutcome } from '../contract/views.js';
import { CertificateStore } from '../certificates/certificate-store.js';
import { flushOutbox } from '../outbox/flush.js';
import { autocryptAdvice } from '../autocrypt/advice.js';
import { recipientPolicy } from '../recipient-policy.js';
import { refreshBeforeSend, refreshLine } from '../key-refresh.js';
import { refreshConnection } from './key-discovery.js';
import { sealForSend } from '../outbox/seal-for-send.js';
import type { Account } from '../store/accounts.js';
import type { ServiceRuntime } from './runtime.js';
import { quotedReply } from './reply.js';
import { readSettings } from './settings-service.js';

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

  /** app/recipient-policy.ts: the same answer `sealmail send` gets. */
  const policy = async (accountId: number, to: string[], cc: string[], bcc: string[]): Promise<RecipientPolicy> => {
    const store = await CertificateStore.open({ profile: runtime.profile });
    const { keyring, mail } = runtime.need();
    const recipients = [...to, ...cc, ...bcc];
    const answer = await recipientPolicy({ keyring, store, sender: account(accountId).address, recipients });
    if (recipients.length === 0) return answer;
    // Autocrypt's own view of the same list, so compose can flag keys it discourages (stale, or only gossiped).
    const advice = await autocryptAdvice({
      profile: runtime.profile,
      storeKey: await mail.vault.storeKey(),
      keyring,
      recipients,
      replyToEncrypted: false,
      ownPreferEncrypt: readSettings(runtime).autocryptPreferEncrypt,
    }).catch((e: unknown) => {
      if (e instanceof SealmailError) return null;
      throw e;
    });
    if (!advice) return answer;
    const autocrypt = {
      recommendation: advice.recommendation,
      recipients: advice.recipients.map((r) => ({ address: r.addr, recommendation: r.recommendation, reason: r.reason })),
    };
    return { ...answer, autocrypt };
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
      // The scheme the compose screen showed: sealForSend asks the same recipient policy again on what is sent.
      // draft.gcm is ignored, not refused, when OpenPGP seals: OpenPGP encryption always carries an integrity check,
      // which is what GCM adds to S/MIME, and a draft ticked while S/MIME applied must still send once the
      // recipients' OpenPGP keys arrive and the scheme changes under it.
      // Keys about to expire are refreshed from their directories first (never fatal), as `sealmail send` does.
      const refreshed = (await refreshBeforeSend({ keyring, addresses: [...draft.to, ...draft.cc, ...draft.bcc], connection: refreshConnection(runtime.discovery, 5_000) })).map(refreshLine);
      const told = refreshed.length > 0 ? { refreshed } : {};
      const certificates = await CertificateStore.open({ profile: runtime.profile });
      const sealed = await sealForSend({
        keyring,
        message,
        sign: draft.sign,
        encrypt: draft.encrypt,
        passphrase: async () => runtime.cachedPassphrase(),
        certificates,
        gcm: draft.gcm === true,
        preferEncrypt: readSettings(runtime).autocryptPreferEncrypt,
      });
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
        return { state: 'sent', sealed: how, detail: `sent to ${recipients.join(', ')}${copy}`, recipients, copyPending, reasonCode: null, reasonDetail: null, ...told };
      }
      const queued: Omit<SendOutcome, 'detail' | 'reasonCode' | 'reasonDetail'> = { state: 'queued', sealed: how, recipients, copyPending: false, ...told };
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
