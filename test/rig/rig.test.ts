// The test mail rig keeps each promise it makes to the tests built on it, checked over raw sockets.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ImapClient } from './imap-client.js';
import type { TlsTrust } from './line-socket.js';
import { waitFor } from './processes.js';
import { startRig, type Rig, type RigEndpoint } from './rig.js';
import { SmtpClient } from './smtp-client.js';

let rig: Rig | undefined;
let trust: TlsTrust;

beforeAll(async () => {
  rig = await startRig();
  trust = { ca: rig.caPem, servername: rig.serverName };
});

afterAll(async () => {
  await rig?.stop();
});

function started(): Rig {
  if (rig === undefined) throw new Error('the rig did not start');
  return rig;
}

/** A message whose Subject is a fresh token, to find it again in a maildir or over IMAP. */
function message(from: string, to: string): { token: string; text: string } {
  const token = `rig-${randomUUID()}`;
  const text = [
    `From: <${from}>`,
    `To: <${to}>`,
    `Subject: ${token}`,
    `Message-ID: <${token}@client.example>`,
    `Date: ${new Date().toUTCString()}`,
    '',
    'Hello from the rig test.',
    '.a line that needs dot-stuffing',
  ].join('\r\n');
  return { token, text };
}

/**
 * The delivered file in `maildir/new` that carries `token`; waits up to 10 s for LMTP delivery.
 * (An IMAP SELECT moves files on to `cur/`, so one may vanish between listing and reading.)
 */
function delivered(maildir: string, token: string): Promise<string> {
  return waitFor(
    `a message with Subject ${token} in ${maildir}/new`,
    async () => {
      const names = await readdir(join(maildir, 'new')).catch(() => []);
      const texts = await Promise.all(names.map((name) => readFile(join(maildir, 'new', name), 'utf8').catch(() => '')));
      return texts.find((text) => text.includes(`Subject: ${token}`));
    },
    10_000,
  );
}

/**
 * An SMTP session on a submission port, encrypted and verified (STARTTLS on `submission`, TLS
 * from the start on `submissions`), after the EHLO that must follow TLS.
 */
async function submissionOverTls(port: 'submission' | 'submissions'): Promise<SmtpClient> {
  const endpoint = started().smtp[port];
  const client = port === 'submissions' ? await SmtpClient.open(endpoint, trust) : await SmtpClient.open(endpoint);
  try {
    if (port === 'submission') {
      await client.ehlo();
      await client.startTls(trust);
    }
    await client.ehlo();
    return client;
  } catch (e) {
    client.close();
    throw e;
  }
}

describe('submission (STARTTLS)', () => {
  test('offers STARTTLS and no AUTH in the clear, and refuses AUTH and mail before STARTTLS', async () => {
    const { smtp, users } = started();
    const client = await SmtpClient.open(smtp.submission);
    try {
      const extensions = await client.ehlo();
      expect(extensions).toContain('STARTTLS');
      expect(extensions.filter((e) => e.startsWith('AUTH'))).toEqual([]);
      expect((await client.authPlain(users.alice.address, users.alice.password)).code).toBe(530);
      expect((await client.command(`MAIL FROM:<${users.alice.address}>`)).code).toBe(530);
    } finally {
      client.close();
    }
  });

  test('after STARTTLS the certificate verifies against the rig CA for its name, and AUTH is offered', async () => {
    const client = await SmtpClient.open(started().smtp.submission);
    try {
      await client.ehlo();
      await client.startTls(trust);
      const tls = client.socket.tls;
      expect(tls?.authorized).toBe(true);
      expect(['TLSv1.2', 'TLSv1.3']).toContain(tls?.getProtocol());
      const extensions = await client.ehlo();
      expect(extensions).toContain('AUTH PLAIN LOGIN');
      expect(extensions).not.toContain('STARTTLS');
    } finally {
      client.close();
    }
  });
});

describe.each(['submission', 'submissions'] as const)('%s over TLS', (port) => {
  test('alice authenticates, and her mail to bob is accepted and lands in his maildir over LMTP', async () => {
    const { users } = started();
    const { token, text } = message(users.alice.address, users.bob.address);
    const client = await submissionOverTls(port);
    try {
      expect((await client.authPlain(users.alice.address, users.alice.password)).code).toBe(235);
      expect((await client.command(`MAIL FROM:<${users.alice.address}>`)).code).toBe(250);
      expect((await client.command(`RCPT TO:<${users.bob.address}>`)).code).toBe(250);
      expect((await client.data(text)).code).toBe(250);
    } finally {
      client.close();
    }
    const stored = await delivered(users.bob.maildir, token);
    // Maildir files end lines with LF; the dot-stuffed line arrives as it was written.
    expect(stored).toContain('\n\nHello from the rig test.\n.a line that needs dot-stuffing');
    // Postfix records that the submission was encrypted.
    expect(stored).toMatch(/\(using TLSv1\.[23] with cipher/);
  });

  test('a wrong password is refused', async () => {
    const { users } = started();
    const client = await submissionOverTls(port);
    try {
      expect((await client.authPlain(users.alice.address, `${users.alice.password}-wrong`)).code).toBe(535);
      expect((await client.authPlain(users.alice.address, users.bob.password)).code).toBe(535);
    } finally {
      client.close();
    }
  });

  test('without AUTH no recipient is accepted, in the rig domain or any other', async () => {
    const { users } = started();
    const client = await submissionOverTls(port);
    try {
      expect((await client.command(`MAIL FROM:<${users.alice.address}>`)).code).toBe(250);
      expect((await client.command('RCPT TO:<victim@elsewhere.example>')).code).toBe(554);
      expect((await client.command(`RCPT TO:<${users.bob.address}>`)).code).toBe(554);
    } finally {
      client.close();
    }
  });

  test('even authenticated, mail to another domain is refused: nothing leaves the rig', async () => {
    const { users } = started();
    const client = await submissionOverTls(port);
    try {
      expect((await client.authPlain(users.alice.address, users.alice.password)).code).toBe(235);
      expect((await client.command(`MAIL FROM:<${users.alice.address}>`)).code).toBe(250);
      const reply = await client.command('RCPT TO:<someone@elsewhere.example>');
      expect(reply.code).toBe(550);
      expect(reply.lines.join(' ')).toContain('sends no mail outside example.test');
    } finally {
      client.close();
    }
  });
});

describe('MX (plain SMTP)', () => {
  test('offers neither TLS nor AUTH, takes mail for the rig users, and relays nothing', async () => {
    const { smtp, users } = started();
    const client = await SmtpClient.open(smtp.mx);
    try {
      const extensions = await client.ehlo();
      expect(extensions).not.toContain('STARTTLS');
      expect(extensions.filter((e) => e.startsWith('AUTH'))).toEqual([]);
      expect((await client.command('MAIL FROM:<someone@outside.example>')).code).toBe(250);
      const relay = await client.command('RCPT TO:<victim@elsewhere.example>');
      expect(relay.code).toBe(554);
      expect(relay.lines.join(' ')).toContain('Relay access denied');
      expect((await client.command('RCPT TO:<nobody@example.test>')).code).toBe(550);
      expect((await client.command(`RCPT TO:<${users.bob.address}>`)).code).toBe(250);
    } finally {
      client.close();
    }
  });

  test('VRFY and EXPN reveal no users', async () => {
    const { smtp, users } = started();
    const client = await SmtpClient.open(smtp.mx);
    try {
      expect(await client.ehlo()).not.toContain('VRFY');
      expect((await client.command(`VRFY ${users.bob.address}`)).code).toBe(502);
      expect((await client.command('VRFY nobody@example.test')).code).toBe(502);
      // Postfix does not implement EXPN at all.
      expect((await client.command('EXPN postmaster')).code).toBe(500);
    } finally {
      client.close();
    }
  });
});

describe('IMAP', () => {
  test('on the STARTTLS port LOGIN is refused in the clear and works after STARTTLS', async () => {
    const { imap, users } = started();
    const client = await ImapClient.open(imap.starttls);
    try {
      const before = await client.capabilities();
      expect(before).toContain('STARTTLS');
      expect(before).toContain('LOGINDISABLED');
      const refused = await client.login(users.bob.address, users.bob.password);
      expect(refused.status).toBe('NO');
      await client.startTls(trust);
      expect(client.socket.tls?.authorized).toBe(true);
      expect(await client.capabilities()).not.toContain('LOGINDISABLED');
      expect((await client.login(users.bob.address, `${users.bob.password}-wrong`)).status).toBe('NO');
      expect((await client.login(users.bob.address, users.bob.password)).status).toBe('OK');
    } finally {
      client.close();
    }
  });

  test('over IMAPS bob sees mail delivered to him', async () => {
    const { smtp, imap, users } = started();
    const { token, text } = message('someone@outside.example', users.bob.address);
    const mx = await SmtpClient.open(smtp.mx);
    try {
      await mx.ehlo();
      expect((await mx.command('MAIL FROM:<someone@outside.example>')).code).toBe(250);
      expect((await mx.command(`RCPT TO:<${users.bob.address}>`)).code).toBe(250);
      expect((await mx.data(text)).code).toBe(250);
    } finally {
      mx.close();
    }
    await delivered(users.bob.maildir, token);

    const client = await ImapClient.open(imap.imaps, trust);
    try {
      expect(client.socket.tls?.authorized).toBe(true);
      expect((await client.login(users.bob.address, users.bob.password)).status).toBe('OK');
      const inbox = await client.command('SELECT INBOX');
      expect(inbox.status).toBe('OK');
      const exists = inbox.untagged.map((line) => /^\* (\d+) EXISTS$/.exec(line)?.[1]).find((n) => n !== undefined);
      expect(Number(exists)).toBeGreaterThanOrEqual(1);
      const search = await client.command(`UID SEARCH HEADER Subject ${token}`);
      expect(search.status).toBe('OK');
      expect(search.untagged.find((line) => line.startsWith('* SEARCH'))).toMatch(/^\* SEARCH \d+$/);
    } finally {
      client.close();
    }
  });
});

describe('stop()', () => {
  test('a second rig gets ports of its own; stopping it ends its daemons, frees its ports and removes its directory', async () => {
    const other = await startRig();
    const endpoints = (r: Rig): RigEndpoint[] => [...Object.values(r.smtp), ...Object.values(r.imap)];
    const ports = (r: Rig): number[] => endpoints(r).map((e) => e.port);
    try {
      expect(ports(other).filter((p) => ports(started()).includes(p))).toEqual([]);
      expect(await processesUsing(other.dir)).not.toEqual([]);
    } finally {
      await other.stop();
    }
    expect(existsSync(other.dir)).toBe(false);
    expect(await processesUsing(other.dir)).toEqual([]);
    for (const endpoint of endpoints(other)) expect(await refused(endpoint)).toBe(true);
    await other.stop();
  });
});

/** Live processes started for the rig in `dir`: Dovecot names its config there, Postfix's master works in its queue. */
async function processesUsing(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const [stat, cmdline, cwd] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
      readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      readlink(`/proc/${pid}/cwd`).catch(() => ''),
    ]);
    const zombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    if (!zombie && (cmdline.includes(dir) || cwd.startsWith(dir))) found.push(`${pid} ${cmdline.replaceAll('\0', ' ')}`);
  }
  return found;
}

function refused({ host, port }: RigEndpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}
