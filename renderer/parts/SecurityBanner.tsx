// The security status of the open message, drawn by the app in its own chrome above the content, never inside it.
import type { SecurityReport } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { ACCEPTANCE_WORDS, schemeWords, securityStatus } from '../security-status.js';

const ICONS = { good: '🔒', plain: '○', warning: '⚠', bad: '✖' } as const;

export function SecurityBanner({ report }: { report: SecurityReport }) {
  const status = securityStatus(report);
  return (
    <section className={`security-banner level-${status.level}`} data-testid="security-status" data-level={status.level} aria-label="Security status">
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
        <summary>Details</summary>
        <dl>
          <dt>Encryption</dt>
          <dd>
            {report.encryption.state}, scheme {schemeWords(report.encryption.scheme)}
            {report.encryption.error ? ` — ${report.encryption.error}` : ''}
          </dd>
          <dt>Signature</dt>
          <dd>
            {report.signature.state}, scheme {schemeWords(report.signature.scheme)}
            {report.signature.signedAt ? `, made ${formatDate(report.signature.signedAt)}` : ''}
          </dd>
          {report.signature.signer && (
            <>
              <dt>Signer</dt>
              <dd>
                {report.signature.signer.address ?? 'no address'}
                <br />
                <code className="fingerprint" data-testid="signer-fingerprint">
                  {groupFingerprint(report.signature.signer.fingerprint)}
                </code>
              </dd>
              <dt>Your acceptance of the key</dt>
              <dd>{report.signature.acceptance ? ACCEPTANCE_WORDS[report.signature.acceptance] : 'not in your keyring'}</dd>
            </>
          )}
          <dt>From</dt>
          <dd>{report.from ?? 'none or several addresses'}</dd>
          <dt>Headers shown</dt>
          <dd>{report.protectedHeaders ? 'from inside the sealed message (protected)' : 'from the outer envelope (not protected)'}</dd>
          <dt>Parts</dt>
          <dd>
            <ul className="part-list">
              <li>Body: {report.html !== null ? 'HTML (shown sandboxed)' : report.text !== null ? 'plain text' : 'not shown'}</li>
              {report.attachments.map((a, i) => (
                <li key={i}>
                  Attachment {a.name ?? '(no name)'} — {a.type}, {formatSize(a.size)}
                </li>
              ))}
            </ul>
          </dd>
          {report.autocrypt && (
            <>
              <dt>Key offered by the sender (Autocrypt)</dt>
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

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
