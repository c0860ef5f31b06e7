// `sealmail seal`: signs and/or encrypts the message on stdin as PGP/MIME (default) or S/MIME and writes it to stdout.
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { seal } from '../../crypto/index.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import { CertificateStore } from '../certificates/certificate-store.js';
import { sealingKeys } from '../sealing-keys.js';
import { smimeSealFromStore } from '../smime-sealing-keys.js';
import { readStdin } from './input.js';
import { writeStdout } from './output.js';
import { mailSession, session, type Session } from './session.js';

interface SealFlags {
  sign?: boolean;
  encrypt?: boolean;
  pgp?: boolean;
  smime?: boolean;
  gcm?: boolean;
  preferEncrypt?: string;
}

/** `--prefer-encrypt`, shared by seal and send. */
export const PREFER_ENCRYPT_FLAG = '--prefer-encrypt <pref>';
export const PREFER_ENCRYPT_HELP =
  "OpenPGP: what your Autocrypt header announces: 'mutual' tells correspondents you want encrypted mail, so Autocrypt clients that want it too encrypt to you by default; 'nopreference' (the default) offers your key and states no wish";

/** The --prefer-encrypt value: Autocrypt Level 1 has only these two, and a typo must not announce the wrong one. */
export function preferEncryptFlag(value: string | undefined): 'mutual' | 'nopreference' {
  if (value === undefined || value === 'nopreference') return 'nopreference';
  if (value === 'mutual') return 'mutual';
  throw new SealmailError('bad-option', `--prefer-encrypt "${value}" is neither mutual nor nopreference`);
}

export function addSealCommand(program: Command): void {
  program
    .command('seal')
    .description('seal the RFC 5322 message on stdin (both --sign and --encrypt when neither is given)')
    .option('--sign', 'sign with your key (or S/MIME certificate) for the From address')
    .option('--encrypt', 'encrypt to every To/Cc/Bcc recipient and to yourself')
    .option('--pgp', 'use OpenPGP (PGP/MIME): the default')
    .option('--smime', 'use S/MIME with the certificates imported by: sealmail keys import FILE.p12')
    .option('--gcm', 'S/MIME: encrypt with AES-256-GCM (AuthEnvelopedData) instead of AES-256-CBC, which Outlook and Apple Mail read')
    .option(PREFER_ENCRYPT_FLAG, PREFER_ENCRYPT_HELP)
    .action(async (opts: SealFlags, command: Command) => {
      checkSchemeFlags(opts);
      const preferEncrypt = preferEncryptFlag(opts.preferEncrypt);
      const both = !opts.sign && !opts.encrypt;
      const sign = both || opts.sign === true;
      const encrypt = both || opts.encrypt === true;
      const message = await readStdin();
      if (opts.smime) {
        const { profile, passphrase } = mailSession(command);
        await writeStdout(await smimeSealFromStore({ store: await CertificateStore.open({ profile }), message, sign, encrypt, gcm: opts.gcm === true, passphrase: () => passphrase.get() }));
        return;
      }
      await writeStdout(await pgpSealed(session(command), message, sign, encrypt, preferEncrypt));
    });
}

/** --gcm only means something for S/MIME, --prefer-encrypt only for OpenPGP (Autocrypt), and one message has one scheme. */
export function checkSchemeFlags(opts: SealFlags): void {
  if (opts.pgp && opts.smime) throw new SealmailError('bad-option', 'choose one of --pgp and --smime');
  if (opts.gcm && !opts.smime) throw new SealmailError('bad-option', '--gcm is an S/MIME option: add --smime');
  if (opts.preferEncrypt !== undefined && opts.smime) throw new SealmailError('bad-option', '--prefer-encrypt is an OpenPGP (Autocrypt) option: S/MIME mail carries no Autocrypt header');
}

async function pgpSealed(s: Session, message: Uint8Array, sign: boolean, encrypt: boolean, preferEncrypt: 'mutual' | 'nopreference'): Promise<Uint8Array> {
  const keys = await sealingKeys({ keyring: await s.keyring(), message, encrypt });
  // The passphrase is asked only now, once every other reason to fail has been ruled out.
  const signingKey = sign ? await unlockKey({ key: keys.senderSecretKey, passphrase: await s.passphrase.get() }) : undefined;
  return seal({
    message,
    sign,
    encrypt,
    ...(signingKey ? { signingKey } : {}),
    ...(encrypt ? { encryptionKeys: keys.encryptionKeys, senderKey: keys.senderKey } : {}),
    preferEncrypt,
  });
}
