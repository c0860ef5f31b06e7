// `sealmail keys accept` and `keys show`: set how far a key is trusted, in Thunderbird's words, and show its fingerprint for comparing.
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { keyInfo } from '../../crypto/pgp/keys.js';
import { ACCEPTANCE_LEVELS, acceptanceFromLevel, acceptanceLevel, checkTypedFingerprint, fingerprintQrPayload, groupedFingerprint } from '../key-acceptance.js';
import { provenanceText } from '../key-provenance.js';
import { provenancesOf } from '../keyring.js';
import { terminalLine, writeStdout } from './output.js';
import { session } from './session.js';

export function addKeyAcceptCommands(keys: Command): void {
  keys
    .command('accept')
    .description(
      `say how far you trust someone's key: ${ACCEPTANCE_LEVELS.join(', ')}. "verified" needs --fingerprint: the fingerprint ` +
        "you compared with the key's owner (read aloud, or scanned from their QR code); a rejected key is never used",
    )
    .argument('<id>', 'fingerprint, key ID (8+ hex digits) or e-mail address')
    .requiredOption('--level <level>', ACCEPTANCE_LEVELS.join(' | '))
    .option('--fingerprint <fpr>', 'with --level verified: the fingerprint as the owner gave it (spaces allowed)')
    .action(async (id: string, opts: { level: string; fingerprint?: string }, command: Command) => {
      const acceptance = acceptanceFromLevel(opts.level);
      const ring = await session(command).keyring();
      const entry = await ring.find(id);
      if (entry.key.isPrivate()) throw new SealmailError('bad-option', `key ${entry.fingerprint} is your own; its acceptance is "own"`);
      if (acceptance === 'verified') {
        if (opts.fingerprint === undefined) {
          throw new SealmailError(
            'bad-option',
            `verifying compares fingerprints: read ${groupedFingerprint(entry.fingerprint)} with the key's owner, then repeat with --fingerprint and the fingerprint they gave you`,
          );
        }
        checkTypedFingerprint(opts.fingerprint, entry.fingerprint);
      } else if (opts.fingerprint !== undefined) {
        throw new SealmailError('bad-option', '--fingerprint goes with --level verified only');
      }
      const change = entry.meta.keyChange;
      await ring.setAcceptance(entry.fingerprint, acceptance);
      const decided = change ? `; the key change for ${change.addresses.join(', ')} is decided (${change.replaces.join(', ')} stays as it was)` : '';
      await writeStdout(`${entry.fingerprint}  ${opts.level}${terminalLine(decided)}\n`);
    });

  keys
    .command('show')
    .description('show one key: its fingerprint grouped for reading aloud, acceptance, where it came from, and any key change')
    .argument('<id>', 'fingerprint, key ID (8+ hex digits) or e-mail address')
    .option('--qr', 'print only the QR code payload, OPENPGP4FPR:<FINGERPRINT> (the format OpenKeychain, K-9 and Delta Chat scan)')
    .action(async (id: string, opts: { qr?: boolean }, command: Command) => {
      const { fingerprint, key, meta } = await (await session(command).keyring()).find(id);
      if (opts.qr) return writeStdout(`${fingerprintQrPayload(fingerprint)}\n`);
      const info = await keyInfo({ key });
      const expiry = info.expires ? `${info.expired ? 'expired' : 'expires'} ${info.expires.slice(0, 10)}` : 'does not expire';
      const lines = [
        `${info.secret ? 'sec' : 'pub'}  ${groupedFingerprint(fingerprint)}`,
        `     acceptance  ${acceptanceLevel(meta.acceptance)}`,
        `     created     ${info.created.slice(0, 10)}, ${expiry}${info.revoked ? ', REVOKED' : ''}`,
        ...info.userIds.map((u) => `     uid         ${terminalLine(u.uid)}${u.revoked ? '  (revoked)' : ''}`),
        ...provenancesOf(meta).map((p) => `     from        ${terminalLine(provenanceText(p))}`),
        ...(meta.keyChange
          ? [`     KEY CHANGE  for ${terminalLine(meta.keyChange.addresses.join(', '))}, seen ${meta.keyChange.seenAt}: not used; still using ${meta.keyChange.replaces.join(', ')}`]
          : []),
        `     qr          ${fingerprintQrPayload(fingerprint)}`,
      ];
      return writeStdout(`${lines.join('\n')}\n`);
    });
}
