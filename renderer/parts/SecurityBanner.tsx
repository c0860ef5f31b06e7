// The security status of the open message, drawn by the app in its own chrome above the content, never inside it.
import type { SecurityReport } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import { formatDate, formatSize } from '../i18n/format.js';
import { acceptanceWords, schemeWords, securityStatus } from '../security-status.js';

const ICONS = { good: '🔒', plain: '○', warning: '⚠', bad: '✖' } as const;

export function SecurityBanner({ report }: { report: SecurityReport }) {
  const { t, language } = useI18n();
  const status = securityStatus(report, t);
  const { encryption, signature } = report;
  return (
    <section className={`security-banner level-${status.level}`} data-testid="security-status" data-level={status.level} aria-label={t('status.region')}>
      <p className="security-headline" data-testid="security-headline">
        <span aria-hidden="true">{ICONS[status.level]}</span> {status.headline}
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
