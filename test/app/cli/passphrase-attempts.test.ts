// Counting wrong passphrases: each refusal says which attempt it was; a terminal gets three tries, a file one.
import { describe, expect, it } from 'vitest';
import { SealmailError } from '../../../crypto/errors.js';
import { withPassphraseAttempts } from '../../../app/cli/passphrase-attempts.js';
import { ordinal } from '../../../app/wrong-passphrase.js';

function tries(answers: string[], right: string) {
  const asked: string[] = [];
  const warnings: string[] = [];
  return {
    asked,
    warnings,
    ask: () => {
      const next = answers.shift() ?? '';
      asked.push(next);
      return Promise.resolve(next);
    },
    use: (p: string) => (p === right ? Promise.resolve(`opened with ${p}`) : Promise.reject(new SealmailError('wrong-passphrase', 'wrong backup passphrase'))),
    warn: (line: string) => warnings.push(line),
  };
}

describe('withPassphraseAttempts', () => {
  it('counts each wrong passphrase aloud and goes on until the right one', async () => {
    const t = tries(['one', 'two', 'right'], 'right');
    expect(await withPassphraseAttempts({ ...t, attempts: 3 })).toBe('opened with right');
    expect(t.warnings).toEqual(['wrong backup passphrase (1st failed attempt); try again', 'wrong backup passphrase (2nd failed attempt); try again']);
  });

  it('gives up after the last attempt with the count in the error, asking no more', async () => {
    const t = tries(['a', 'b', 'c', 'right'], 'right');
    await expect(withPassphraseAttempts({ ...t, attempts: 3, giveUp: 'nothing was restored' })).rejects.toMatchObject({
      code: 'wrong-passphrase',
      message: 'wrong backup passphrase (3rd failed attempt); nothing was restored',
    });
    expect(t.asked).toEqual(['a', 'b', 'c']);
  });

  it('tries a passphrase from a file once, and passes other errors through at once', async () => {
    const t = tries(['a'], 'right');
    await expect(withPassphraseAttempts({ ...t, attempts: 1 })).rejects.toThrow(/^wrong backup passphrase \(1st failed attempt\)$/);
    expect(t.warnings).toEqual([]);
    const broken = tries(['x', 'y'], 'right');
    await expect(withPassphraseAttempts({ ...broken, use: () => Promise.reject(new SealmailError('bad-key', 'damaged')), attempts: 3 })).rejects.toThrow('damaged');
    expect(broken.asked).toEqual(['x']);
  });

  it('names attempts in English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th',
    ]);
  });
});
