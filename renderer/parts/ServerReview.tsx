// A server check in plain words: each finding's title, verdict and meaning in the user's language, the check's own
// English summary and detail under them as the technical evidence, and the overall verdict.
import type { ServerReviewView } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { catalogKey, type Translate } from '../i18n/translate.js';

const CHECKS = ['tls', 'starttls', 'credential-exposure', 'user-enumeration', 'open-relay', 'sasl'] as const;

/** A check the UI knows gets its title in the user's language; a new one from the services shows its id. */
function checkTitle(id: string, t: Translate): string {
  return (CHECKS as readonly string[]).includes(id) ? t(`review.check.${id as (typeof CHECKS)[number]}`) : id;
}

/** What a verdict of a known check means for the user; null for a check this UI does not know (its summary says it). */
function checkMeaning(id: string, verdict: string, t: Translate): string | null {
  const key = catalogKey(`review.meaning.${id}.${verdict}`);
  return key && t(key);
}

export function ServerReview({ review }: { review: ServerReviewView }) {
  const { t } = useI18n();
  const { kind, setting, report, unreachable } = review;
  const name = t(kind === 'imap' ? 'review.imap' : 'review.smtp', { host: setting.host, port: setting.port });
  if (!report) {
    return (
      <section className="server-review level-bad" data-testid={`review-${kind}`} data-verdict="unreachable">
        <h4>{name}</h4>
        <p>{t('review.unreachable', { reason: unreachable ?? t('review.noAnswer') })}</p>
      </section>
    );
  }
  return (
    <section className={`server-review level-${report.verdict}`} data-testid={`review-${kind}`} data-verdict={report.verdict}>
      <h4>
        {name}: <span data-testid={`review-${kind}-verdict`}>{t(`review.verdict.${report.verdict}`)}</span>
      </h4>
      <p className="muted">{t('review.connection', { transport: t(`review.transport.${report.transport}`) })}</p>
      <ul className="checks">
        {report.checks.map((check) => (
          <li key={check.id} className={`level-${check.verdict}`} data-testid={`check-${kind}-${check.id}`}>
            <strong>
              {checkTitle(check.id, t)}: {t(`review.verdict.${check.verdict}`)}
            </strong>{' '}
            — {checkMeaning(check.id, check.verdict, t) ?? check.summary}
            <p className="check-detail">
              <span className="muted">{t('review.evidence')}</span> {check.summary} — {check.detail}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
