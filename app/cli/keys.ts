// `sealmail keys ...`: generate, import, export, list, revoke and delete OpenPGP keys and S/MIME certificates in the profile.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { exportKey, generateKey, keyInfo, readKeys, revokeKey, unlockKey } from '../../crypto/pgp/keys.js';
import { certificatePem } from '../certificates/certificate-facts.js';
import { type CertificatesToImport, importCertificates } from '../certificates/certificate-import.js';
import { classifyCertificateFile } from '../certificates/certificate-input.js';
import { CertificateStore, type StoredCertificate } from '../certificates/certificate-store.js';
import { writePkcs12 } from '../certificates/pkcs12.js';
import { importKeys, type KeyToImport } from '../key-import.js';
import { confirmOnTerminal } from './confirm.js';
import { addKeyAcceptCommands } from './key-accept.js';
import { addKeyBackupCommands } from './key-backup.js';
import { keyListJson, keyListText } from './key-list.js';
import { addKeyLookupCommands } from './key-lookup.js';
import { addKeyRefreshCommand } from './key-refresh.js';
import { findKeyOrCertificate } from './key-target.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';
import { passphraseSource } from './passphrase.js';
import { mailSession, session } from './session.js';

export function addKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage the keys in the profile: OpenPGP keys and S/MIME certificates, how far you accept them, finding, refreshing and backing them up');

  keys
    .command('generate')
    .description('create your own key (v4 Ed25519/Curve25519 unless --v6) and print its fingerprint')
    .requiredOption('--uid <uid>', 'user ID, "Name <address>"')
    .option('--v6', 'make an RFC 9580 v6 key (not readable by GnuPG 2.2)')
    .action(async (opts: { uid: string; v6?: boolean }, command: Command) => {
      const { keyring, passphrase } = session(command);
      const ring = await keyring();
      const generated = await generateKey({ uid: opts.uid, passphrase: await passphrase.get({ confirm: true }), v6: opts.v6 === true });
      const [key] = await readKeys({ data: new TextEncoder().encode(generated.privateKey) });
      if (!key) throw new SealmailError('bad-key', 'the generated key could not be read back');
      await ring.add({ key, source: 'generated' });
      await writeStdout(`${generated.fingerprint}\n`);
    });

  keys
    .command('import')
    .description(
      'add OpenPGP keys (armored or binary, several per file), X.509 certificates (PEM or DER, chains too) and PKCS#12 ' +
        'files (.p12/.pfx: your certificate with its private key, which is stored protected by the profile passphrase)',
    )
    .argument('<file...>', 'key, certificate or PKCS#12 files')
    .option('--p12-password-file <file>', 'read the password of the PKCS#12 files from the first line of FILE')
    .action(async (files: string[], opts: { p12PasswordFile?: string }, command: Command) => {
      const { keyring, passphrase } = session(command);
      const p12Password = opts.p12PasswordFile ? passphraseSource({ file: opts.p12PasswordFile }) : null;
      const toImport: KeyToImport[] = [];
      const certificates: CertificatesToImport[] = [];
      for (const file of files) {
        const data = await readInputFile(file);
        const source = resolve(file);
        const found = classifyCertificateFile({ data, name: file });
        if (found.kind === 'pkcs12') {
          if (!p12Password) {
            throw new SealmailError('passphrase-required', `${file} is a PKCS#12 file; give its password with --p12-password-file FILE`);
          }
          certificates.push({ kind: 'pkcs12', data, password: await p12Password.get(), source });
          continue;
        }
        if (found.kind === 'certificates') {
          certificates.push({ kind: 'certificates', certificates: found.certificates, source });
          continue;
        }
        const keysFound = await readKeys({ data }).catch((e: unknown) => {
          if (!(e instanceof SealmailError)) throw e;
          const neither = e.message === 'no OpenPGP key found in the data' ? ', nor an X.509 certificate or a PKCS#12 file' : '';
          throw new SealmailError(e.code, `${file}: ${e.message}${neither}`);
        });
        for (const key of keysFound) toImport.push({ key, source });
      }
      const store = certificates.length > 0 ? await CertificateStore.open({ profile: mailSession(command).profile }) : null;
      // Certificates first: their import is checked whole (PKCS#12 passwords, parsing) before the keyring changes.
      const importedCerts = store ? await importCertificates({ store, inputs: certificates, passphrase: () => passphrase.get() }) : [];
      const imported = toImport.length > 0 ? await importKeys({ keyring: await keyring(), keys: toImport, passphrase: () => passphrase.get() }) : [];
      const lines = [
        ...imported.map((k) => `${k.fingerprint}  ${k.secret ? 'secret' : 'public'}  ${k.status}  ${terminalLine(k.uid ?? '(no user ID)')}\n`),
        ...importedCerts.map((c) => `${c.fingerprint}  ${c.own ? 'certificate+key' : 'certificate'}  ${c.status}  ${terminalLine(c.subject)}\n`),
      ];
      await writeStdout(lines.join(''));
    });

  keys
    .command('export')
    .description('write a key to stdout: the public key, or with --secret the passphrase-protected secret key; a certificate as PEM')
    .argument('<id>', 'fingerprint, key ID (8+ hex digits), e-mail address, or part of a certificate subject')
    .option('--secret', 'export the secret key (stays passphrase-protected); for your certificate, a PKCS#12 file')
    .option('--armor', 'ASCII-armored output instead of binary')
    .option('--p12-password-file <file>', 'with --secret for a certificate: protect the PKCS#12 file with the first line of FILE')
    .action(async (id: string, opts: { secret?: boolean; armor?: boolean; p12PasswordFile?: string }, command: Command) => {
      const store = await CertificateStore.open({ profile: mailSession(command).profile });
      const target = await findKeyOrCertificate(await session(command).keyring(), store, id);
      if (target.kind === 'certificate') {
        if (!opts.secret) return writeStdout(certificatePem(target.entry.der));
        if (!opts.p12PasswordFile) throw new SealmailError('bad-option', 'exporting a certificate with its private key needs --p12-password-file FILE');
        if (process.stdout.isTTY) throw new SealmailError('bad-option', 'refusing to write a PKCS#12 file to a terminal; redirect stdout');
        const password = await passphraseSource({ file: opts.p12PasswordFile }).get();
        const privateKey = await store.privateKey(target.entry.fingerprint, await session(command).passphrase.get());
        await writeStdout(writePkcs12({ certificate: target.entry.der, chain: issuerChain(store, target.entry), privateKey, password }));
        return;
      }
      const armor = opts.armor === true;
      if (!armor && process.stdout.isTTY) {
        throw new SealmailError('bad-option', 'refusing to write binary key data to a terminal; add --armor or redirect stdout');
      }
      await writeStdout(exportKey({ key: target.entry.key, secret: opts.secret === true, armor }));
    });

  keys
    .command('list')
    .description('show the keys in the keyring: OpenPGP keys and S/MIME certificates; with ADDR, only those for that address')
    .argument('[addr]', 'an e-mail address: every OpenPGP key and certificate for it, in one view')
    .option('--json', 'print a JSON array instead of a table')
    .action(async (addr: string | undefined, opts: { json?: boolean }, command: Command) => {
      const wanted = addr?.trim().toLowerCase();
      const entries = (await session(command).keyring()).list();
      const all = await Promise.all(entries.map(async (e) => ({ info: await keyInfo({ key: e.key }), meta: e.meta })));
      const listed = wanted === undefined ? all : all.filter(({ info }) => info.userIds.some((u) => u.address === wanted));
      const stored = (await CertificateStore.open({ profile: mailSession(command).profile })).list();
      const certificates = wanted === undefined ? stored : stored.filter((c) => c.facts.emails.includes(wanted));
      if (wanted !== undefined && listed.length === 0 && certificates.length === 0) {
        throw new SealmailError('no-key', `no OpenPGP key and no S/MIME certificate for ${wanted}; find one with: sealmail keys lookup ${wanted}`);
      }
      await writeStdout(opts.json ? keyListJson(listed, certificates) : keyListText(listed, certificates));
    });

  keys
    .command('delete')
    .description('delete an OpenPGP key or an S/MIME certificate (with its private key, if yours) from the profile')
    .argument('<id>', 'fingerprint, key ID (8+ hex digits), e-mail address, or part of a certificate subject')
    .option('--yes', 'delete without asking; needed when there is no terminal to ask on')
    .action(async (id: string, opts: { yes?: boolean }, command: Command) => {
      const ring = await session(command).keyring();
      const store = await CertificateStore.open({ profile: mailSession(command).profile });
      const target = await findKeyOrCertificate(ring, store, id);
      const secret = target.kind === 'openpgp' ? target.entry.key.isPrivate() : target.entry.meta.own;
      const what = `${target.kind === 'openpgp' ? 'OpenPGP key' : 'certificate'} ${target.entry.fingerprint}${secret ? ' and its secret key' : ''}`;
      if (!opts.yes) {
        const answer = await confirmOnTerminal('', `Delete the ${what}? This cannot be undone.`);
        if (answer === null) throw new SealmailError('bad-option', `deleting the ${what} cannot be undone; add --yes to confirm`);
        if (!answer) throw new SealmailError('bad-option', 'nothing deleted');
      }
      if (target.kind === 'openpgp') await ring.remove(target.entry.fingerprint);
      else await store.remove(target.entry.fingerprint);
      await writeStdout(`${target.entry.fingerprint}  deleted\n`);
    });

  keys
    .command('revoke')
    .description('revoke one of your keys and print its revocation certificate')
    .argument('<id>', 'fingerprint, key ID (8+ hex digits) or e-mail address')
    .action(async (id: string, _opts: object, command: Command) => {
      const { keyring, passphrase } = session(command);
      const ring = await keyring();
      const { key, fingerprint } = await ring.find(id);
      if (!key.isPrivate()) throw new SealmailError('no-key', `the keyring has no secret key for ${fingerprint}; only its owner can revoke it`);
      const unlocked = await unlockKey({ key, passphrase: await passphrase.get() });
      const revoked = await revokeKey({ key: unlocked });
      // Merging the public half adds the revocation while the stored secret stays protected as it was.
      await ring.add({ key: revoked.publicKey, provenance: null });
      await writeStdout(revoked.revocationCertificate.endsWith('\n') ? revoked.revocationCertificate : `${revoked.revocationCertificate}\n`);
    });

  addKeyBackupCommands(keys);
  addKeyLookupCommands(keys);
  addKeyAcceptCommands(keys);
  addKeyRefreshCommand(keys);
}

/** The stored CA certificates above `leaf`, found by issuer name, for a PKCS#12 export the receiver can build a path from. */
function issuerChain(store: CertificateStore, leaf: StoredCertificate): Uint8Array[] {
  const chain: Uint8Array[] = [];
  let current = leaf;
  while (chain.length < 8 && current.facts.issuer !== current.facts.subject) {
    const issuer = store.list().find((c) => c.facts.ca && c.facts.subject === current.facts.issuer);
    if (!issuer) break;
    chain.push(issuer.der);
    current = issuer;
  }
  return chain;
}
