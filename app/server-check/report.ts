// What a server security check finds: one verdict per check, in words a user can act on, and the overall verdict.

export type Verdict = 'good' | 'warning' | 'bad';

export type CheckId = 'tls' | 'starttls' | 'credential-exposure' | 'user-enumeration' | 'open-relay' | 'sasl';

export interface Check {
  id: CheckId;
  verdict: Verdict;
  /** One line: what was found. */
  summary: string;
  /** What it means for the user, and the evidence (server replies, certificate details). */
  detail: string;
}

export interface ServerCheckReport {
  host: string;
  port: number;
  /** How the connection was encrypted: from the first byte, after STARTTLS, or not at all. */
  transport: 'implicit-tls' | 'starttls' | 'plain';
  checks: Check[];
  verdict: Verdict;
}

/** The order checks are reported in, which is also the order a reader weighs them in. */
export const CHECK_ORDER: readonly CheckId[] = ['tls', 'starttls', 'credential-exposure', 'user-enumeration', 'open-relay', 'sasl'];

export const CHECK_TITLES: Record<CheckId, string> = {
  tls: 'TLS',
  starttls: 'STARTTLS',
  'credential-exposure': 'Credential exposure',
  'user-enumeration': 'User enumeration',
  'open-relay': 'Open relay',
  sasl: 'SASL mechanisms',
};

const RANK: Record<Verdict, number> = { good: 0, warning: 1, bad: 2 };

/** The worst verdict among the checks: one bad finding makes the server bad. */
export function overallVerdict(checks: readonly Check[]): Verdict {
  return checks.reduce<Verdict>((worst, c) => (RANK[c.verdict] > RANK[worst] ? c.verdict : worst), 'good');
}

/**
 * A check that could not be made. It is a warning, not good: nothing was proven about the server,
 * and silence must never read as safety.
 */
export function notChecked(id: CheckId, why: string): Check {
  return { id, verdict: 'warning', summary: 'not checked', detail: why };
}

/** The checks in report order (of those in `applicable`), each filled in; missing ones become "not checked" with `why`. */
export function completeChecks(found: ReadonlyMap<CheckId, Check>, why: string, applicable: readonly CheckId[] = CHECK_ORDER): Check[] {
  return applicable.map((id) => found.get(id) ?? notChecked(id, why));
}
