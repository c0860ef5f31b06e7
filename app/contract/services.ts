// One interface per service the UI uses; implemented once in app/services/, reached through Electron IPC, the browser target's WebSocket and the tests alike.
import type { Result } from './result.js';
import type { Input } from './schemas.js';
import type {
  AccountView, CertificateView, AttachmentData, Draft, DiscoveryView, FolderView, KeyLookupView, KeyRefreshView, KeyView, MessageSummary, MessageView, RecipientPolicy,
  SearchHitView, SendOutcome, ServerReviewView, ServiceEvent, SessionState, Settings, SyncProgress,
} from './views.js';

export interface SessionService {
  state(input: Input<'session', 'state'>): Promise<SessionState>;
  /** Opens (or, the first time, creates) the profile's vault with the passphrase. */
  unlock(input: Input<'session', 'unlock'>): Promise<SessionState>;
  lock(input: Input<'session', 'lock'>): Promise<SessionState>;
}

export interface AccountService {
  list(input: Input<'accounts', 'list'>): Promise<AccountView[]>;
  /** A proposal only: DNS and web answers can name any server, so the user confirms before save. */
  discover(input: Input<'accounts', 'discover'>): Promise<DiscoveryView>;
  check(input: Input<'accounts', 'check'>): Promise<ServerReviewView[]>;
  save(input: Input<'accounts', 'save'>): Promise<AccountView>;
  remove(input: Input<'accounts', 'remove'>): Promise<void>;
}

export interface MailService {
  folders(input: Input<'mail', 'folders'>): Promise<FolderView[]>;
  messages(input: Input<'mail', 'messages'>): Promise<MessageSummary[]>;
  read(input: Input<'mail', 'read'>): Promise<MessageView>;
  attachment(input: Input<'mail', 'attachment'>): Promise<AttachmentData>;
  setFlags(input: Input<'mail', 'setFlags'>): Promise<MessageSummary>;
  move(input: Input<'mail', 'move'>): Promise<void>;
  remove(input: Input<'mail', 'remove'>): Promise<void>;
  search(input: Input<'mail', 'search'>): Promise<SearchHitView[]>;
  sync(input: Input<'mail', 'sync'>): Promise<{ progress: SyncProgress[]; errors: string[] }>;
  /** Starts IDLE on every account's INBOX (idempotent; ends on lock); new mail arrives as 'new-mail' events. Returns the accounts that could not be watched. */
  watch(input: Input<'mail', 'watch'>): Promise<{ problems: string[] }>;
}

export interface ComposeService {
  policy(input: Input<'compose', 'policy'>): Promise<RecipientPolicy>;
  /**
   * Seals with the scheme policy() names; `draft.gcm` picks AES-256-GCM for S/MIME encryption and is ignored
   * for OpenPGP, whose encryption always carries an integrity check.
   */
  send(input: Input<'compose', 'send'>): Promise<SendOutcome>;
  /** Keeps every choice of the draft, `gcm` included. */
  saveDraft(input: Input<'compose', 'saveDraft'>): Promise<Draft>;
  drafts(input: Input<'compose', 'drafts'>): Promise<Draft[]>;
  loadDraft(input: Input<'compose', 'loadDraft'>): Promise<Draft>;
  deleteDraft(input: Input<'compose', 'deleteDraft'>): Promise<void>;
  /** Quotes only the displayed root text, as plain text: never hidden or non-root parts. */
  reply(input: Input<'compose', 'reply'>): Promise<Draft>;
}

export interface KeyService {
  list(input: Input<'keys', 'list'>): Promise<KeyView[]>;
  generate(input: Input<'keys', 'generate'>): Promise<KeyView>;
  import(input: Input<'keys', 'import'>): Promise<KeyView[]>;
  /**
   * Adds the public keys of a message's attachment as undecided, noting the message as where they came from; a secret
   * key, an attachment that is no key, and mail that could not be decrypted are refused.
   */
  importAttachment(input: Input<'keys', 'importAttachment'>): Promise<KeyView[]>;
  export(input: Input<'keys', 'export'>): Promise<{ armored: string }>;
  /** Sets the acceptance; verifying needs the fingerprint compared first, which the key manager asks for before it calls this. */
  accept(input: Input<'keys', 'accept'>): Promise<KeyView>;
  /**
   * Asks the address's Web Key Directory, then the keyserver, and adds what it finds as undecided (never verified;
   * a key already there keeps its acceptance). Only the address leaves the machine, to its domain and maybe the keyserver.
   */
  lookup(input: Input<'keys', 'lookup'>): Promise<KeyLookupView>;
  /** Asks the WKD or keyserver each key came from again (one key, or every key that is not one's own); one outcome per key. */
  refresh(input: Input<'keys', 'refresh'>): Promise<KeyRefreshView[]>;
  revoke(input: Input<'keys', 'revoke'>): Promise<KeyView>;
  remove(input: Input<'keys', 'remove'>): Promise<void>;
}

export interface CertService {
  list(input: Input<'certs', 'list'>): Promise<CertificateView[]>;
  /**
   * A PKCS#12 file and its password; the private key is stored protected by the profile passphrase, the chain as
   * others' certificates. 'wrong-passphrase' means the file's password is wrong.
   */
  importIdentity(input: Input<'certs', 'importIdentity'>): Promise<CertificateView[]>;
  /** Others' certificates, as PEM blocks or one DER certificate in base64. */
  importCertificate(input: Input<'certs', 'importCertificate'>): Promise<CertificateView[]>;
  /** The certificate only, never its private key. */
  export(input: Input<'certs', 'export'>): Promise<{ pem: string }>;
  remove(input: Input<'certs', 'remove'>): Promise<void>;
  /** The roots the user added and the distrusted ones; Mozilla's built-in roots are not listed unless distrusted. */
  anchors(input: Input<'certs', 'anchors'>): Promise<CertificateView[]>;
  addAnchor(input: Input<'certs', 'addAnchor'>): Promise<CertificateView[]>;
  /** Stops trusting a root (built-in ones too); adding it as an anchor again trusts it again. */
  distrust(input: Input<'certs', 'distrust'>): Promise<CertificateView>;
}

export interface SettingsService {
  get(input: Input<'settings', 'get'>): Promise<Settings>;
  set(input: Input<'settings', 'set'>): Promise<Settings>;
}

/** What app/ implements: every method may throw SealmailError; the transports turn that into a Result. */
export interface SealmailServices {
  session: SessionService;
  accounts: AccountService;
  mail: MailService;
  compose: ComposeService;
  keys: KeyService;
  certs: CertService;
  settings: SettingsService;
}

/** A service as the renderer sees it: the same methods, each resolving to a Result, never rejecting. */
export type Remote<S> = {
  [K in keyof S]: S[K] extends (input: infer I) => Promise<infer R> ? (input: I) => Promise<Result<R>> : never;
};

/** The whole API the renderer gets (window.sealmail under Electron, a WebSocket client in the browser target). */
export type SealmailApi = { [S in keyof SealmailServices]: Remote<SealmailServices[S]> } & {
  /** Pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ServiceEvent) => void): () => void;
};
