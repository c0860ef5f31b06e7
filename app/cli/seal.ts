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
    .action(async (opts: SealFlags, command: Command) => {
      checkSchemeFlags(opts);
      const both = !opts.sign && !opts.encrypt;
      const sign = both || opts.sign === true;
      const encrypt = both || opts.encrypt === true;
      const message = await readStdin();
      if (opts.smime) {
        const { profile, passphrase } = mailSession(command);
        await writeStdout(await smimeSealFromStore({ store: await CertificateStore.open({ profile }), message, sign, encrypt, gcm: opts.gcm === true, passphrase: () => passphrase.get() }));
        return;
      }
      await writeStdout(await pgpSealed(session(command), message, sign, encrypt));
    });
}

/** --gcm only means something for S/MIME, and one message has one scheme. */
export function checkSchemeFlags(opts: SealFlags): void {
  if (opts.pgp && opts.smime) throw new SealmailError('bad-option', 'choose one of --pgp and --smime');
  if (opts.gcm && !opts.smime) throw new SealmailError('bad-option', '--gcm is an S/MIME option: add --smime');
}

async function pgpSealed(s: Session, message: Uint8Array, sign: boolean, encrypt: boolean): Promise<Uint8Array> {
  const keys = await sealingKeys({ keyring: await s.keyring(), message, encrypt });
  // The passphrase is asked only now, once every other reason to fail has been ruled out.
  const signingKey = sign ? await unlockKey({ key: keys.senderSecretKey, passphrase: await s.passphrase.get() }) : undefined;
  return seal({
    message,
    sign,
    encrypt,
    ...(signingKey ? { signingKey } : {}),
    ...(encrypt ? { encryptionKeys: keys.encryptionKeys, senderKey: keys.senderKey } : {}),
  });
}
