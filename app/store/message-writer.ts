// Stores a large first sync's messages from a worker thread with its own connection, so SQLCipher's page encryption overlaps the network.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SealmailError } from '../../crypto/errors.js';
import type { NewMessage } from './messages.js';

/** What the worker answers for each batch, in the order the batches were sent. */
export type WriterReply = { ok: true; ids: number[] } | { ok: false; message: string };

export interface MessageWriter {
  /** Stores the batch in one transaction, as Messages.putMany does; resolves with the ids once committed. */
  write(batch: readonly NewMessage[]): Promise<number[]>;
  /** Closes the worker's connection once the batches already sent are stored, and ends the worker. */
  close(): Promise<void>;
}

// Under the test runner this module is TypeScript source, which a worker thread cannot load: no worker then.
const workerFile = fileURLToPath(new URL('./message-writer-worker.js', import.meta.url));

export function workerAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(workerFile);
}

/** Opens `path` with `key` on a worker thread. The store must already be migrated by the caller's connection. */
export function startMessageWriter(path: string, key: Uint8Array): MessageWriter {
  const worker = new Worker(workerFile, { workerData: { path, key: Uint8Array.from(key) } });
  const waiting: { resolve: (ids: number[]) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const failAll = (e: Error): void => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (reply: WriterReply) => {
    const next = waiting.shift();
    if (!next) return;
    if (reply.ok) next.resolve(reply.ids);
    else next.reject(new SealmailError('io', reply.message));
  });
  // An error thrown in the worker (e.g. opening the store) arrives cloned, without its class: its message is kept.
  worker.on('error', (e) => failAll(new SealmailError('io', e.message)));
  worker.on('exit', (code) => failAll(new SealmailError('io', `the store writer stopped (exit code ${code})`)));
  return {
    write(batch) {
      if (failure) return Promise.reject(failure);
      return new Promise<number[]>((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(batch);
      });
    },
    async close() {
      // null asks the worker to close its connection and return; it answers every batch before it.
      worker.postMessage(null);
      await exited;
    },
  };
}
