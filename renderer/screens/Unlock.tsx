// Unlock the profile with its passphrase, or create the profile (passphrase twice) the first time.
import { useState } from 'react';
import type { SessionState } from '../../app/contract/index.js';
import { call, useApi } from '../parts/call.js';
import { ErrorLine } from '../parts/ErrorLine.js';

export function Unlock({ state, onUnlocked }: { state: SessionState; onUnlocked: (state: SessionState) => void }) {
  const api = useApi();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = !state.exists;

  const submit = async () => {
    if (!passphrase) return setError('Enter your passphrase.');
    if (creating && passphrase !== repeat) return setError('The two passphrases differ. Type the same passphrase twice.');
    setBusy(true);
    const r = await call(api.session.unlock({ passphrase }));
    setBusy(false);
    if (!r.ok) return setError(r.message);
    if (!r.value.unlocked) return setError('The profile is still locked. Check the passphrase and try again.');
    setPassphrase('');
    setRepeat('');
    onUnlocked(r.value);
  };

  return (
    <main className="center-card">
      <form
        className="card"
        aria-label={creating ? 'Create profile' : 'Unlock'}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h1>{creating ? 'Create your Sealmail profile' : 'Unlock Sealmail'}</h1>
        <p className="muted">
          {creating
            ? 'Choose a passphrase. It locks your keys, account passwords and stored mail on this computer; it cannot be recovered if you forget it.'
            : 'Your keys, account passwords and mail are locked with your passphrase.'}
        </p>
        <label htmlFor="passphrase">Passphrase</label>
        <input id="passphrase" type="password" autoComplete={creating ? 'new-password' : 'current-password'} autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid="passphrase" />
        {creating && (
          <>
            <label htmlFor="passphrase-repeat">Repeat passphrase</label>
            <input id="passphrase-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="passphrase-repeat" />
          </>
        )}
        <ErrorLine message={error} />
        <button type="submit" className="primary" disabled={busy} data-testid="unlock">
          {creating ? 'Create profile' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
