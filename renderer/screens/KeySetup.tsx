// The onboarding's second step: create a new key for the account's address, or import the one you already have.
import { useState } from 'react';
import type { KeyView } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { call, useApi } from '../parts/call.js';
import { ErrorLine } from '../parts/ErrorLine.js';

export function KeySetup({ address, name, onDone }: { address: string; name: string; onDone: () => void }) {
  const api = useApi();
  const [armored, setArmored] = useState('');
  const [keys, setKeys] = useState<KeyView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    const r = await call(api.keys.generate({ name, address }));
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setError(null);
    setKeys([r.value]);
  };

  const importKey = async () => {
    if (!armored.trim()) return setError('Paste your armored key (it starts with -----BEGIN PGP).');
    setBusy(true);
    const r = await call(api.keys.import({ armored }));
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setError(null);
    setArmored('');
    setKeys(r.value);
  };

  return (
    <main className="onboarding">
      <section className="card wide" aria-label="Your key">
        <h1>Your key for {address}</h1>
        <p className="muted">Sealmail signs and encrypts with your own OpenPGP key. Create a new one, or import the key you already use.</p>
        {keys ? (
          <div data-testid="key-ready">
            {keys.map((k) => (
              <p key={k.fingerprint}>
                Ready: {k.userIds[0]?.uid ?? address} <code className="fingerprint">{groupFingerprint(k.fingerprint)}</code>
              </p>
            ))}
          </div>
        ) : (
          <div className="grid2">
            <div>
              <h2>Create a new key</h2>
              <button type="button" className="primary" onClick={() => void generate()} disabled={busy} data-testid="key-generate">
                Create key for {address}
              </button>
            </div>
            <div>
              <h2>Import my key</h2>
              <label htmlFor="key-import-text">Armored key</label>
              <textarea id="key-import-text" rows={6} value={armored} onChange={(e) => setArmored(e.target.value)} data-testid="key-import-text" />
              <button type="button" onClick={() => void importKey()} disabled={busy} data-testid="key-import">
                Import
              </button>
            </div>
          </div>
        )}
        {busy && (
          <p className="muted" role="status">
            Working…
          </p>
        )}
        <ErrorLine message={error} />
        <div className="toolbar">
          <button type="button" className={keys ? 'primary' : ''} onClick={onDone} data-testid="onboarding-done">
            {keys ? 'Go to mail' : 'Skip for now'}
          </button>
        </div>
      </section>
    </main>
  );
}
