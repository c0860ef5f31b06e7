// A minimal UDP DNS server for the tests: answers SRV queries from a table, so node:dns's real resolver path is exercised.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { SrvRecord } from 'node:dns';

export interface SrvResponder {
  /** Keyed by lower-case name; a missing name is NXDOMAIN; 'silent' drops the query unanswered. */
  records: Map<string, SrvRecord[] | 'silent'>;
  /** "127.0.0.1:PORT", for Resolver.setServers. */
  server: string;
  close(): Promise<void>;
}

const TYPE_SRV = 33;
const CLASS_IN = 1;

export async function startSrvResponder(): Promise<SrvResponder> {
  const records = new Map<string, SrvRecord[] | 'silent'>();
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query: Buffer, peer: RemoteInfo) => {
    const reply = answer(query, records);
    if (reply !== undefined) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    records,
    server: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** RFC 1035 section 4: one question in, the header and question echoed, SRV answers after. */
function answer(query: Buffer, records: Map<string, SrvRecord[] | 'silent'>): Buffer | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at] !== 0) {
    const length = query[at] ?? 0;
    labels.push(query.subarray(at + 1, at + 1 + length).toString('ascii'));
    at += 1 + length;
  }
  const questionEnd = at + 5;
  if (questionEnd > query.length) return undefined;
  const type = query.readUInt16BE(at + 1);
  const found = records.get(labels.join('.').toLowerCase());
  if (found === 'silent') return undefined;
  const answers = found !== undefined && type === TYPE_SRV ? found.map(srvAnswer) : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR, AA, the query's RD bit; rcode 3 (NXDOMAIN) when the name is unknown.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (found === undefined ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}

function srvAnswer(record: SrvRecord): Buffer {
  const target = record.name === '.' ? Buffer.from([0]) : encodeName(record.name);
  const fixed = Buffer.alloc(18);
  fixed.writeUInt16BE(0xc00c, 0); // a pointer to the name in the question
  fixed.writeUInt16BE(TYPE_SRV, 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(6 + target.length, 10);
  fixed.writeUInt16BE(record.priority, 12);
  fixed.writeUInt16BE(record.weight, 14);
  fixed.writeUInt16BE(record.port, 16);
  return Buffer.concat([fixed, target]);
}

function encodeName(name: string): Buffer {
  const parts = name.split('.').filter((label) => label !== '');
  return Buffer.concat([...parts.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}
