// A server check in plain words: each finding's verdict, summary and detail, and the overall verdict.
import type { ServerReviewView } from '../../app/contract/index.js';

const VERDICT_WORDS = { good: 'Good', warning: 'Warning', bad: 'Bad' } as const;
const CHECK_TITLES: Record<string, string> = {
  tls: 'TLS',
  starttls: 'STARTTLS',
  'credential-exposure': 'Password before encryption',
  'user-enumeration': 'Revealing which addresses exist',
  'open-relay': 'Relaying mail for strangers',
  sasl: 'Login methods',
};
const TRANSPORT_WORDS = { 'implicit-tls': 'encrypted from the first byte (TLS)', starttls: 'encrypted after STARTTLS', plain: 'not encrypted' } as const;

export function ServerReview({ review }: { review: ServerReviewView }) {
  const { kind, setting, report, unreachable } = review;
  const name = `${kind === 'imap' ? 'Incoming (IMAP)' : 'Outgoing (SMTP)'} ${setting.host}:${setting.port}`;
  if (!report) {
    return (
      <section className="server-review level-bad" data-testid={`review-${kind}`} data-verdict="unreachable">
        <h4>{name}</h4>
        <p>Could not be reached: {unreachable ?? 'no answer'}</p>
      </section>
    );
  }
  return (
    <section className={`server-review level-${report.verdict}`} data-testid={`review-${kind}`} data-verdict={report.verdict}>
      <h4>
        {name}: <span data-testid={`review-${kind}-verdict`}>{VERDICT_WORDS[report.verdict]}</span>
      </h4>
      <p className="muted">Connection: {TRANSPORT_WORDS[report.transport]}.</p>
      <ul className="checks">
        {report.checks.map((check) => (
          <li key={check.id} className={`level-${check.verdict}`} data-testid={`check-${kind}-${check.id}`}>
            <strong>
              {CHECK_TITLES[check.id] ?? check.id}: {VERDICT_WORDS[check.verdict]}
            </strong>{' '}
            — {check.summary}
            <p className="check-detail">{check.detail}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
