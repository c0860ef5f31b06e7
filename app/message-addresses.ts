// Sender and recipient addresses of a plain message, read from its RFC 5322 header (section 3.6.2, 3.6.3).
import { addressParser } from 'postal-mime';
import { SealmailError } from '../crypto/errors.js';
import { isMailAddress } from '../crypto/pgp/user-id.js';

export interface MessageAddresses {
  /** Every From address, lower-cased; sealing needs exactly one. */
  from: string[];
  /** To, Cc and Bcc addresses, lower-cased, each once. */
  recipients: string[];
}

export function messageAddresses(message: Uint8Array): MessageAddresses {
  const fields = headerFields(message);
  const parse = (name: string): string[] => {
    const addresses: string[] = [];
    for (const value of fields.get(name) ?? []) {
      for (const mailbox of addressParser(value, { flatten: true })) {
        const address = (mailbox.address ?? '').trim().toLowerCase();
        if (!isMailAddress(address)) {
          const shown = (mailbox.address || mailbox.name || value).slice(0, 80);
          throw new SealmailError('bad-message', `the ${headerName(name)} header has an address Sealmail cannot use: "${shown}"`);
        }
        addresses.push(address);
      }
    }
    return addresses;
  };
  return { from: parse('from'), recipients: [...new Set([...parse('to'), ...parse('cc'), ...parse('bcc')])] };
}

/** Unfolded header field values by lower-cased name; the header ends at the first empty line. */
export function headerFields(message: Uint8Array): Map<string, string[]> {
  const text = new TextDecoder('utf-8').decode(message);
  const blank = /\r?\n\r?\n/.exec(text);
  const startsBlank = /^\r?\n/.test(text);
  const header = startsBlank ? '' : blank ? text.slice(0, blank.index) : text;
  const fields = new Map<string, string[]>();
  for (const line of header.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

function headerName(name: string): string {
  return name === 'bcc' ? 'Bcc' : name === 'cc' ? 'Cc' : name.charAt(0).toUpperCase() + name.slice(1);
}
