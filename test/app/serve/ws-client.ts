// A real `ws` client for the browser target's tests: connects with a chosen Origin and reports how the server answered.
import { WebSocket } from 'ws';

export type Outcome = { kind: 'refused'; status: number } | { kind: 'open'; socket: WebSocket; frames: unknown[] };

/** Opens ws://127.0.0.1:PORT/rpc; `origin: null` sends no Origin header at all. */
export function openSocket(port: number, origin: string | null, path = '/rpc'): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, origin === null ? {} : { origin });
    const frames: unknown[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    socket.on('unexpected-response', (_req, res) => resolve({ kind: 'refused', status: res.statusCode ?? 0 }));
    socket.on('error', () => undefined);
    socket.on('open', () => resolve({ kind: 'open', socket, frames }));
  });
}

export function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) resolve(-1);
    socket.on('close', (code) => resolve(code));
  });
}

/** Waits for the next frame matching `match` (frames already received count). */
export async function nextFrame(outcome: Extract<Outcome, { kind: 'open' }>, match: (frame: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const found = outcome.frames.find((f) => match(f as Record<string, unknown>));
    if (found !== undefined) return found as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no matching frame within 2 s');
}

/** Connects with the right Origin and token and waits for {ready: true}. */
export async function signIn(port: number, token: string): Promise<Extract<Outcome, { kind: 'open' }>> {
  const outcome = await openSocket(port, `http://127.0.0.1:${port}`);
  if (outcome.kind !== 'open') throw new Error(`refused: ${JSON.stringify(outcome)}`);
  outcome.socket.send(JSON.stringify({ auth: token }));
  await nextFrame(outcome, (f) => f.ready === true);
  return outcome;
}
