// The security status of the open message, drawn by the app in its own chrome above the content, never inside it.
import type { SecurityReport } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import { formatDate, formatSize } from '../i18n/format.js';
import { acceptanceWords, schemeWords, securityStatus } from '../security-status.js';

/** Drawn as SVG, not emoji: a system without an emoji font would show an empty box where the lock should be. */
function StatusIcon({ level }: { level: 'good' | 'plain' | 'warning' | 'bad' }) {
  const paths = {
    good: 'M5 7V5a3 3 0 0 1 6 0v2h1v7H4V7h1zm2 0h2V5a1 1 0 0 0-2 0v2z',
    plain: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zm0 2a4 4 0 1 1 0 8 4 4 0 0 1 0-8z',
    warning: 'M8 1l7 13H1L8 1zm-1 5v4h2V6H7zm0 5v2h2v-2H7z',
    bad: 'M3.5 2L8 6.5 12.5 2 14 3.5 9.5 8l4.5 4.5-1.5 1.5L8 9.5 3.5 14 2 12.5 6.5 8 2 3.5z',
  } as const;
  return (
    <svg className="status-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path fill="currentColor" fillRule="evenodd" d={paths[level]} />
    </svg>
  );
}

export function SecurityBanner({ report }: { report: SecurityReport }) {
  const { t, language } = useI18n();
  const status = securityStatus(report, t);
  const { encryption, signature } = report;
  return (
    <section className={`security-banner level-${status.level}`} data-testid="security-status" data-level={status.level} aria-label={t('status.region')}>
      <p className="security-headline" data-testid="security-headline">
        <StatusIcon level={status.level} /> {status.headline}
      </p>
      <ul className="security-lines">
        {status.lines.map((line) => (
          <li key={line.topic} className={`level-${line.level}`} data-testid={`security-${line.topic}`}>
            {line.text}
          </li>
        ))}
        {status.warnings.map((w, i) => (
          <li key={`w${i}`} className="level-warning" data-testid="security-warning">
            {w}
          </li>
        ))}
      </ul>
      <details className="security-details" data-testid="security-details">
        <summary>{t('status.details')}</summary>
        <dl>
          <dt>{t('status.detail.encryption')}</dt>
          <dd>
            {t('status.detail.encryptionValue', { state: t(`status.encState.${encryption.state}`), scheme: schemeWords(encryption.scheme, t) })}
            {encryption.error ? ` — ${encryption.error}` : ''}
          </dd>
          <dt>{t('status.detail.signature')}</dt>
          <dd>
            {t('status.detail.signatureValue', { state: t(`status.sigState.${signature.state}`), scheme: schemeWords(signature.scheme, t) })}
            {signature.signedAt ? t('status.detail.signedAt', { date: formatDate(signature.signedAt, language) }) : ''}
          </dd>
          {signature.signer && (
            <>
              <dt>{t('status.detail.signer')}</dt>
              <dd>
                {signature.signer.address ?? t('status.detail.noAddress')}
                <br />
                <code className="fingerprint" data-testid="signer-fingerprint">
                  {groupFingerprint(signature.signer.fingerprint)}
                </code>
              </dd>
              <dt>{t('status.detail.acceptance')}</dt>
              <dd>{signature.acceptance ? acceptanceWords(signature.acceptance, t) : t('status.detail.notInKeyring')}</dd>
            </>
          )}
          <dt>{t('status.detail.from')}</dt>
          <dd>{report.from ?? t('status.detail.fromNone')}</dd>
          <dt>{t('status.detail.headers')}</dt>
          <dd>{report.protectedHeaders ? t('status.detail.headersProtected') : t('status.detail.headersOuter')}</dd>
          <dt>{t('status.detail.parts')}</dt>
          <dd>
            <ul className="part-list">
              <li>
                {t('status.detail.body', {
                  kind: report.html !== null ? t('status.detail.bodyHtml') : report.text !== null ? t('status.detail.bodyText') : t('status.detail.bodyNone'),
                })}
              </li>
              {report.attachments.map((a, i) => (
                <li key={i}>{t('status.detail.attachment', { name: a.name ?? t('status.detail.noName'), type: a.type, size: formatSize(a.size, t) })}</li>
              ))}
            </ul>
          </dd>
          {report.autocrypt && (
            <>
              <dt>{t('status.detail.autocrypt')}</dt>
              <dd>
                {report.autocrypt.addr} <code className="fingerprint">{groupFingerprint(report.autocrypt.fingerprint)}</code>
              </dd>
            </>
          )}
        </dl>
      </details>
    </section>
  );
}
