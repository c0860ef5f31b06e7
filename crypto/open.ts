// open: reads a raw message and returns its security report, decrypting and verifying the MIME root only.
import { readSignature, type PrivateKey, type Signature } from 'openpgp';
import { readAutocrypt } from './autocrypt.js';
import { SealmailError, checkOptions, isSealmailError } from './errors.js';
import { findInlineBlock } from './inline-pgp.js';
import { displayNameTrick, mailboxes, type Mailbox } from './mime/address.js';
import { encodeUtf8, toCanonicalCrlf } from './mime/bytes.js';
import { displayContent } from './mime/content.js';
import { parseEntity, parseMessage, type MimeEntity } from './mime/entity.js';
import { decodeWords, headerValue, type HeaderField } from './mime/header.js';
import { decodeBody } from './mime/transfer.js';
import { decryptMessage } from './pgp/decrypt.js';
import { checkSignatures, type KnownKey, type SignatureCheck } from './pgp/verify.js';
import { MAX_MESSAGE_BYTES, pgpConfig } from './policy.js';
import { hasProtectedHeaders } from './protected-headers.js';
import type { SecurityReport } from './report.js';
import { signatureReport, type Coverage } from './signature-state.js';

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
}

interface Context {
  keys: KnownKey[];
  date: Date;
  warnings: string[];
  decryptionKeys: () => Promise<PrivateKey[]>;
}

interface Evaluation {
  encryption: SecurityReport['encryption'];
  coverage: Coverage;
  /** The entity whose content is shown. */
  display: MimeEntity;
  /** Set when the shown text comes from an inline PGP block rather than the entity. */
  inlineText: string | null;
}

export async function open(options: OpenOptions): Promise<SecurityReport> {
  checkOptions('open', options, ['message', 'verificationKeys', 'decryptionKeys', 'date']);
  if (options.message.length > MAX_MESSAGE_BYTES) {
    throw new SealmailError('too-large', `the message is larger than ${MAX_MESSAGE_BYTES >> 20} MiB`);
  }
  const root = parseMessage(options.message);
  const ctx: Context = {
    keys: options.verificationKeys ?? [],
    date: options.date ?? new Date(),
    warnings: [],
    decryptionKeys: options.decryptionKeys ?? (async () => []),
  };
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

async function evaluate(root: MimeEntity, ctx: Context): Promise<Evaluation> {
  let encryption: SecurityReport['encryption'] = { state: 'none', scheme: null, error: null };
  let display = root;
  let coverage: Coverage = { kind: 'none' };

  if (isPgpEncrypted(root)) {
    const decrypted = await decryptMessage(decodeBody(root.children[1] as MimeEntity), ctx.decryptionKeys, ctx.keys.map((k) => k.key), ctx.date);
    encryption = { state: 'encrypted', scheme: 'pgp-mime', error: null };
    display = parseEntity(decrypted.plaintext, 0, decrypted.plaintext.length, '', 'text/plain', { parts: 0 }, 1);
    if (decrypted.signatures.length > 0) {
      coverage = { kind: 'full', scheme: 'pgp-mime', checks: await checkSignatures(decrypted.plaintext, decrypted.signatures, ctx.keys, ctx.date, decrypted.verified) };
    }
  } else if (root.children.length === 0 && root.type === 'text/plain') {
    const inline = await evaluateInline(root, ctx);
    if (inline) return inline;
  }

  if (isPgpSigned(display)) {
    const signed = display.children[0] as MimeEntity;
    const checks = await checkDetached(signed, display.children[1] as MimeEntity, ctx);
    coverage = coverage.kind === 'full' ? { ...coverage, checks: [...coverage.checks, ...checks] } : { kind: 'full', scheme: 'pgp-mime', checks };
    display = signed;
  }

  const nested = await nestedCrypto(display, ctx);
  if (coverage.kind === 'none' && nested.length > 0) coverage = { kind: 'partial', scheme: 'pgp-mime', checks: nested };
  return { encryption, coverage, display, inlineText: null };
}

function isPgpEncrypted(e: MimeEntity): boolean {
  return e.type === 'multipart/encrypted' && (e.params.protocol ?? '').toLowerCase() === 'application/pgp-encrypted' && e.children.length >= 2;
}

function isPgpSigned(e: MimeEntity): boolean {
  return e.type === 'multipart/signed' && (e.params.protocol ?? '').toLowerCase() === 'application/pgp-signature' && e.children.length === 2;
}

async function readDetached(part: MimeEntity) {
  try {
    return await readSignature({ armoredSignature: new TextDecoder('latin1').decode(decodeBody(part)), config: pgpConfig() });
  } catch (e) {
    throw new SealmailError('bad-message', `the signature part is damaged (${e instanceof Error ? e.message.split('\n')[0] : 'unreadable'})`);
  }
}

/** The checks of a multipart/signed entity's detached signature over its first part. */
async function checkDetached(signed: MimeEntity, signaturePart: MimeEntity, ctx: Context): Promise<SignatureCheck[]> {
  let signature: Signature;
  try {
    signature = await readDetached(signaturePart);
  } catch (e) {
    // An unreadable signature is a bad signature (invalid), not a reason to report a decryption failure and hide the text.
    const detail = e instanceof Error ? e.message : String(e);
    return [{ outcome: 'bad', keyId: '', fingerprint: null, created: null, signer: null, signerAddresses: [], detail }];
  }
  return checkSignatures(toCanonicalCrlf(signed.raw), [signature], ctx.keys, ctx.date);
}

/**
 * Signed or encrypted parts below the displayed root. Signed ones are verified but only count as partial;
 * encrypted ones are never decrypted automatically (EFAIL direct exfiltration), only named.
 */
async function nestedCrypto(display: MimeEntity, ctx: Context): Promise<SignatureCheck[]> {
  const checks: SignatureCheck[] = [];
  const visit = async (part: MimeEntity): Promise<void> => {
    if (isPgpSigned(part)) {
      try {
        const signature = await readDetached(part.children[1] as MimeEntity);
        checks.push(...(await checkSignatures(toCanonicalCrlf((part.children[0] as MimeEntity).raw), [signature], ctx.keys, ctx.date)));
      } catch {
        ctx.warnings.push(`part ${part.path} carries a damaged signature`);
      }
    } else if (isPgpEncrypted(part) || part.type === 'application/pgp-encrypted' || part.type === 'application/octet-stream' && looksLikePgpMessage(part)) {
      ctx.warnings.push(`part ${part.path} is encrypted but is not the whole message; it was not decrypted (it could leak its plaintext to whoever wrapped it)`);
      return;
    } else if (part.children.length === 0 && part.type === 'text/plain' && looksLikePgpMessage(part)) {
      ctx.warnings.push(`part ${part.path} holds an inline encrypted block inside a larger message; it was not decrypted`);
    }
    for (const child of part.children) await visit(child);
  };
  for (const child of display.children) await visit(child);
  return checks;
}

function looksLikePgpMessage(part: MimeEntity): boolean {
  return /-----BEGIN PGP MESSAGE-----/.test(new TextDecoder('latin1').decode(decodeBody(part).subarray(0, 64 * 1024)));
}

async function evaluateInline(root: MimeEntity, ctx: Context): Promise<Evaluation | null> {
  const text = (await displayContent(root)).text ?? '';
  const block = await findInlineBlock(text);
  if (block.kind === 'none') return null;
  if (block.kind === 'cleartext') {
    const checks = await checkSignatures(encodeUtf8(block.text), [block.signature], ctx.keys, ctx.date);
    const coverage: Coverage = { kind: block.alone ? 'full' : 'partial', scheme: 'pgp-cleartext', checks };
    return { encryption: { state: 'none', scheme: null, error: null }, coverage, display: root, inlineText: block.alone ? block.text : text };
  }
  if (!block.alone) {
    ctx.warnings.push('the text holds an inline encrypted block among other text; it was not decrypted');
    return null;
  }
  const decrypted = await decryptMessage(encodeUtf8(block.armored), ctx.decryptionKeys, ctx.keys.map((k) => k.key), ctx.date);
  const checks =
    decrypted.signatures.length > 0 ? await checkSignatures(decrypted.plaintext, decrypted.signatures, ctx.keys, ctx.date, decrypted.verified) : [];
  return {
    encryption: { state: 'encrypted', scheme: 'pgp-inline', error: null },
    coverage: checks.length > 0 ? { kind: 'full', scheme: 'pgp-inline', checks } : { kind: 'none' },
    display: root,
    // Text-mode literal data (gpg --textmode, as mutt sends inline PGP) carries CRLF line ends (RFC 9580 section 5.9);
    // the report's text uses LF like every other path. Signatures were checked over the bytes above, not this string.
    inlineText: new TextDecoder('utf-8').decode(decrypted.plaintext).replace(/\r\n/g, '\n'),
  };
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
  const content = await displayContent(ev.display);
  const signature = signatureReport(ev.coverage, from, ctx.warnings);
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
    encryption: { state: 'failed', scheme: isPgpEncrypted(root) ? 'pgp-mime' : 'pgp-inline', error },
    signature: { state: 'none', scheme: null, signer: null, acceptance: null, signedAt: null },
    text: null,
    html: null,
    attachments: [],
    autocrypt: await readAutocrypt(root.fields, from.length === 1 ? (from[0] as Mailbox).address : null),
    warnings: [...new Set([...ctx.warnings, error])],
  };
}
