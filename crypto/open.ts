// open: reads a raw message and returns its security report, decrypting and verifying the MIME root only.
import type { PrivateKey } from 'openpgp';
import { readAutocrypt } from './autocrypt.js';
import { SealmailError, checkOptions, isSealmailError } from './errors.js';
import { displayNameTrick, mailboxes, type Mailbox } from './mime/address.js';
import { displayContent } from './mime/content.js';
import { parseMessage, type MimeEntity } from './mime/entity.js';
import { decodeWords, headerValue, type HeaderField } from './mime/header.js';
import { decodeBody } from './mime/transfer.js';
import { decryptMessage } from './pgp/decrypt.js';
import type { KnownKey } from './pgp/verify.js';
import { MAX_MESSAGE_BYTES } from './policy.js';
import { hasProtectedHeaders } from './protected-headers.js';
import type { SecurityReport } from './report.js';
import { evaluate, harvestSigner, isPgpEncryptedType, isSmimeEnveloped, type Context, type Evaluation, type SmimeOpenOptions } from './root-evaluation.js';
import { signatureReport } from './signature-state.js';

export type { KnownKey };

export interface OpenOptions {
  /** The raw message exactly as received. */
  message: Uint8Array;
  /** Public keys the user has, for verification, with their acceptance. */
  verificationKeys?: KnownKey[];
  /**
   * Called only when the message is encrypted: returns the user's unlocked secret keys.
   * Lets a CLI or UI ask for a passphrase only when one is needed.
   */
  decryptionKeys?: () => Promise<PrivateKey[]>;
  /** Evaluate key validity at this time instead of now. */
  date?: Date;
  /** Also return each attachment's decoded bytes (AttachmentInfo.content), e.g. for a UI's Save; off by default. */
  attachmentContent?: boolean;
  /**
   * S/MIME trust (RFC 8551): the root certificates the user trusts and those never to trust. Without it
   * no S/MIME signer chains to an anchor, so an S/MIME signature is at best "unknown signer".
   */
  smime?: SmimeOpenOptions;
}

export const OPEN_OPTIONS = ['message', 'verificationKeys', 'decryptionKeys', 'date', 'attachmentContent', 'smime'] as const;

export async function open(options: OpenOptions): Promise<SecurityReport> {
  checkOptions('open', options, OPEN_OPTIONS);
  if (options.message.length > MAX_MESSAGE_BYTES) throw messageTooLarge();
  const root = parseMessage(options.message);
  const ctx = openContext(options, (part) => decryptMessage(decodeBody(part), ctx.decryptionKeys, ctx.keys.map((k) => k.key), ctx.date));
  return openRoot(root, ctx);
}

export function messageTooLarge(): SealmailError {
  return new SealmailError('too-large', `the message is larger than ${MAX_MESSAGE_BYTES >> 20} MiB`);
}

/** The context one opening runs in; the date is fixed here, once, so that every check judges keys at the same time. */
export function openContext(options: Omit<OpenOptions, 'message'>, decryptDataPart: Context['decryptDataPart']): Context {
  return {
    keys: options.verificationKeys ?? [],
    date: options.date ?? new Date(),
    warnings: [],
    decryptionKeys: options.decryptionKeys ?? (async () => []),
    decryptDataPart,
    attachmentContent: options.attachmentContent === true,
    smime: options.smime ?? { trustAnchors: [] },
  };
}

/** The report for a parsed root: the one set of report rules behind open() and openStream(). */
export async function openRoot(root: MimeEntity, ctx: Context): Promise<SecurityReport> {
  if (root.malformed) ctx.warnings.push(`the message structure is damaged: ${root.malformed}`);
  let evaluation: Evaluation;
  try {
    evaluation = await evaluate(root, ctx);
  } catch (e) {
    if (isSealmailError(e) && ['integrity', 'decrypt-failed', 'too-large', 'bad-message'].includes(e.code)) {
      return failedReport(root, e.message, ctx);
    }
    throw e;
  }
  return buildReport(root, evaluation, ctx);
}
/** Headers shown to the user: the protected copies when they are trustworthy (inside the encryption or the good signature). */
function shownFields(root: MimeEntity, ev: Evaluation): { fields: HeaderField[]; isProtected: boolean } {
  const trusted = ev.encryption.state === 'encrypted' || (ev.coverage.kind === 'full' && ev.coverage.checks.every((c) => c.outcome === 'good'));
  if (ev.display !== root && trusted && hasProtectedHeaders(ev.display)) return { fields: ev.display.fields, isProtected: true };
  return { fields: root.fields, isProtected: false };
}

async function buildReport(root: MimeEntity, ev: Evaluation, ctx: Context): Promise<SecurityReport> {
  const shown = shownFields(root, ev);
  const from = fromOf(shown.fields, root.fields, shown.isProtected, ctx);
  const content = await displayContent(ev.display, { attachmentContent: ctx.attachmentContent });
  const signature = signatureReport(ev.coverage, from, ctx.warnings);
  if (signature.state === 'valid' && signature.scheme === 'smime') await harvestSigner(ev.coverage, (from[0] as Mailbox).address, ctx);
  const outerFrom = mailboxes(root.fields, 'from');
  const subject = headerValue(shown.fields, 'subject') ?? (shown.isProtected ? null : headerValue(root.fields, 'subject'));
  return {
    from: from.length === 1 ? (from[0] as Mailbox).address : null,
    fromName: from.length === 1 ? (from[0] as Mailbox).name || null : null,
    subject: subject === null ? null : decodeWords(subject),
    protectedHeaders: shown.isProtected,
    encryption: ev.encryption,
    signature,
    text: ev.inlineText ?? content.text,
    html: ev.inlineText !== null ? null : content.html,
    attachments: content.attachments,
    autocrypt: await readAutocrypt(root.fields, outerFrom.length === 1 ? (outerFrom[0] as Mailbox).address : null),
    warnings: [...new Set(ctx.warnings)],
  };
}

function fromOf(fields: HeaderField[], outerFields: HeaderField[], isProtected: boolean, ctx: Context): Mailbox[] {
  const from = mailboxes(fields, 'from');
  if (isProtected && from.length === 0) return mailboxes(outerFields, 'from');
  if (isProtected) {
    const outer = mailboxes(outerFields, 'from').map((m) => m.address).join(', ');
    const inner = from.map((m) => m.address).join(', ');
    if (outer !== inner) ctx.warnings.push(`the outer From (${outer || 'none'}) differs from the protected From (${inner}); showing the protected one`);
  }
  for (const m of from) {
    const trick = displayNameTrick(m);
    if (trick) ctx.warnings.push(`the sender's display name shows the address ${trick}, but the message is from ${m.address}`);
  }
  return from;
}

async function failedReport(root: MimeEntity, error: string, ctx: Context): Promise<SecurityReport> {
  const from = mailboxes(root.fields, 'from');
  const subject = headerValue(root.fields, 'subject');
  return {
    from: from.length === 1 ? (from[0] as Mailbox).address : null,
    fromName: from.length === 1 ? (from[0] as Mailbox).name || null : null,
    subject: subject === null ? null : decodeWords(subject),
    protectedHeaders: false,
    encryption: { state: 'failed', scheme: isPgpEncryptedType(root) ? 'pgp-mime' : isSmimeEnveloped(root) ? 'smime' : 'pgp-inline', error, integrity: null },
    signature: { state: 'none', scheme: null, signer: null, acceptance: null, signedAt: null },
    text: null,
    html: null,
    attachments: [],
    autocrypt: await readAutocrypt(root.fields, from.length === 1 ? (from[0] as Mailbox).address : null),
    warnings: [...new Set([...ctx.warnings, error])],
  };
}
