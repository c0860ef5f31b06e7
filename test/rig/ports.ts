// Picks free loopback ports for one rig and holds them, so that rigs started at the same time never share one.
import { createServer, type Server } from 'node:net';

/**
 * Postfix's master binds its listeners with SO_REUSEPORT, so a second Postfix on a port already
 * in use does not fail: it starts and the kernel shares the connections between the two. A
 * failed bind therefore cannot reveal a clash between two rigs; instead each rig claims its port
 * numbers by listening on them at CLAIM_ADDRESS, where no daemon listens, for as long as it runs.
 * The kernel frees a claim when its process ends, so a crashed run leaves no stale lock behind.
 */
const CLAIM_ADDRESS = '127.0.0.3';
/** Where the daemons listen; a candidate must be free on both. */
const DAEMON_ADDRESSES = ['127.0.0.1', '127.0.0.2'];
/** Below Linux's ephemeral range (32768-60999), so outgoing connections never take these ports. */
const FIRST_PORT = 20_000;
const LAST_PORT = 32_000;

export interface PortClaim {
  ports: number[];
  release(): Promise<void>;
}

export async function claimPorts(count: number): Promise<PortClaim> {
  const claims: Server[] = [];
  const ports: number[] = [];
  const release = async (): Promise<void> => {
    await Promise.all(claims.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  };
  try {
    for (let tries = 0; ports.length < count; tries++) {
      if (tries === 500) throw new Error(`no ${count} free ports between ${FIRST_PORT} and ${LAST_PORT} on 127.0.0.1 and 127.0.0.2`);
      const port = FIRST_PORT + Math.floor(Math.random() * (LAST_PORT - FIRST_PORT));
      if (ports.includes(port)) continue;
      const claim = await listen(CLAIM_ADDRESS, port);
      if (claim === undefined) continue;
      if (await freeOnDaemonAddresses(port)) {
        claim.unref();
        claims.push(claim);
        ports.push(port);
      } else {
        await new Promise((resolve) => claim.close(resolve));
      }
    }
  } catch (e) {
    await release();
    throw e;
  }
  return { ports, release };
}

/** Binds without SO_REUSEPORT, so this fails while anyone (a rig's Postfix included) listens there. */
async function freeOnDaemonAddresses(port: number): Promise<boolean> {
  const probes = await Promise.all(DAEMON_ADDRESSES.map((host) => listen(host, port)));
  await Promise.all(probes.map((server) => server && new Promise((resolve) => server.close(resolve))));
  return probes.every((server) => server !== undefined);
}

/** Whether someone listens on host:port (without SO_REUSEPORT, as anything but Postfix does). */
export async function portTaken(host: string, port: number): Promise<boolean> {
  const server = await listen(host, port);
  if (server === undefined) return true;
  await new Promise((resolve) => server.close(resolve));
  return false;
}

/** A server listening on host:port, or undefined when the port is taken there. */
function listen(host: string, port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES') resolve(undefined);
      else reject(new Error(`cannot listen on ${host}:${port} (${e.code ?? e.message}); the rig needs Linux, where all of 127.0.0.0/8 is loopback`));
    });
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}
