// Unlock the profile with its passphrase, or create the profile (passphrase twice) the first time.
import { useState } from 'react';
import type { SessionState } from '../../app/contract/index.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { useI18n } from '../i18n/context.js';
import { ErrorLine } from '../parts/ErrorLine.js';

export function Unlock({ state, onUnlocked }: { state: SessionState; onUnlocked: (state: SessionState) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = !state.exists;

  const submit = async () => {
    if (!passphrase) return setError({ text: t('unlock.empty') });
    if (creating && passphrase !== repeat) return setError({ text: t('unlock.differ') });
    setBusy(true);
    const r = await call(api.session.unlock({ passphrase }));
    setBusy(false);
    if (!r.ok) return setError(r.problem);
    if (!r.value.unlocked) return setError({ text: t('unlock.stillLocked') });
    setPassphrase('');
    setRepeat('');
    onUnlocked(r.value);
  };

  return (
    <main className="center-card">
      <form
        className="card"
        aria-label={creating ? t('unlock.create.form') : t('unlock.unlock.form')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>{creating ? t('unlock.create.title') : t('unlock.unlock.title')}</h1>
        <p className="muted">
          {creating ? t('unlock.create.intro') : t('unlock.unlock.intro')}
        </p>
        <label htmlFor="passphrase">{t('unlock.passphrase')}</label>
        <input id="passphrase" type="password" autoComplete={creating ? 'new-password' : 'current-password'} autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid="passphrase" />
        {creating && (
          <>
            <label htmlFor="passphrase-repeat">{t('unlock.repeat')}</label>
            <input id="passphrase-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="passphrase-repeat" />
          </>
        )}
        <ErrorLine problem={error} />
        <button type="submit" className="primary" disabled={busy} data-testid="unlock">
          {creating ? t('unlock.create.submit') : t('unlock.unlock.submit')}
        </button>
      </form>
    </main>
  );
}
