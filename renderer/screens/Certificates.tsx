// The key manager's S/MIME side: certificates with filter and details, import (.p12 with its password, or others'
// certificates), export, distrust and delete behind a confirmation, and the trust anchors the user added.
import { useCallback, useEffect, useState } from 'react';
import type { CertificateView } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import { formatDate } from '../i18n/format.js';
import type { Translate } from '../i18n/translate.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { saveFile } from '../parts/download.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { certificateName, certificateProvenanceWords } from '../service-words.js';
import { ImportCertificate, ImportIdentity } from './CertificateImport.js';
import { TrustAnchors } from './TrustAnchors.js';

type Pending = { action: 'distrust' | 'delete'; cert: CertificateView } | null;

export function Certificates() {
  const api = useApi();
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const [certs, setCerts] = useState<CertificateView[]>([]);
  const [anchors, setAnchors] = useState<CertificateView[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const load = useCallback(async () => {
    const [listed, anchored] = await Promise.all([call(api.certs.list(filter.trim() ? { filter: filter.trim() } : {})), call(api.certs.anchors({}))]);
    if (!listed.ok) return setError(listed.problem);
    setCerts(listed.value);
    if (!anchored.ok) return setError(anchored.problem);
    setAnchors(anchored.value);
  }, [api, filter]);

  useEffect(() => {
    void load();
  }, [load]);

  const cert = certs.find((c) => c.fingerprint === selected) ?? anchors.find((c) => c.fingerprint === selected) ?? null;

  const done = (message: string) => {
    setError(null);
    setNotice(message);
    void load();
  };

  const imported = (views: CertificateView[]) => {
    setSelected((views.find((v) => v.own) ?? views[0])?.fingerprint ?? null);
    done(t(views.length === 1 ? 'certs.imported.one' : 'certs.imported.other', { count: views.length }));
  };

  const confirmPending = async () => {
    if (!pending) return;
    const { action, cert: target } = pending;
    setPending(null);
    const r = action === 'distrust' ? await call(api.certs.distrust({ fingerprint: target.fingerprint })) : await call(api.certs.remove({ fingerprint: target.fingerprint }));
    if (!r.ok) return setError(r.problem);
    if (action === 'delete') setSelected(null);
    done(action === 'distrust' ? t('certs.distrusted') : t('certs.deleted'));
  };

  return (
    <main className="keys">
      <section className="key-list-pane" aria-label={t('certs.list')}>
        <input type="search" aria-label={t('certs.filter')} placeholder={t('certs.filterPlaceholder')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="cert-filter" />
        <ul className="key-list" data-testid="cert-list">
          {certs.map((c) => (
            <li key={c.fingerprint}>
              <button
                type="button"
                className={`key-row${c.fingerprint === selected ? ' selected' : ''}`}
                aria-current={c.fingerprint === selected ? 'true' : undefined}
                onClick={() => setSelected(c.fingerprint)}
                data-testid="cert-row"
                data-fingerprint={c.fingerprint}
              >
                <span>{certificateName(c)}</span>
                <span className="muted">{standingWords(c, t)}</span>
              </button>
            </li>
          ))}
        </ul>
        {certs.length === 0 && <p className="muted">{filter ? t('certs.noneMatch') : t('certs.noneYet')}</p>}
        <ImportIdentity onDone={imported} onError={setError} />
        <ImportCertificate onDone={imported} onError={setError} />
        <TrustAnchors
          anchors={anchors}
          selected={selected}
          onSelect={setSelected}
          onDone={(views) => {
            setSelected(views[0]?.fingerprint ?? null);
            done(t(views.length === 1 ? 'anchors.added.one' : 'anchors.added.other', { count: views.length }));
          }}
          onError={setError}
        />
      </section>
      <section className="key-detail-pane" aria-label={t('certs.detailPane')}>
        <ErrorLine problem={error} />
        {notice && (
          <p className="notice" role="status" data-testid="cert-notice">
            {notice}
          </p>
        )}
        {cert ? (
          <CertificateDetails
            key={cert.fingerprint}
            cert={cert}
            onError={setError}
            onDistrust={() => setPending({ action: 'distrust', cert })}
            onDelete={certs.some((c) => c.fingerprint === cert.fingerprint) ? () => setPending({ action: 'delete', cert }) : null}
          />
        ) : (
          <p className="muted">{t('certs.select')}</p>
        )}
      </section>
      {pending && (
        <ConfirmDialog
          title={pending.action === 'distrust' ? t('certs.distrustTitle') : t('certs.deleteTitle')}
          confirmLabel={pending.action === 'distrust' ? t('certs.distrust') : t('certs.delete')}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>{pending.cert.subject}</p>
          <p>
            <code className="fingerprint">{groupFingerprint(pending.cert.fingerprint)}</code>
          </p>
          <p>
            {pending.action === 'distrust' ? t('certs.distrustWarning') : pending.cert.own ? t('certs.deleteOwnWarning') : t('certs.deleteOtherWarning')}
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}

/** "your certificate, expired" and the like, for a list row. */
export function standingWords(c: CertificateView, t: Translate): string {
  return [
    c.own ? t('certs.yours') : c.ca ? t('certs.authority') : t('certs.others'),
    c.expired ? t('certs.expiredSuffix') : '',
    c.distrusted ? t('certs.distrustedSuffix') : c.anchor ? t('certs.anchorSuffix') : '',
  ].join('');
}

interface DetailProps {
  cert: CertificateView;
  onError: (problem: Problem) => void;
  onDistrust: () => void;
  /** Null for a trust anchor that is not also a stored certificate (a built-in root). */
  onDelete: (() => void) | null;
}

export function CertificateDetails({ cert: c, onError, onDistrust, onDelete }: DetailProps) {
  const api = useApi();
  const { t, language } = useI18n();

  const exportPem = async () => {
    const r = await call(api.certs.export({ fingerprint: c.fingerprint }));
    if (!r.ok) return onError(r.problem);
    saveFile(`${c.emails[0] ?? c.fingerprint.slice(0, 16)}.pem`, new Blob([r.value.pem], { type: 'application/x-pem-file' }));
  };

  return (
    <article className="key-details" data-testid="cert-details">
      <h2>{certificateName(c)}</h2>
      <p className="fingerprint big" data-testid="cert-fingerprint" aria-label={t('certs.fingerprint')}>
        {groupFingerprint(c.fingerprint)}
      </p>
      <dl>
        <dt>{t('certs.subject')}</dt>
        <dd data-testid="cert-subject">{c.subject}</dd>
        <dt>{t('certs.emails')}</dt>
        <dd data-testid="cert-emails">{c.emails.length > 0 ? c.emails.join(t('list.separator')) : t('certs.noEmails')}</dd>
        <dt>{t('certs.issuer')}</dt>
        <dd data-testid="cert-issuer">{c.issuer}</dd>
        <dt>{t('certs.validity')}</dt>
        <dd data-testid="cert-validity">
          {t('certs.validRange', { from: formatDate(c.notBefore, language), to: formatDate(c.notAfter, language) })}
          {c.expired ? t('certs.expiredMark') : ''}
        </dd>
        <dt>{t('certs.owner')}</dt>
        <dd data-testid="cert-owner">
          {c.own ? t('certs.own') : t('certs.other')}
          {c.ca ? t('certs.caNote') : ''}
        </dd>
        <dt>{t('certs.usage')}</dt>
        <dd data-testid="cert-usage">
          {t('certs.usageLine', { encrypt: t(c.canEncrypt ? 'keys.canEncrypt' : 'keys.cannotEncrypt'), sign: t(c.canSign ? 'keys.canSign' : 'keys.cannotSign') })}
        </dd>
        <dt>{t('certs.trust')}</dt>
        <dd data-testid="cert-trust">{c.distrusted ? t('certs.trust.distrusted') : c.anchor ? t('certs.trust.anchor') : t('certs.trust.none')}</dd>
        <dt>{t('certs.provenance')}</dt>
        <dd data-testid="cert-provenance">{certificateProvenanceWords(c, t)}</dd>
        {c.addedAt && (
          <>
            <dt>{t('certs.addedAt')}</dt>
            <dd>{formatDate(c.addedAt, language)}</dd>
          </>
        )}
      </dl>
      <div className="toolbar">
        <button type="button" onClick={() => void exportPem()} data-testid="cert-export">
          {t('certs.export')}
        </button>
      </div>
      <div className="toolbar danger-zone">
        {!c.distrusted && (
          <button type="button" className="danger" onClick={onDistrust} data-testid="cert-distrust">
            {t('certs.distrustAsk')}
          </button>
        )}
        {onDelete && (
          <button type="button" className="danger" onClick={onDelete} data-testid="cert-delete">
            {t('certs.deleteAsk')}
          </button>
        )}
      </div>
    </article>
  );
}
