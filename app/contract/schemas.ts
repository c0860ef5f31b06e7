// The argument schemas of every service method: the one list of what the UI may call, checked on every call.
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const id = z.number().int().positive();
const address = z.string().min(3).max(320).regex(/^[^\s@<>]+@[^\s@<>]+$/, 'is not a mail address');
const fingerprint = z.string().regex(/^[0-9a-f]{16,64}$/i, 'is not a key fingerprint or key ID');
const pem = text(64 * 1024);
/** An S/MIME certificate's SHA-256 fingerprint; colons and spaces as `openssl x509 -fingerprint` prints them are allowed. */
const certFingerprint = z.string().max(200).regex(/^(?:[0-9a-f]{2}[:\s]*){32}$/i, 'is not a SHA-256 certificate fingerprint');
const server = z.strictObject({ host: text(253).min(1), port: z.number().int().min(1).max(65535), security: z.enum(['tls', 'starttls']) });
const addresses = z.array(address).max(500);
const attachment = z.strictObject({ name: text(255).min(1), type: text(255).min(1), base64: z.string().max(48 * 1024 * 1024) });
const draft = z.strictObject({
  id: id.nullable(),
  accountId: id,
  to: addresses,
  cc: addresses,
  bcc: addresses,
  subject: text(998),
  body: text(16 * 1024 * 1024),
  sign: z.boolean(),
  encrypt: z.boolean(),
  /** S/MIME only: AES-256-GCM AuthEnvelopedData instead of AES-256-CBC EnvelopedData. Optional so drafts saved before it still load. */
  gcm: z.boolean().optional(),
  attachments: z.array(attachment).max(100),
  inReplyTo: text(998).nullable(),
});
const none = z.strictObject({});

export const CONTRACT = {
  session: {
    state: none,
    unlock: z.strictObject({ passphrase: text(1024).min(1) }),
    lock: none,
  },
  accounts: {
    list: none,
    discover: z.strictObject({ address, caPem: pem.optional() }),
    check: z.strictObject({ imap: server, smtp: server, caPem: pem.optional() }),
    save: z.strictObject({
      address,
      name: text(200),
      user: text(320).min(1),
      password: text(1024).min(1),
      imap: server,
      smtp: server,
      caPem: pem.optional(),
      pinnedPem: pem.optional(),
      replace: z.boolean().optional(),
    }),
    remove: z.strictObject({ address, discardOutbox: z.boolean().optional() }),
  },
  mail: {
    folders: z.strictObject({ accountId: id.optional() }),
    messages: z.strictObject({ folderId: id, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }),
    read: z.strictObject({ messageId: id }),
    attachment: z.strictObject({ messageId: id, index: z.number().int().min(0) }),
    setFlags: z.strictObject({ messageId: id, seen: z.boolean().optional(), flagged: z.boolean().optional() }),
    move: z.strictObject({ messageId: id, folderId: id }),
    remove: z.strictObject({ messageId: id }),
    search: z.strictObject({ query: text(1000).min(1), accountId: id.optional() }),
    sync: z.strictObject({ accountId: id.optional() }),
    watch: none,
  },
  compose: {
    policy: z.strictObject({ accountId: id, to: addresses, cc: addresses, bcc: addresses }),
    send: z.strictObject({ draft }),
    saveDraft: z.strictObject({ draft }),
    drafts: none,
    loadDraft: z.strictObject({ id }),
    deleteDraft: z.strictObject({ id }),
    reply: z.strictObject({ messageId: id, mode: z.enum(['reply', 'reply-all', 'forward']) }),
  },
  keys: {
    list: z.strictObject({ filter: text(320).optional() }),
    generate: z.strictObject({ name: text(200), address }),
    import: z.strictObject({ armored: text(4 * 1024 * 1024).min(1) }),
    importAttachment: z.strictObject({ messageId: id, index: z.number().int().min(0) }),
    export: z.strictObject({ fingerprint, secret: z.boolean().optional() }),
    /** Thunderbird's words (rejected, undecided, unverified, verified) or the keyring's values (unaccepted, imported, accepted, verified). */
    accept: z.strictObject({ fingerprint, level: z.enum(['rejected', 'undecided', 'unverified', 'verified', 'unaccepted', 'imported', 'accepted']) }),
    lookup: z.strictObject({ address }),
    refresh: z.strictObject({ fingerprint: fingerprint.optional() }),
    revoke: z.strictObject({ fingerprint }),
    remove: z.strictObject({ fingerprint }),
  },
  certs: {
    list: z.strictObject({ filter: text(320).optional() }),
    importIdentity: z.strictObject({ base64: z.string().min(1).max(1024 * 1024), password: text(1024) }),
    importCertificate: z.strictObject({ pem: text(4 * 1024 * 1024).min(1) }),
    export: z.strictObject({ fingerprint: certFingerprint }),
    remove: z.strictObject({ fingerprint: certFingerprint }),
    anchors: none,
    addAnchor: z.strictObject({ pem: text(4 * 1024 * 1024).min(1) }),
    distrust: z.strictObject({ fingerprint: certFingerprint }),
  },
  settings: {
    get: none,
    set: z.strictObject({
      defaultSign: z.boolean().optional(),
      defaultEncrypt: z.boolean().optional(),
      passphraseCacheMinutes: z.number().int().min(1).max(24 * 60).optional(),
      language: z.enum(['en', 'ja']).optional(),
      autocryptPreferEncrypt: z.enum(['mutual', 'nopreference']).optional(),
    }),
  },
} as const;

export type Contract = typeof CONTRACT;
export type ServiceName = keyof Contract;
export type MethodName<S extends ServiceName> = keyof Contract[S] & string;
export type Input<S extends ServiceName, M extends MethodName<S>> = z.infer<Contract[S][M] & z.ZodType>;

/** "service.method" for every method, e.g. for the IPC channel names and the preload. */
export const METHODS: readonly string[] = Object.entries(CONTRACT).flatMap(([service, methods]) => Object.keys(methods).map((m) => `${service}.${m}`));
