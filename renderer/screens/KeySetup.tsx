// The onboarding's second step: create a new key for the account's address, or import the one you already have.
import { useState } from 'react';
import type { KeyView } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { useI18n } from '../i18n/context.js';
import { ErrorLine } from '../parts/ErrorLine.js';

export function KeySetup({ address, name, onDone }: { address: string; name: string; onDone: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [armored, setArmored] = useState('');
  const [keys, setKeys] = useState<KeyView[] | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    const r = await call(api.keys.generate({ name, address }));
    setBusy(false);
    if (!r.ok) return setError(r.problem);
    setError(null);
    setKeys([r.value]);
  };

  const importKey = async () => {
    if (!armored.trim()) return setError({ text: t('keySetup.paste') });
    setBusy(true);
    const r = await call(api.keys.import({ armored }));
    setBusy(false);
    if (!r.ok) return setError(r.problem);
    setError(null);
    setArmored('');
    setKeys(r.value);
  };

  return (
    <main className="onboarding">
      <section className="card wide" aria-label={t('keySetup.region')}>
        <h1>{t('keySetup.title', { address })}</h1>
        <p className="muted">{t('keySetup.intro')}</p>
        {keys ? (
          <div data-testid="key-ready">
            {keys.map((k) => (
              <p key={k.fingerprint}>
                {t('keySetup.ready', { uid: k.userIds[0]?.uid ?? address })} <code className="fingerprint">{groupFingerprint(k.fingerprint)}</code>
              </p>
            ))}
          </div>
        ) : (
          <div className="grid2">
            <div>
              <h2>{t('keySetup.create')}</h2>
              <button type="button" className="primary" onClick={() => void generate()} disabled={busy} data-testid="key-generate">
                {t('keySetup.createFor', { address })}
              </button>
            </div>
            <div>
              <h2>{t('keySetup.import')}</h2>
              <label htmlFor="key-import-text">{t('keySetup.armored')}</label>
              <textarea id="key-import-text" rows={6} value={armored} onChange={(e) => setArmored(e.target.value)} data-testid="key-import-text" />
              <button type="button" onClick={() => void importKey()} disabled={busy} data-testid="key-import">
                {t('keySetup.importSubmit')}
              </button>
            </div>
          </div>
        )}
        {busy && (
          <p className="muted" role="status">
            {t('keySetup.working')}
          </p>
        )}
        <ErrorLine problem={error} />
        <div className="toolbar">
          <button type="button" className={keys ? 'primary' : ''} onClick={onDone} data-testid="onboarding-done">
            {keys ? t('keySetup.goToMail') : t('keySetup.skip')}
          </button>
        </div>
      </section>
    </main>
  );
}
