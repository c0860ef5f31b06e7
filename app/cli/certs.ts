// `sealmail certs ...`: the S/MIME trust anchors (Mozilla's roots, yours, the distrusted ones) and the stored certificates.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { classifyCertificateFile } from '../certificates/certificate-input.js';
import { CertificateStore, type TrustAnchor } from '../certificates/certificate-store.js';
import { certificateJson, certificateText } from './key-list.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';
import { mailSession } from './session.js';

export function addCertsCommands(program: Command): void {
  const certs = program.command('certs').description('manage S/MIME certificates and the roots they are trusted through');
  const open = (command: Command): Promise<CertificateStore> => CertificateStore.open({ profile: mailSession(command).profile });

  certs
    .command('list')
    .description('show the stored certificates, or with --anchors the trust anchors')
    .option('--anchors', 'list the trust anchors: built-in (Mozilla, as shipped with Node) and added, marking the distrusted ones')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { anchors?: boolean; json?: boolean }, command: Command) => {
      const store = await open(command);
      if (opts.anchors) {
        await writeStdout(opts.json ? anchorsJson(store) : anchorsText(store));
        return;
      }
      const listed = store.list();
      if (opts.json) await writeStdout(`${JSON.stringify(listed.map(certificateJson), null, 2)}\n`);
      else await writeStdout(listed.length === 0 ? 'No certificates are stored.\n' : listed.map((c) => certificateText(c)).join('\n'));
    });

  certs
    .command('anchor')
    .description('trust the CA certificates in FILE (PEM or DER, several per file) as roots for S/MIME signatures')
    .argument('<file>', 'certificate file')
    .action(async (file: string, _opts: object, command: Command) => {
      const found = classifyCertificateFile({ data: await readInputFile(file), name: file });
      if (found.kind !== 'certificates') throw new SealmailError('bad-key', `${file}: no X.509 certificate found in the data`);
      const store = await open(command);
      const lines: string[] = [];
      for (const certificate of found.certificates) {
        const { anchor, status } = await store.addAnchor({ certificate, source: resolve(file) });
        lines.push(`${anchor.fingerprint}  ${status}  ${terminalLine(anchor.facts.subject)}\n`);
      }
      await writeStdout(lines.join(''));
    });

  certs
    .command('distrust')
    .description('stop trusting a root, built-in ones included; `certs anchor` with its file trusts it again')
    .argument('<id>', 'SHA-256 fingerprint, 8+ hex digits of its start, or a part of the subject matching one anchor')
    .action(async (id: string, _opts: object, command: Command) => {
      const { fingerprint, subject } = await (await open(command)).distrust(id);
      await writeStdout(`${fingerprint}  distrusted  ${terminalLine(subject || '(not a known anchor)')}\n`);
    });
}

function anchorsJson(store: CertificateStore): string {
  const known = store.anchors();
  const anchors = known.map((a) => ({
    fingerprint: a.fingerprint,
    subject: a.facts.subject,
    notBefore: a.facts.notBefore,
    notAfter: a.facts.notAfter,
    origin: a.origin,
    distrusted: a.distrusted,
    ...(a.meta ?? {}),
  }));
  return `${JSON.stringify({ anchors, distrusted: store.distrusted() }, null, 2)}\n`;
}

/** One line per anchor: "<fingerprint>  built-in  until 2038-01-15  CN=..., O=...", distrusted ones marked. */
function anchorsText(store: CertificateStore): string {
  const line = (a: TrustAnchor): string =>
    `${a.fingerprint}  ${a.origin}${a.distrusted ? ' DISTRUSTED' : ''}  until ${a.facts.notAfter.slice(0, 10)}  ${terminalLine(a.facts.subject)}\n`;
  return store.anchors().map(line).join('');
}
