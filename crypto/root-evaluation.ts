// What the MIME root's cryptography covers: its decryption, the signatures over what is shown, and crypto nested below it.
import { readSignature, type PrivateKey, type Signature } from 'openpgp';
import { isSealmailError, SealmailError } from './errors.js';
import { findInlineBlock } from './inline-pgp.js';
import { encodeUtf8, toCanonicalCrlf } from './mime/bytes.js';
import { displayContent } from './mime/content.js';
import { parseEntity, type MimeEntity } from './mime/entity.js';
import { decodeBody } from './mime/transfer.js';
import { decryptMessage, type Decrypted } from './pgp/decrypt.js';
import { checkSignatures, type KnownKey, type SignatureCheck } from './pgp/verify.js';
import { pgpConfig } from './policy.js';
import { isSmimeOpaqueSigned, isSmimeSigned, smimeDecrypt, verifySmimeEntity, type SmimeDecrypted, type SmimeSignatureCheck } from './smime/index.js';
import type { SecurityReport, SignatureScheme } from './report.js';
import type { Coverage } from './signature-state.js';

export interface SmimeOpenOptions {
  trustAnchors: readonly Uint8Array[];
  distrusted?: readonly Uint8Array[];
  /** The user's certificates with their PKCS#8 private keys; called only for S/MIME encrypted mail. */
  identities?: () => Promise<{ certificate: Uint8Array; privateKey: Uint8Array }[]>;
  /**
   * Called once per message whose S/MIME signature is reported 'valid' (whole message, one From, the signer's
   * certificate for that From, a path to an anchor), with the certificates to keep for encrypting to the sender.
   */
  harvest?: (certificates: SmimeHarvest) => void | Promise<void>;
}

/** A validly signing sender's certificates: their own (DER) and the intermediates of its validated path (DER, anchor left out). */
export interface SmimeHarvest {
  /** The From address the certificate was checked against. */
  address: string;
  signer: Uint8Array;
  chain: Uint8Array[];
}

export interface Context {
  keys: KnownKey[];
  date: Date;
  warnings: string[];
  decryptionKeys: () => Promise<PrivateKey[]>;
  /**
   * Decrypts the data part (the second) of a PGP/MIME multipart/encrypted root. open() decrypts the part's bytes;
   * openStream() has already fed them to openpgp.js as they streamed past, and hands over that result.
   */
  decryptDataPart: (part: MimeEntity) => Promise<Decrypted>;
  /** Whether the report's attachments carry their bytes. */
  attachmentContent: boolean;
  /** S/MIME trust anchors and distrusted certificates (the caller's: crypto/ reads no trust store), and the user's identities. */
  smime: SmimeOpenOptions;
}

export interface Evaluation {
  encryption: SecurityReport['encryption'];
  coverage: Coverage;
  /** The entity whose content is shown. */
  display: MimeEntity;
  /** Set when the shown text comes from an inline PGP block rather than the entity. */
  inlineText: string | null;
}

export async function evaluate(root: MimeEntity, ctx: Context): Promise<Evaluation> {
  let encryption: SecurityReport['encryption'] = { state: 'none', scheme: null, error: null, integrity: null };
  let display = root;
  let coverage: Coverage = { kind: 'none' };

  if (isPgpEncryptedType(root) && !isPgpEncrypted(root)) {
    // It says it is encrypted, so it must not pass for an ordinary unencrypted message.
    throw new SealmailError('bad-message', 'the encrypted message is damaged or truncated: its encrypted part is missing');
  }
  if (isPgpEncrypted(root)) {
    const decrypted = await ctx.decryptDataPart(root.children[1] as MimeEntity);
    encryption = { state: 'encrypted', scheme: 'pgp-mime', error: null, integrity: 'authenticated' };
    display = parseEntity(decrypted.plaintext, 0, decrypted.plaintext.length, '', 'text/plain', { parts: 0 }, 1);
    if (decrypted.signatures.length > 0) {
      coverage = { kind: 'full', scheme: 'pgp-mime', checks: await checkSignatures(decrypted.plaintext, decrypted.signatures, ctx.keys, ctx.date, decrypted.verified) };
    }
  } else if (isSmimeEnveloped(root)) {
    const decrypted = await decryptSmime(root, ctx);
    encryption = { state: 'encrypted', scheme: 'smime', error: null, integrity: decrypted.integrity === 'aead' ? 'authenticated' : 'none' };
    if (decrypted.integrity === 'none') {
      const cbc = decrypted.contentEncryption === 'des-ede3-cbc' ? '3DES-CBC' : 'AES-CBC';
      ctx.warnings.push(`this message was encrypted without integrity protection (S/MIME ${cbc}): anyone on the way could have altered it unseen`);
    }
    ctx.warnings.push(...decrypted.warnings);
    display = parseEntity(decrypted.content, 0, decrypted.content.length, '', 'text/plain', { parts: 0 }, 1);
  } else if (root.children.length === 0 && root.type === 'text/plain') {
    const inline = await evaluateInline(root, ctx);
    if (inline) return inline;
  }

  if (isPgpSigned(display)) {
    const signed = display.children[0] as MimeEntity;
    const checks = await checkDetached(signed, display.children[1] as MimeEntity, ctx);
    coverage = coverage.kind === 'full' ? { ...coverage, checks: [...coverage.checks, ...checks] } : { kind: 'full', scheme: 'pgp-mime', checks };
    display = signed;
  } else if (coverage.kind === 'none' && (isSmimeSigned(display) || isSmimeOpaqueSigned(display))) {
    // RFC 8551 section 3.5: a signed entity, verified over its received bytes with path validation at the signing time.
    const { trustAnchors, distrusted } = ctx.smime;
    const verified = await verifySmimeEntity({ entity: display, trustAnchors, ...(distrusted ? { distrusted } : {}), date: ctx.date });
    coverage = { kind: 'full', scheme: 'smime', checks: verified.checks };
    ctx.warnings.push(...verified.warnings);
    display = verified.content;
  }

  const nested = await nestedCrypto(display, ctx);
  if (coverage.kind === 'none' && nested.checks.length > 0) coverage = { kind: 'partial', scheme: nested.scheme, checks: nested.checks };
  return { encryption, coverage, display, inlineText: null };
}

/** RFC 8551 section 3.3: application/pkcs7-mime holding EnvelopedData or AuthEnvelopedData (smime.p7m without a smime-type too). */
export function isSmimeEnveloped(e: Pick<MimeEntity, 'type' | 'params'>): boolean {
  if (e.type !== 'application/pkcs7-mime' && e.type !== 'application/x-pkcs7-mime') return false;
  const kind = (e.params['smime-type'] ?? '').toLowerCase();
  return kind === 'enveloped-data' || kind === 'authenveloped-data' || (kind === '' && /\.p7m$/i.test(e.params.name ?? ''));
}

/** Tries each of the user's S/MIME identities; asked for only now, so plain mail never needs them. */
async function decryptSmime(root: MimeEntity, ctx: Context): Promise<SmimeDecrypted> {
  const identities = ctx.smime.identities ? await ctx.smime.identities() : [];
  if (identities.length === 0) throw new SealmailError('decrypt-failed', 'this message is S/MIME encrypted and you have no S/MIME certificate with its private key');
  let last: unknown;
  for (const { certificate, privateKey } of identities) {
    try {
      return await smimeDecrypt({ message: root.raw, certificate, privateKey });
    } catch (e) {
      // Another identity may be the recipient; an integrity failure is final whoever the recipient is.
      if (isSealmailError(e) && e.code === 'integrity') throw e;
      last = e;
    }
  }
  throw last instanceof SealmailError ? last : new SealmailError('decrypt-failed', 'this message was not encrypted to any of your S/MIME certificates');
}

/** RFC 3156 section 4: the root whose second part open() and openStream() decrypt. */
export function isPgpEncrypted(e: MimeEntity): boolean {
  return isPgpEncryptedType(e) && e.children.length >= 2;
}

/** What the header alone says: multipart/encrypted of protocol application/pgp-encrypted. */
export function isPgpEncryptedType(e: Pick<MimeEntity, 'type' | 'params'>): boolean {
  return e.type === 'multipart/encrypted' && (e.params.protocol ?? '').toLowerCase() === 'application/pgp-encrypted';
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
 * Signed or encrypted parts below the displayed root, OpenPGP and S/MIME alike. Signed ones are verified but only
 * count as partial; encrypted ones are never decrypted automatically (EFAIL direct exfiltration), only named.
 * The scheme is that of the first signed part found.
 */
async function nestedCrypto(display: MimeEntity, ctx: Context): Promise<{ scheme: SignatureScheme; checks: SignatureCheck[] }> {
  const checks: SignatureCheck[] = [];
  const first: { scheme: SignatureScheme } = { scheme: null };
  const visit = async (part: MimeEntity): Promise<void> => {
    if (isPgpSigned(part)) {
      first.scheme ??= 'pgp-mime';
      try {
        const signature = await readDetached(part.children[1] as MimeEntity);
        checks.push(...(await checkSignatures(toCanonicalCrlf((part.children[0] as MimeEntity).raw), [signature], ctx.keys, ctx.date)));
      } catch {
        ctx.warnings.push(`part ${part.path} carries a damaged signature`);
      }
    } else if (isSmimeSigned(part) || isSmimeOpaqueSigned(part)) {
      first.scheme ??= 'smime';
      const { trustAnchors, distrusted } = ctx.smime;
      const verified = await verifySmimeEntity({ entity: part, trustAnchors, ...(distrusted ? { distrusted } : {}), date: ctx.date });
      checks.push(...verified.checks);
      ctx.warnings.push(...verified.warnings);
      // Opaque signed-data has its content inside the CMS, where nothing more is looked for.
      if (isSmimeOpaqueSigned(part)) return;
    } else if (isPgpEncrypted(part) || part.type === 'application/pgp-encrypted' || part.type === 'application/octet-stream' && looksLikePgpMessage(part)) {
      ctx.warnings.push(`part ${part.path} is encrypted but is not the whole message; it was not decrypted (it could leak its plaintext to whoever wrapped it)`);
      return;
    } else if (isSmimeEnveloped(part)) {
      ctx.warnings.push(`part ${part.path} is S/MIME encrypted but is not the whole message; it was not decrypted (it could leak its plaintext to whoever wrapped it)`);
      return;
    } else if (part.children.length === 0 && part.type === 'text/plain' && looksLikePgpMessage(part)) {
      ctx.warnings.push(`part ${part.path} holds an inline encrypted block inside a larger message; it was not decrypted`);
    }
    for (const child of part.children) await visit(child);
  };
  for (const child of display.children) await visit(child);
  return { scheme: first.scheme, checks };
}

/**
 * Hands a validly signing sender's certificate and its path's intermediates to the caller's harvest callback.
 * Called by the report builder only when the signature state is 'valid' for S/MIME, i.e. after the From check.
 */
export async function harvestSigner(coverage: Coverage, address: string, ctx: Context): Promise<void> {
  const { harvest } = ctx.smime;
  if (!harvest || coverage.kind !== 'full' || coverage.scheme !== 'smime') return;
  const check = coverage.checks.find(
    (c): c is SmimeSignatureCheck => c.outcome === 'good' && 'certificate' in c && c.certificate !== null && c.signerAddresses.includes(address),
  );
  if (!check?.certificate) return;
  try {
    await harvest({ address, signer: check.certificate, chain: check.path.slice(0, -1) });
  } catch (e) {
    // Keeping the certificate is a convenience; the message still reads as it is.
    ctx.warnings.push(`the sender's certificate could not be kept: ${e instanceof Error ? e.message : String(e)}`);
  }
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
    return { encryption: { state: 'none', scheme: null, error: null, integrity: null }, coverage, display: root, inlineText: block.alone ? block.text : text };
  }
  if (!block.alone) {
    ctx.warnings.push('the text holds an inline encrypted block among other text; it was not decrypted');
    return null;
  }
  const decrypted = await decryptMessage(encodeUtf8(block.armored), ctx.decryptionKeys, ctx.keys.map((k) => k.key), ctx.date);
  const checks =
    decrypted.signatures.length > 0 ? await checkSignatures(decrypted.plaintext, decrypted.signatures, ctx.keys, ctx.date, decrypted.verified) : [];
  return {
    encryption: { state: 'encrypted', scheme: 'pgp-inline', error: null, integrity: 'authenticated' },
    coverage: checks.length > 0 ? { kind: 'full', scheme: 'pgp-inline', checks } : { kind: 'none' },
    display: root,
    // Text-mode literal data (gpg --textmode, as mutt sends inline PGP) carries CRLF line ends (RFC 9580 section 5.9);
    // the report's text uses LF like every other path. Signatures were checked over the bytes above, not this string.
    inlineText: new TextDecoder('utf-8').decode(decrypted.plaintext).replace(/\r\n/g, '\n'),
  };
}
