// Child process for case (e): Sealmail's S/MIME on one file, so its peak RSS is this operation's alone.
//   seal <smime dir> <input> <output>: smimeSeal, as `sealmail send --smime` does: signed by alice, then encrypted to bob and to alice as the sender.
//   open <smime dir> <input>: open() as bob (decrypt, then verify against the bench CA and the outer From); insists on
//   an encrypted message with a valid signature and prints the SHA-256 of the text shown, which the bench compares with the input's.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { open } from '../crypto/index.js';
import { smimeSeal } from '../crypto/smime/index.js';

const [mode, dir, input, output] = process.argv.slice(2) as ['seal' | 'open', string, string, string | undefined];
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

if (mode === 'seal') {
  const sealed = await smimeSeal({
    message: new Uint8Array(readFileSync(input)),
    sign: true,
    encrypt: true,
    signer: { certificate: read('alice.pem'), privateKey: read('alice.key') },
    recipients: [read('bob.pem')],
    sender: read('alice.pem'),
  });
  writeFileSync(output as string, sealed);
} else {
  // open(), as `sealmail read` runs it: decrypt, verify against the CA, check the signer against the outer From.
  const report = await open({
    message: new Uint8Array(readFileSync(input)),
    smime: { trustAnchors: [read('ca.pem')], identities: async () => [{ certificate: read('bob.pem'), privateKey: read('bob.key.der') }] },
  });
  if (report.encryption.state !== 'encrypted' || report.signature.state !== 'valid' || report.text === null) {
    throw new Error(`${input}: Sealmail's report says encryption ${report.encryption.state}, signature ${report.signature.state}`);
  }
  process.stdout.write(JSON.stringify({ textSha256: createHash('sha256').update(report.text).digest('hex') }));
}
