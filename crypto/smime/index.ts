// Public surface of crypto/smime/: S/MIME (RFC 8551) signing, verification with path validation, and encryption.
//
// Signing (for seal):
//   const bytes = await smimeSign({ message, signer: { certificate, chain, privateKey }, date? });
//   `message` is the plain RFC 5322 draft (one From); the result is the whole message, its root
//   multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256, the first part the
//   draft's content in canonical 7-bit form. Certificates are DER or PEM; the key is unencrypted PKCS#8.
//   Throws SealmailError: 'no-signing-key' (certificate not for From), 'bad-key' (wrong usage, expired,
//   key not matching the certificate), 'bad-message', 'bad-option'.
//
// Verifying (for open / root-evaluation):
//   if (isSmimeSigned(entity) || isSmimeOpaqueSigned(entity)) {
//     const { checks, content, warnings } = await verifySmimeEntity({ entity, trustAnchors, distrusted?, date? });
//     coverage = { kind: 'full', scheme: 'smime', checks };   // checks are SignatureCheck-compatible
//     display = content;                                      // first part, or the parsed eContent of opaque signed-data
//     ctx.warnings.push(...warnings);                         // includes REVOCATION_NOT_CHECKED
//   }
//   signatureReport(coverage, from, warnings) then gives valid / invalid / unknown-signer / mismatch / expired / none:
//     outcome 'good'        -> valid, or mismatch when no good signer's certificate address (SAN rfc822Name,
//                              else subject emailAddress) is the single From
//     outcome 'bad'         -> invalid (bad signature, CMS confusion, no signers, wrong key usage/EKU,
//                              a broken path such as an intermediate without cA, or any signer failing among several)
//     outcome 'unknown-key' -> unknown-signer (no path to a trust anchor, distrusted, certificate missing)
//     outcome 'expired'     -> expired (a certificate on the path outside its validity at signingTime, else `date`)
//   Each check also carries the signer's `certificate` and validated `path` (DER) for harvesting after a good signature.
//   verifySmime({ message, trustAnchors, distrusted?, date? }) does all of this for a whole message whose root is
//   S/MIME signed and returns the report's `signature` section too (for the CLI and tests).
//
// Trust is the caller's: `trustAnchors` (e.g. tls.rootCertificates plus the user's anchors, read in app/) and `distrusted`.
// Revocation is not checked; REVOCATION_NOT_CHECKED says so in the warnings.

// --- signing and verification ---
export { smimeSign, SMIME_SIGN_OPTIONS, type SmimeSignOptions, type SmimeSigner } from './sign.js';
export {
  verifySmime,
  verifySmimeEntity,
  isSmimeSigned,
  isSmimeOpaqueSigned,
  REVOCATION_NOT_CHECKED,
  SMIME_VERIFY_OPTIONS,
  SMIME_VERIFY_ENTITY_OPTIONS,
  type SmimeSignatureCheck,
  type SmimeEntityVerification,
  type SmimeVerification,
  type SmimeVerifyOptions,
  type SmimeVerifyEntityOptions,
  type SmimeTrust,
} from './verify.js';
export { validatePath, type PathInput, type PathOutcome } from './path-validation.js';
export { readCertificate, readCertificates, certificateAddresses, certificateFingerprint, certificateBytes } from './certificate.js';
export { keyUsage, extendedKeyUsage, signingUsageProblem, issuerUsageProblem, type KeyUsageBit } from './certificate-usage.js';
export { smimeEngine } from './engine.js';

// --- encryption and decryption (added by the encryption work) ---
export * from './encryption.js';

// --- sealing: sign and/or encrypt a whole message (for seal / send) ---
export { smimeSeal, SMIME_SEAL_OPTIONS, type SmimeSealOptions } from './seal.js';
