// Decompression bombs: a small ciphertext whose compressed packet inflates past MAX_DECOMPRESSED_BYTES is refused.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../crypto/index.js';
import { MAX_DECOMPRESSED_BYTES } from '../../crypto/policy.js';
import { person, type Person } from '../helpers/keys.js';
import { inline, pgpMime } from './craft.js';

const run = promisify(execFile);

// The bomb is made by GnuPG rather than openpgp.js: it is what an attacker would use, it reads the zeros straight
// from /dev/zero so they never sit in this process's memory, and it is about twice as fast (about 2 s for 272 MiB
// at zlib level 9 on one core, against 4 s for openpgp.js with a streamed input).
const BOMB_BYTES = MAX_DECOMPRESSED_BYTES + 16 * 1024 * 1024;

let bob: Person;
let gnupgHome: string;

beforeAll(async () => {
  bob = await person('Bob', 'bob@example.org');
  gnupgHome = await mkdtemp(join(tmpdir(), 'sealmail-bomb-'));
  await writeFile(join(gnupgHome, 'bob.asc'), bob.armoredPublic);
  await run('gpg', ['--homedir', gnupgHome, '--batch', '--quiet', '--import', join(gnupgHome, 'bob.asc')]);
});

afterAll(async () => {
  if (gnupgHome) await rm(gnupgHome, { recursive: true, force: true });
});

/** gpg's armored zlib-compressed encryption to Bob of whatever the shell command `source` writes. */
async function gpgEncrypt(source: string): Promise<string> {
  const gpg = `gpg --homedir '${gnupgHome}' --batch --quiet --trust-model always --compress-algo zlib -z 9 --armor --recipient bob@example.org --encrypt`;
  const { stdout } = await run('sh', ['-c', `${source} | ${gpg}`], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trimEnd().replace(/\r?\n/g, '\r\n');
}



describe('compressed ciphertext', () => {
  it('opens when it inflates to a normal size (the control: gpg-made compressed data is readable)', async () => {
    const armored = await gpgEncrypt(`{ printf 'Content-Type: text/plain\\r\\n\\r\\nThe zeros follow.\\r\\n'; head -c 1048576 /dev/zero; }`);
    const report = await open({ message: pgpMime(armored), decryptionKeys: async () => [bob.privateKey] });
    expect(report.encryption.state).toBe('encrypted');
    expect(report.text).toContain('The zeros follow.');
  });

  describe(`a bomb of ${BOMB_BYTES >> 20} MiB of zeros`, () => {
    let bomb: string;

    beforeAll(async () => {
      bomb = await gpgEncrypt(`head -c ${BOMB_BYTES} /dev/zero`);
      // The whole point: a message small enough to pass every size check on the way in.
      expect(bomb.length).toBeLessThan(1024 * 1024);
    });

    it.each([
      ['PGP/MIME', pgpMime],
      ['inline PGP', inline],
    ])('is refused as %s, quickly and without holding the inflated data', async (_, wrap) => {
      const started = performance.now();
      const report = await open({ message: wrap(bomb), decryptionKeys: async () => [bob.privateKey] });
      const seconds = (performance.now() - started) / 1000;

      expect(report.encryption.state).toBe('failed');
      expect(report.encryption.error).toBe('the encrypted data expands beyond the size limit (a decompression bomb?); nothing was shown');
      expect(report.text).toBeNull();
      expect(report.html).toBeNull();
      expect(report.attachments).toEqual([]);
      expect(seconds).toBeLessThan(10);
      // Peak memory of this test process: about 400 MiB with the limit; openpgp.js alone peaks near 940 MiB on
      // this bomb without it, before any MIME parsing of the result.
      expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(3 * MAX_DECOMPRESSED_BYTES);
    });
  });
});
