// `sealmail seal`: signs and/or encrypts the message on stdin as PGP/MIME and writes it to stdout.
import type { Command } from 'commander';
import { seal } from '../../crypto/index.js';
import { unlockKey } from '../../crypto/pgp/keys.js';
import { sealingKeys } from '../sealing-keys.js';
import { readStdin } from './input.js';
import { writeStdout } from './output.js';
import { session } from './session.js';

export function addSealCommand(program: Command): void {
  program
    .command('seal')
    .description('seal the RFC 5322 message on stdin (both --sign and --encrypt when neither is given)')
    .option('--sign', 'sign with your key for the From address')
    .option('--encrypt', 'encrypt to every To/Cc/Bcc recipient and to yourself')
    .option('--pgp', 'use OpenPGP (PGP/MIME); the only scheme so far, accepted for forward compatibility')
    .action(async (opts: { sign?: boolean; encrypt?: boolean }, command: Command) => {
      const both = !opts.sign && !opts.encrypt;
      const sign = both || opts.sign === true;
      const encrypt = both || opts.encrypt === true;
      const { keyring, passphrase } = session(command);
      const message = await readStdin();
      const keys = await sealingKeys({ keyring: await keyring(), message, encrypt });
      // The passphrase is asked only now, once every other reason to fail has been ruled out.
      const signingKey = sign ? await unlockKey({ key: keys.senderSecretKey, passphrase: await passphrase.get() }) : undefined;
      const sealed = await seal({
        message,
        sign,
        encrypt,
        ...(signingKey ? { signingKey } : {}),
        ...(encrypt ? { encryptionKeys: keys.encryptionKeys, senderKey: keys.senderKey } : {}),
      });
      await writeStdout(sealed);
    });
}
