// Reads the few elements Sealmail uses from a Mozilla autoconfig document (config-v1.1.xml).
import { AttemptFailure } from './server-settings.js';

/** One <incomingServer> or <outgoingServer>, as written, before placeholders and TLS filtering. */
export interface ConfigServer {
  type: string;
  hostname: string;
  port: string;
  socketType: string;
  username: string;
  authentication: string[];
}

export interface AutoconfigDocument {
  incoming: ConfigServer[];
  outgoing: ConfigServer[];
}

/*
 * Why no XML library: none is installed, and the format Sealmail reads is flat. Each server is an
 * <incomingServer type="..."> or <outgoingServer type="..."> holding text-only children, and
 * neither nests in itself, so a non-greedy match per element is exact. The input is already capped
 * at 64 KiB, and a document with a DOCTYPE is refused outright, so no entity can expand (billion
 * laughs) or pull in an external file (XXE). Only the five predefined entities and character
 * references are decoded. Comments and CDATA are removed first so neither can hide or fake a server.
 */
const SERVER = /<(incomingServer|outgoingServer)\b([^>]*)>([\s\S]*?)<\/\1\s*>/g;
const TYPE_ATTRIBUTE = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)')/;

export function parseAutoconfig(xml: string): AutoconfigDocument {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AttemptFailure('bad-config', 'the autoconfig document declares a DOCTYPE, which Sealmail refuses');
  const text = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  if (!/<clientConfig\b/.test(text) || !/<emailProvider\b/.test(text)) {
    throw new AttemptFailure('bad-config', 'the document is not a Mozilla autoconfig clientConfig');
  }
  const document: AutoconfigDocument = { incoming: [], outgoing: [] };
  for (const [, element, attributes = '', body = ''] of text.matchAll(SERVER)) {
    const type = TYPE_ATTRIBUTE.exec(attributes);
    const server: ConfigServer = {
      type: decode(type?.[1] ?? type?.[2] ?? '').trim().toLowerCase(),
      hostname: child(body, 'hostname'),
      port: child(body, 'port'),
      socketType: child(body, 'socketType'),
      username: child(body, 'username'),
      authentication: children(body, 'authentication'),
    };
    (element === 'incomingServer' ? document.incoming : document.outgoing).push(server);
  }
  return document;
}

function child(body: string, name: string): string {
  return children(body, name)[0] ?? '';
}

function children(body: string, name: string): string[] {
  const pattern = new RegExp(`<${name}\\s*>([^<]*)</${name}\\s*>`, 'g');
  return [...body.matchAll(pattern)].map((match) => decode(match[1] ?? '').trim());
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return codePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return codePoint(parseInt(name.slice(1), 10), whole);
    return ENTITIES[name] ?? whole;
  });
}

function codePoint(value: number, whole: string): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : whole;
}
