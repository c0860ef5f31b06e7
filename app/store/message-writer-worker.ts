// The worker thread of message-writer.ts: one connection to the store, one transaction per batch it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, storeError } from './database.js';
import type { WriterReply } from './message-writer.js';
import { Messages, type NewMessage } from './messages.js';

const { path, key } = workerData as { path: string; key: Uint8Array };
const db = openDatabase(path, key);
key.fill(0);
const messages = new Messages(db);

parentPort?.on('message', (batch: NewMessage[] | null) => {
  if (batch === null) {
    db.close();
    parentPort?.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { ok: true, ids: messages.putMany(batch) };
  } catch (e) {
    reply = { ok: false, message: storeError(path, e).message };
  }
  parentPort?.postMessage(reply);
});
