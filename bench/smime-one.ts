// Child process for case (e): Sealmail's S/MIME on one file, so its peak RSS is this operation's alone.
//   seal <smime dir> <input> <output>: smimeSign (alice) then smimeEncrypt (to bob, and alice as the sender).
//   open <smime dir> <input>: smimeDecrypt (bob) then verifySmime against the bench CA; insists on a valid
//   signature and prints the SHA-256 of the signed entity's body, which the bench compares with the input's.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { smimeDecrypt, smimeEncrypt, smimeSign, verifySmime } from '../crypto/smime/index.js';

const [mode, dir, input, output] = process.argv.slice(2) as ['seal' | 'open', string, string, string | undefined];
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

if (mode === 'seal') {
  const signed = await smimeSign({ message: new Uint8Array(readFileSync(input)), signer: { certificate: read('alice.pem'), privateKey: read('alice.key') } });
  const { mime } = await smimeEncrypt({ message: signed, recipients: [read('bob.pem')], sender: read('alice.pem') });
  writeFileSync(output as string, mime);
} else {
  const { content } = await smimeDecrypt({ message: new Uint8Array(readFileSync(input)), privateKey: read('bob.key.der'), certificate: read('bob.pem') });
  const verified = await verifySmime({ message: content, trustAnchors: [read('ca.pem')] });
  if (verified.signature.state !== 'valid') {
    throw new Error(`${input}: Sealmail's signature state is ${verified.signature.state}: ${verified.checks.map((c) => JSON.stringify(c.outcome)).join(', ')}`);
  }
  process.stdout.write(JSON.stringify({ bodySha256: createHash('sha256').update(verified.content.body).digest('hex') }));
}
