// A real mail system for integration tests: Postfix and Dovecot on loopback ports of their own, with a throwaway CA.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { makeCertificates, SERVER_NAME } from './certificates.js';
import { startDovecot, stopDovecot, writeDovecotConfig } from './dovecot.js';
import { RIG_DOMAIN, rigLayout, rigUser, type RigPorts, type RigUser } from './layout.js';
import { onProcessEnd } from './last-resort.js';
import { claimPorts } from './ports.js';
import { startPostfix, stopPostfix, writePostfixConfig } from './postfix.js';
import { signalGroup } from './processes.js';

export type { RigUser } from './layout.js';

export interface RigEndpoint {
  host: string;
  port: number;
}

export interface Rig {
  /** The name the server certificate is issued for: send it as the TLS servername and verify it. */
  serverName: string;
  /** The throwaway CA that issued the server certificate (PEM). Clients trust it explicitly. */
  caPem: string;
  /** The only domain the rig accepts mail for (`example.test`). */
  domain: string;
  smtp: {
    /** Plain SMTP as an MX: no TLS, no AUTH, accepts mail for `domain` only. */
    mx: RigEndpoint;
    /** Submission: STARTTLS required, AUTH only after it, authenticated clients only. */
    submission: RigEndpoint;
    /** Submission over implicit TLS (RFC 8314), authenticated clients only. */
    submissions: RigEndpoint;
  };
  imap: {
    /** IMAP with STARTTLS required: LOGIN is refused before it (LOGINDISABLED). */
    starttls: RigEndpoint;
    /** IMAP over implicit TLS. */
    imaps: RigEndpoint;
  };
  users: { alice: RigUser; bob: RigUser };
  /** This run's directory: configs, `log/` (postfix.log, dovecot.log), `mail/`. stop() removes it. */
  dir: string;
  /** Stops both daemons, waits until they have exited and removes `dir`. Safe to call again. */
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

/** Starts the rig, or throws one line saying what failed (having stopped whatever had started). */
export async function startRig(): Promise<Rig> {
  if (process.getuid?.() !== 0) {
    throw new Error('mail rig: Postfix and Dovecot must be started as root; run the tests as root, as CI does');
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (e) {
      const message = (e as Error).message;
      // Another program took one of our ports between our check and the daemon's bind.
      if (attempt < START_ATTEMPTS && message.includes('Address already in use')) continue;
      throw new Error(`mail rig: ${message}`, { cause: e });
    }
  }
}

async function startOnce(): Promise<Rig> {
  const claim = await claimPorts(5);
  const [mx = 0, submission = 0, submissions = 0, imap = 0, imaps = 0] = claim.ports;
  const ports: RigPorts = { mx, submission, submissions, imap, imaps };
  // Not os.tmpdir(): the daemons' own accounts must be able to reach into it, and Unix socket
  // paths inside it must stay short (108 bytes at most).
  const root = await mkdtemp('/tmp/sealmail-rig-');
  const layout = rigLayout(root);
  const pids: number[] = [];
  const cancelLastResort = onProcessEnd(() => {
    for (const pid of pids) signalGroup(pid, 'SIGKILL', true);
    rmSync(root, { recursive: true, force: true });
  });

  let stopping: Promise<void> | undefined;
  const stopOnce = (): Promise<void> =>
    (stopping ??= (async () => {
      const stopped = await Promise.allSettled([stopPostfix(layout), stopDovecot(layout)]);
      await claim.release();
      await rm(root, { recursive: true, force: true });
      cancelLastResort();
      const failure = stopped.find((s) => s.status === 'rejected');
      if (failure) throw new Error(`could not stop: ${(failure.reason as Error).message}`, { cause: failure.reason });
    })());
  const stop = (): Promise<void> =>
    stopOnce().catch((e: Error) => {
      throw new Error(`mail rig: ${e.message}`, { cause: e });
    });

  try {
    await chmod(root, 0o755);
    await mkdir(layout.certs);
    await mkdir(layout.logs);
    const certs = await makeCertificates(layout.certs);
    const users = { alice: rigUser(layout, 'alice', password()), bob: rigUser(layout, 'bob', password()) };
    await writeDovecotConfig(layout, certs, ports, Object.values(users));
    await writePostfixConfig(layout, certs, ports, Object.values(users));
    // Dovecot first: Postfix authenticates and delivers through its sockets.
    pids.push(await startDovecot(layout));
    pids.push(await startPostfix(layout, ports));
    // Both daemons bind every listener before their start command returns, so they serve now.
    return {
      serverName: SERVER_NAME,
      caPem: certs.caPem,
      domain: RIG_DOMAIN,
      smtp: { mx: loopback(ports.mx), submission: loopback(ports.submission), submissions: loopback(ports.submissions) },
      imap: { starttls: { host: '127.0.0.2', port: ports.imap }, imaps: loopback(ports.imaps) },
      users,
      dir: root,
      stop,
    };
  } catch (e) {
    const message = (e as Error).message;
    await stopOnce().catch((stopError: Error) => {
      throw new Error(`${message}; cleaning up failed too: ${stopError.message}`, { cause: e });
    });
    throw e;
  }
}

function loopback(port: number): RigEndpoint {
  return { host: '127.0.0.1', port };
}

function password(): string {
  return randomBytes(12).toString('base64url');
}
