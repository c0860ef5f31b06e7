// The trust anchors the user added (and the roots they distrusted): roots S/MIME signatures are trusted through besides Mozilla's.
import { useState } from 'react';
import type { CertificateView } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { certificateName } from '../service-words.js';
import { certificateFileText } from './CertificateImport.js';

interface Props {
  anchors: CertificateView[];
  selected: string | null;
  onSelect: (fingerprint: string) => void;
  onDone: (views: CertificateView[]) => void;
  onError: (problem: Problem) => void;
}

export function TrustAnchors({ anchors, selected, onSelect, onDone, onError }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <section className="panel trust-anchors" aria-labelledby="trust-anchors-title" data-testid="trust-anchors">
      <h3 id="trust-anchors-title">{t('anchors.title')}</h3>
      <p className="muted">{t('anchors.intro')}</p>
      <ul className="key-list" data-testid="anchor-list">
        {anchors.map((a) => (
          <li key={a.fingerprint}>
            <button
              type="button"
              className={`key-row${a.fingerprint === selected ? ' selected' : ''}`}
              aria-current={a.fingerprint === selected ? 'true' : undefined}
              onClick={() => onSelect(a.fingerprint)}
              data-testid="anchor-row"
              data-fingerprint={a.fingerprint}
            >
              <span>{certificateName(a)}</span>
              <span className="muted">
                {a.anchor ? t('anchors.added') : t('anchors.builtIn')}
                {a.distrusted ? t('certs.distrustedSuffix') : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {anchors.length === 0 && <p className="muted">{t('anchors.none')}</p>}
      <label>
        {t('anchors.add')}
        <input
          type="file"
          accept=".pem,.crt,.cer,.der,application/x-x509-ca-cert,application/pkix-cert"
          disabled={busy}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setBusy(true);
            const r = await call(api.certs.addAnchor({ pem: await certificateFileText(file) }));
            setBusy(false);
            if (!r.ok) return onError(r.problem);
            onDone(r.value);
          }}
          data-testid="anchor-add-file"
        />
      </label>
    </section>
  );
}
