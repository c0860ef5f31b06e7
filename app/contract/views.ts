// The data that crosses from app/ to the renderer: plain JSON, no key material, no undecrypted bytes.
import type { SealmailErrorCode } from '../../crypto/errors.js';
import type { SecurityReport } from '../../crypto/report.js';
import type { AttemptCode } from '../autoconfig/server-settings.js';
import type { ServerCheckReport } from '../server-check/report.js';

export type { AttemptCode, SealmailErrorCode, SecurityReport };
export type Security = 'tls' | 'starttls';

export interface ServerSettingView {
  host: string;
  port: number;
  security: Security;
}

export interface AccountView {
  id: number;
  address: string;
  name: string;
  user: string;
  imap: ServerSettingView;
  smtp: ServerSettingView;
  privateCa: boolean;
  pinnedSha256: string | null;
}

export interface ServerReviewView {
  kind: 'imap' | 'smtp';
  setting: ServerSettingView;
  report: ServerCheckReport | null;
  unreachable: string | null;
}

export interface DiscoveryView {
  /** Null when nothing was found; `attempts` says where Sealmail looked. */
  found: { imap: ServerSettingView; smtp: ServerSettingView; username: string; source: 'autoconfig' | 'well-known' | 'srv' } | null;
  /** `code` says why a step found nothing, for the UI's own words; `message` is the English detail (host, status, DNS error). */
  attempts: { source: string; where: string; code: AttemptCode; message: string }[];
}

export interface FolderView {
  id: number;
  accountId: number;
  path: string;
  /** RFC 6154 special use, e.g. "\\Sent"; null for an ordinary folder. */
  specialUse: string | null;
  total: number;
  unread: number;
}

export interface MessageSummary {
  id: number;
  folderId: number;
  uid: number;
  /** The protected subject once the message was opened, else the envelope's. */
  subject: string;
  from: string;
  date: string | null;
  seen: boolean;
  flagged: boolean;
}

export interface MessageView {
  summary: MessageSummary;
  /** The one security report; the UI draws it in its own chrome, never inside the content. */
  report: SecurityReport;
  /**
   * Remote content may be offered only when the message is not encrypted without integrity
   * protection (decided here, not by the renderer).
   */
  remoteContentAllowed: boolean;
  /** The indexes of `report.attachments` that hold OpenPGP public keys, which keys.importAttachment imports. */
  keyAttachments: number[];
}

export interface AttachmentData {
  name: string;
  type: string;
  /** The decoded bytes, base64. */
  base64: string;
}

export interface SearchHitView extends MessageSummary {
  account: string;
  folder: string;
  snippet: string;
}

export interface SyncProgress {
  account: string;
  folder: string;
  added: number;
  changed: number;
  removed: number;
}

export type KeyAcceptance = 'own' | 'verified' | 'accepted' | 'imported' | 'unaccepted';

/** The same acceptance in Thunderbird's words: unaccepted = rejected, imported = undecided, accepted = unverified. */
export type KeyAcceptanceLevel = 'own' | 'rejected' | 'undecided' | 'unverified' | 'verified';

/** One place a key was seen (app/key-provenance.ts): `detail` is the file, URL or message; times are ISO 8601. */
export interface KeyProvenanceView {
  kind: 'hand' | 'generated' | 'autocrypt' | 'autocrypt-gossip' | 'wkd' | 'vks' | 'signed-mail' | 'attachment' | 'other';
  detail: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface KeyView {
  fingerprint: string;
  keyId: string;
  algorithm: string;
  userIds: { uid: string; address: string | null; revoked: boolean }[];
  created: string;
  expires: string | null;
  expired: boolean;
  revoked: boolean;
  secret: boolean;
  acceptance: KeyAcceptance;
  /** Where the key came from, in English words: "generated here", "imported by hand", ... (for the CLI and logs). */
  provenance: string;
  /**
   * The same as data, for the UI's own words: generated here, imported by hand (`provenanceFrom` is the file
   * path when there is one), first added when it was revoked, or a source this version does not name
   * (`provenanceFrom` is the raw source; show `provenance`).
   */
  provenanceKind: 'generated' | 'imported' | 'revoked' | 'other';
  provenanceFrom: string | null;
  /*
   * The fields below are always set by app/services/views.ts; they are optional only so that views built
   * before them (test fixtures, older transports) stay valid.
   */
  /** `acceptance` in Thunderbird's words. */
  level?: KeyAcceptanceLevel;
  /** Every place the key was seen, first seen first. */
  provenances?: KeyProvenanceView[];
  /**
   * Set while this key arrived for addresses whose accepted key is another one and the user has not decided:
   * it is not used for those addresses; `replaces` are the accepted keys still used.
   */
  keyChange?: { addresses: string[]; replaces: string[]; seenAt: string } | null;
  /** "OPENPGP4FPR:" + upper-case fingerprint: the de-facto QR payload (OpenKeychain, K-9, Delta Chat). */
  qrPayload?: string;
  canEncrypt: boolean;
  canSign: boolean;
}

/** One key a look-up found, as it is now in the keyring: `key` has the level, provenances and key-change flag. */
export interface FoundKeyView {
  key: KeyView;
  /** The user IDs the directory's copy kept: only those with the searched address. */
  userIds: string[];
  /** WKD (advanced or direct method), the VKS keyserver or an HKP keyserver the user named; the URL that answered and when. */
  place: 'wkd-advanced' | 'wkd-direct' | 'vks' | 'hkp';
  url: string;
  fetchedAt: string;
  /** New to the keyring, merged into a key already there, or nothing new. */
  added: 'new' | 'updated' | 'unchanged';
}

export interface KeyLookupView {
  address: string;
  found: FoundKeyView[];
  /**
   * When nothing was found: 'unreachable' when no place answered (timeout, network, certificate), else
   * 'not-found'; `reason` is the one line of English naming every place asked and what it said.
   */
  reasonCode: 'not-found' | 'unreachable' | null;
  reason: string | null;
  /** Set when the answer came from the profile's record of recent look-ups: when the network was asked. */
  cachedFrom: string | null;
}

/** What refreshing one key did (app/key-refresh.ts), with the one English line the CLI prints. */
export interface KeyRefreshView {
  fingerprint: string;
  address: string | null;
  outcome: 'new-expiry' | 'revoked' | 'unchanged' | 'not-found' | 'unreachable' | 'no-source';
  line: string;
}

/** An S/MIME certificate (RFC 5280) as the key manager shows it: stored, or a trust anchor. */
export interface CertificateView {
  /** SHA-256 over the DER certificate, lower-case hex without separators. */
  fingerprint: string;
  /** Distinguished names as "CN=Alice, emailAddress=alice@example.org". */
  subject: string;
  issuer: string;
  /** Lower-cased: the SAN rfc822Names, or when there are none the subject's emailAddress. */
  emails: string[];
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** Outside its validity now (not yet valid counts too). */
  expired: boolean;
  /** The profile holds its private key. */
  own: boolean;
  ca: boolean;
  canSign: boolean;
  canEncrypt: boolean;
  /**
   * Where it came from: 'pkcs12' or 'imported' (in the key manager), 'file' (by the CLI; the path is `provenanceFrom`),
   * 'mail' (from a validly signed message; the sender's address is `provenanceFrom`), 'built-in' (Mozilla's roots), or 'other' (`provenanceFrom` is the raw source).
   */
  provenance: 'pkcs12' | 'imported' | 'file' | 'mail' | 'built-in' | 'other';
  provenanceFrom: string | null;
  /** ISO 8601, when the store recorded it. */
  addedAt: string | null;
  /** A trust anchor the user added. */
  anchor: boolean;
  /** On the profile's distrust list: path validation never ends at it. */
  distrusted: boolean;
}

export interface RecipientStatus {
  address: string;
  /** The key that would be used, if any. */
  fingerprint: string | null;
  /** Why this recipient cannot get encrypted mail, in English; null when they can. */
  problem: string | null;
  /**
   * The same as a code: 'no-key' (no key for the address at all), 'expired', 'revoked' (the key or its
   * user ID), 'rejected' (the user marked the key unaccepted), 'unusable' (a key exists but cannot encrypt).
   */
  problemCode: RecipientProblem | null;
  /**
   * The scheme of `fingerprint`: the message's scheme when this recipient has a key for it, else the other
   * scheme's key they have (a 'mixed' policy), or null when they have neither.
   */
  scheme: 'pgp' | 'smime' | null;
}

/** 'key-changed': a new key appeared for an address that has an accepted key, and the user has not decided between them. */
export type RecipientProblem = 'no-key' | 'expired' | 'revoked' | 'rejected' | 'unusable' | 'key-changed';

export interface RecipientPolicy {
  recipients: RecipientStatus[];
  /** True when every recipient (and the sender) has a usable key. */
  canEncrypt: boolean;
  /** Why not, in one line of English, when canEncrypt is false. */
  reason: string | null;
  /**
   * The same as a code: the sender has no signing key, there is no recipient yet, `keyless` lack a usable key,
   * or ('mixed') everyone has a key but not of one scheme: see each recipient's `scheme`.
   */
  reasonCode: 'no-own-key' | 'no-recipient' | 'no-key' | 'mixed' | null;
  /** The recipients without a usable key (those whose `problem` is set). */
  keyless: string[];
  canSign: boolean;
  /**
   * What the message will be sealed with: OpenPGP when the sender and every recipient have OpenPGP keys
   * (or when neither scheme can encrypt to all), else S/MIME when certificates cover everyone, or when
   * only an S/MIME certificate can sign.
   */
  scheme: 'pgp' | 'smime';
  /**
   * The Autocrypt Level 1 recommendation for this recipient list (from the peer states sync keeps), beside
   * the keyring's answer above: 'discourage' flags keys only gossiped or not seen in mail for 35 days.
   * Absent when it could not be read (e.g. the profile is locked).
   */
  autocrypt?: { recommendation: AutocryptRecommendation; recipients: { address: string; recommendation: AutocryptRecommendation; reason: string }[] };
}

export type AutocryptRecommendation = 'disable' | 'discourage' | 'available' | 'encrypt';

export interface Draft {
  id: number | null;
  accountId: number;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  sign: boolean;
  encrypt: boolean;
  /**
   * When the message is sealed and encrypted with S/MIME: AES-256-GCM (AuthEnvelopedData, integrity-protected,
   * but only newer clients read it) instead of the default AES-256-CBC (EnvelopedData). Ignored for OpenPGP.
   */
  gcm?: boolean;
  attachments: { name: string; type: string; base64: string }[];
  /** Message-ID of the message this replies to, for In-Reply-To/References. */
  inReplyTo: string | null;
}

export interface SendOutcome {
  /** 'sent' once the server accepted it; 'queued' when it waits in the outbox (with the reason). */
  state: 'sent' | 'queued';
  sealed: 'signed' | 'encrypted' | 'signed and encrypted';
  /** The whole outcome in one line of English (for the CLI and logs); the fields below say it as data. */
  detail: string;
  /** The envelope recipients the message went (or goes) to. */
  recipients: string[];
  /** Sent, but the copy for the Sent folder is not filed yet: it stays in the outbox until it is. */
  copyPending: boolean;
  /**
   * For 'queued': the error code of the failed attempt, or 'busy' when it was not tried now (another Sealmail
   * is sending from this profile, or it is not due yet); null for 'sent'.
   */
  reasonCode: SealmailErrorCode | 'busy' | null;
  /** For 'queued' after a failed attempt: the one-line English error (server replies included); else null. */
  reasonDetail: string | null;
  /**
   * Recipients' keys that expired or expire within 30 days, refreshed from where they were found just before
   * sealing: one line of English each (what changed, or why it could not be refreshed). Absent when none was due.
   */
  refreshed?: string[];
}

export interface Settings {
  /** What compose starts with; encryption is still only on when every recipient has a key. */
  defaultSign: boolean;
  defaultEncrypt: boolean;
  /** Minutes the passphrase stays cached for secret keys after its last use (1 to 1440). */
  passphraseCacheMinutes: number;
  language: 'en' | 'ja';
  /**
   * The prefer-encrypt of the user's own Autocrypt header: 'mutual' tells correspondents the user wants
   * encrypted mail (their clients then encrypt by default); 'nopreference', the default, announces nothing.
   */
  autocryptPreferEncrypt: 'mutual' | 'nopreference';
}

export interface SessionState {
  /** True once the profile exists (a vault was created). */
  exists: boolean;
  unlocked: boolean;
}

/** What a mailto: link (RFC 6068) may put into a new draft; the user still sees and sends it. */
export interface MailtoDraft {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  inReplyTo: string | null;
  /** Parameters and addresses that were dropped (attach, attachment, anything else): say so, never act on them. */
  ignored: string[];
}

/** Pushed by the services: new mail from IDLE, sync progress, the vault locking itself; and by the desktop shell, a mailto: draft. */
export type ServiceEvent =
  | { type: 'new-mail'; folderId: number; count: number }
  | { type: 'sync-progress'; progress: SyncProgress }
  | { type: 'sync-done'; errors: string[] }
  | { type: 'locked' }
  | { type: 'mailto'; draft: MailtoDraft };
