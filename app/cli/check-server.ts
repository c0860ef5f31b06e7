// `sealmail check-server HOST:PORT`: how safe a mail server is, in words or JSON; exit 1 only when it cannot be reached.
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { SealmailError } from '../../crypto/errors.js';
import { checkImapServer } from '../server-check/check-imap.js';
import { checkSmtpServer } from '../server-check/check-smtp.js';
import { CHECK_TITLES, type ServerCheckReport, type Verdict } from '../server-check/report.js';
import { readInputFile } from './input.js';
import { terminalLine, writeStdout } from './output.js';

export function addCheckServerCommand(program: Command): void {
  program
    .command('check-server')
    .description('check an SMTP (or with --imap an IMAP) server for TLS, STARTTLS, passwords in the clear, VRFY/EXPN, open relaying and login mechanisms')
    .argument('<host:port>', 'the server, e.g. mail.example.org:587 or [2001:db8::1]:465')
    .option('--imap', 'the server is an IMAP server (TLS, STARTTLS, login before TLS, login mechanisms)')
    .option('--tls', 'TLS from the first byte (the default only on ports 465 and 993; STARTTLS otherwise)')
    .option('--ca <file>', 'also trust this CA certificate (PEM), e.g. a company CA')
    .option('--json', 'print the findings as one JSON object')
    .action(async (address: string, opts: { imap?: boolean; tls?: boolean; ca?: string; json?: boolean }) => {
      const { host, port } = parseAddress(address);
      const ca = opts.ca === undefined ? undefined : new TextDecoder().decode(await readInputFile(opts.ca));
      const check = opts.imap ? checkImapServer : checkSmtpServer;
      const report = await check({ host, port, ...(opts.tls ? { implicitTls: true } : {}), ...(ca === undefined ? {} : { ca }) });
      // Whatever the server's verdict, the check itself ran: exit 0, so scripts read the verdict from the output.
      await writeStdout(opts.json ? `${JSON.stringify(report)}\n` : serverCheckText(report));
    });
}

/** HOST:PORT, with an IPv6 address in brackets as in URLs. */
export function parseAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (host === undefined || !(port >= 1 && port <= 65535) || (match?.[1] !== undefined && isIP(host) !== 6)) {
    throw new SealmailError('bad-option', `"${address}" is not HOST:PORT (e.g. mail.example.org:587, [2001:db8::1]:465)`);
  }
  return { host, port };
}

const TRANSPORT: Record<ServerCheckReport['transport'], string> = {
  'implicit-tls': 'TLS from the first byte',
  starttls: 'STARTTLS',
  plain: 'not encrypted',
};

const OVERALL: Record<Verdict, string> = {
  good: 'good: nothing found that puts your mail or password at risk',
  warning: 'warning: nothing dangerous found, but see the warnings above',
  bad: 'bad: this server has problems that put mail or passwords at risk',
};

export function serverCheckText(report: ServerCheckReport): string {
  // Server replies end up in the text; a hostile server must not be able to rewrite the terminal.
  const width = Math.max(...Object.values(CHECK_TITLES).map((t) => t.length));
  const rows = report.checks.flatMap((c) => [
    `  ${c.verdict.toUpperCase().padEnd(7)}  ${CHECK_TITLES[c.id].padEnd(width)}  ${terminalLine(c.summary)}`,
    `  ${' '.repeat(7)}  ${' '.repeat(width)}  ${terminalLine(c.detail)}`,
  ]);
  return [`Server check of ${terminalLine(report.host)}:${report.port} (${TRANSPORT[report.transport]})`, '', ...rows, '', `Overall: ${OVERALL[report.verdict]}`, ''].join('\n');
}
