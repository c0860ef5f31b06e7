// The base64 body of application/pkcs7-mime, written from DER byte runs into one buffer: the same text as a plain base64 encoder's.
import { describe, expect, it } from 'vitest';
import { envelopedCms, envelopedEntity } from '../../../crypto/smime/enveloped-mime.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('envelopedEntity', () => {
  it('writes 76-character CRLF lines equal to base64 of the joined runs, for runs split anywhere and any prefix length', () => {
    const whole = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const total of [0, 1, 2, 3, 56, 57, 58, 114, 1000]) {
      const bytes = whole.subarray(0, total);
      const wanted = total === 0 ? '' : Buffer.from(bytes).toString('base64').match(/.{1,76}/g)?.join('\r\n') + '\r\n';
      for (const cuts of [[], [1], [56, 57], [3, 3, 60], [0, 0, total]]) {
        const runs: Uint8Array[] = [];
        let from = 0;
        for (const cut of cuts.filter((c) => c <= total)) {
          runs.push(bytes.subarray(from, Math.max(from, cut)));
          from = Math.max(from, cut);
        }
        runs.push(bytes.subarray(from));
        for (const prefix of ['', 'X', 'Subject: odd\r\n']) {
          const entity = text(envelopedEntity(runs, 'enveloped-data', [new TextEncoder().encode(prefix)]));
          expect(entity.startsWith(`${prefix}Content-Type: application/pkcs7-mime;`)).toBe(true);
          expect(entity).toContain('smime-type=enveloped-data');
          expect(entity.slice(entity.indexOf('\r\n\r\n') + 4)).toBe(wanted);
        }
      }
    }
  });

  it('round-trips through envelopedCms', () => {
    const cms = Uint8Array.from({ length: 5000 }, (_, i) => (i * 101) & 0xff);
    expect(envelopedCms(envelopedEntity([cms.subarray(0, 17), cms.subarray(17)], 'authEnveloped-data'))).toEqual(cms);
  });
});
