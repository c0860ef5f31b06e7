// Shared set-up for IMAP tests against the rig: an account for a rig user, a store, a session, and a second "other client" session.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { openImap, type ImapAccount, type ImapSession } from '../../../app/imap/connection.js';
import type { Rig, RigUser } from '../../rig/rig.js';
import { storeFixture, type StoreFixture } from '../store/fixture.js';

export function rigAccount(rig: Rig, user: RigUser, security: 'tls' | 'starttls' = 'tls'): ImapAccount {
  const endpoint = security === 'tls' ? rig.imap.imaps : rig.imap.starttls;
  return { host: endpoint.host, port: endpoint.port, security, user: user.address, ca: rig.caPem };
}

export function openRigSession(rig: Rig, user: RigUser, security: 'tls' | 'starttls' = 'tls'): Promise<ImapSession> {
  return openImap({ account: rigAccount(rig, user, security), password: user.password, timeoutMs: 10_000 });
}

/**
 * Another mail client acting on the same mailbox (plain imapflow, as any other program would):
 * it appends, flags and expunges so the tests can watch Sealmail notice.
 */
export async function otherClient(rig: Rig, user: RigUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: rig.imap.imaps.host,
    port: rig.imap.imaps.port,
    secure: true,
    tls: { ca: [rig.caPem], servername: rig.serverName },
    auth: { user: user.address, pass: user.password },
    logger: false,
    connectionTimeout: 10_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A store with one account row for the rig user; the fixture's own account is a different, unused address. */
export async function rigStore(rig: Rig, user: RigUser): Promise<{ fixture: StoreFixture; accountId: number }> {
  const fixture = await storeFixture();
  const account = rigAccount(rig, user);
  const accountId = fixture.store.accounts.add({
    address: user.address,
    username: user.address,
    imap: { host: account.host, port: account.port, security: 'tls' },
    smtp: { host: rig.smtp.submissions.host, port: rig.smtp.submissions.port, security: 'tls' },
    caPem: rig.caPem,
  });
  return { fixture, accountId };
}

/** A message with CRLF line ends, as on the wire; `extra` lines go into the body. */
export function message(token: string, subject: string, extra: string[] = []): Buffer {
  return Buffer.from(
    [
      `From: Bob <bob@example.test>`,
      `To: Alice <alice@example.test>`,
      `Subject: ${subject}`,
      `Date: Sat, 28 Nov 2026 12:00:00 +0000`,
      `Message-ID: <${token}@sealmail.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `token ${token}`,
      ...extra,
      '',
    ].join('\r\n'),
  );
}

/** The file Dovecot stored (in cur/ or new/ of the folder's maildir) whose text carries `token`. */
export async function maildirFile(maildir: string, token: string): Promise<Buffer> {
  for (const sub of ['cur', 'new']) {
    const dir = join(maildir, sub);
    for (const name of await readdir(dir).catch(() => [])) {
      const bytes = await readFile(join(dir, name));
      if (bytes.includes(token)) return bytes;
    }
  }
  throw new Error(`no file in ${maildir} carries ${token}`);
}
