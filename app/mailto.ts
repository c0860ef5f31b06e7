// Reads a mailto: URL (RFC 6068) into the fields of a new draft, and nothing else: a link must never attach a file.

import type { MailtoDraft } from './contract/views.js';

export type { MailtoDraft };

/** RFC 5322 line limit for the subject; a longer one is a link trying to hide something past the edge. */
const MAX_SUBJECT = 998;
/** The contract's own limits on a draft (app/contract/schemas.ts). */
const MAX_BODY = 16 * 1024 * 1024;
const MAX_RECIPIENTS = 500;
const MAX_URL = 64 * 1024 * 4;

/** The same addr-spec check the contract applies: one @, no whitespace, no angle brackets. */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;
const MESSAGE_ID = /^<[^<>\s]{1,996}>$/;

/** True for a string that is a mailto: URL (scheme compared case-insensitively, RFC 3986 §3.1). */
export function isMailto(url: string): boolean {
  return /^mailto:/i.test(url);
}

/** The first mailto: URL among command-line arguments (how Windows and Linux hand one to a running app). */
export function mailtoFromArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => isMailto(arg));
}

/**
 * Parses `mailto:addr,addr?to=..&cc=..&bcc=..&subject=..&body=..&in-reply-to=..`. Field names are
 * case-insensitive; `+` is a plus sign, not a space (RFC 6068 §5). to/cc/bcc may repeat and add up;
 * subject, body and in-reply-to keep their first occurrence. Returns null for anything that is not a
 * mailto: URL.
 */
export function parseMailto(url: string): MailtoDraft | null {
  if (typeof url !== 'string' || !isMailto(url) || url.length > MAX_URL) return null;
  const draft: MailtoDraft = { to: [], cc: [], bcc: [], subject: '', body: '', inReplyTo: null, ignored: [] };
  const rest = url.slice('mailto:'.length).split('#')[0] ?? '';
  const query = rest.indexOf('?');
  const path = query < 0 ? rest : rest.slice(0, query);
  const seen = new Set<string>();

  addAddresses(draft, 'to', path);
  for (const pair of query < 0 ? [] : rest.slice(query + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq))?.toLowerCase();
    const raw = eq < 0 ? '' : pair.slice(eq + 1);
    if (name === undefined) {
      draft.ignored.push('(undecodable field name)');
      continue;
    }
    if (name === 'to' || name === 'cc' || name === 'bcc') {
      addAddresses(draft, name, raw);
      continue;
    }
    if (name !== 'subject' && name !== 'body' && name !== 'in-reply-to') {
      draft.ignored.push(name.slice(0, 60));
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    const value = decode(raw);
    if (value === undefined) {
      draft.ignored.push(name);
    } else if (name === 'subject') {
      draft.subject = oneLine(value).slice(0, MAX_SUBJECT);
    } else if (name === 'body') {
      // Line breaks arrive as %0D%0A (RFC 6068 §5); the draft keeps plain \n.
      draft.body = value.replace(/\r\n?/g, '\n').slice(0, MAX_BODY);
    } else {
      const id = oneLine(value).trim();
      if (MESSAGE_ID.test(id)) draft.inReplyTo = id;
      else draft.ignored.push('in-reply-to');
    }
  }
  return draft;
}

function addAddresses(draft: MailtoDraft, field: 'to' | 'cc' | 'bcc', raw: string): void {
  if (raw === '') return;
  // Split before decoding: an encoded comma (%2C) inside an address is not a separator (RFC 6068 §2).
  for (const piece of raw.split(',')) {
    const address = decode(piece)?.trim();
    if (address === undefined || address === '') {
      if (address === undefined) draft.ignored.push(field);
      continue;
    }
    const total = draft.to.length + draft.cc.length + draft.bcc.length;
    if (!ADDRESS.test(address) || address.length > 320 || total >= MAX_RECIPIENTS) {
      draft.ignored.push(`${field}: ${oneLine(address).slice(0, 80)}`);
      continue;
    }
    if (!draft[field].includes(address)) draft[field].push(address);
  }
}

/** Percent-decodes UTF-8; undefined for a malformed escape or invalid UTF-8 rather than a guess. */
function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A header value is one line: CR, LF and other controls become spaces, so no link can add a header. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
