// Settings: accounts (list, add, remove), the default sealing policy, the passphrase cache timeout, the language.
import { useState } from 'react';
import type { AccountView, Settings } from '../../app/contract/index.js';
import { call, useApi } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { ErrorLine } from '../parts/ErrorLine.js';

interface Props {
  accounts: AccountView[];
  settings: Settings | null;
  onAccountsChanged: () => void;
  onSettingsChanged: (settings: Settings) => void;
  onAddAccount: () => void;
}

export function SettingsScreen({ accounts, settings, onAccountsChanged, onSettingsChanged, onAddAccount }: Props) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AccountView | null>(null);
  const [discardOutbox, setDiscardOutbox] = useState(false);
  const [draft, setDraft] = useState<Settings | null>(settings);

  const remove = async () => {
    if (!removing) return;
    const address = removing.address;
    setRemoving(null);
    const r = await call(api.accounts.remove(discardOutbox ? { address, discardOutbox: true } : { address }));
    setDiscardOutbox(false);
    if (!r.ok) return setError(r.message);
    setError(null);
    setNotice(`${address} is removed.`);
    onAccountsChanged();
  };

  const save = async () => {
    if (!draft) return;
    const r = await call(
      api.settings.set({
        defaultSign: draft.defaultSign,
        defaultEncrypt: draft.defaultEncrypt,
        passphraseCacheMinutes: draft.passphraseCacheMinutes,
        language: draft.language,
      }),
    );
    if (!r.ok) return setError(r.message);
    setError(null);
    setNotice('Settings saved.');
    setDraft(r.value);
    onSettingsChanged(r.value);
  };

  return (
    <main className="settings">
      <ErrorLine message={error} />
      {notice && (
        <p className="notice" role="status" data-testid="settings-notice">
          {notice}
        </p>
      )}
      <section aria-labelledby="accounts-title">
        <h2 id="accounts-title">Accounts</h2>
        <ul className="account-list" data-testid="account-list">
          {accounts.map((a) => (
            <li key={a.id} data-testid="account-row" data-address={a.address}>
              <div>
                <strong>{a.name ? `${a.name} <${a.address}>` : a.address}</strong>
                <p className="muted">
                  IMAP {a.imap.host}:{a.imap.port} ({a.imap.security.toUpperCase()}) · SMTP {a.smtp.host}:{a.smtp.port} ({a.smtp.security.toUpperCase()}) · login {a.user}
                  {a.privateCa ? ' · private CA' : ''}
                  {a.pinnedSha256 ? ' · pinned certificate' : ''}
                </p>
              </div>
              <button type="button" className="danger" onClick={() => setRemoving(a)} data-testid="account-remove">
                Remove…
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={onAddAccount} data-testid="account-add">
          Add account
        </button>
      </section>
      {draft && (
        <form
          aria-labelledby="policy-title"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id="policy-title">Sealing</h2>
          <label>
            <input type="checkbox" checked={draft.defaultSign} onChange={(e) => setDraft({ ...draft, defaultSign: e.target.checked })} data-testid="settings-sign" />
            Sign new messages
          </label>
          <label>
            <input type="checkbox" checked={draft.defaultEncrypt} onChange={(e) => setDraft({ ...draft, defaultEncrypt: e.target.checked })} data-testid="settings-encrypt" />
            Encrypt new messages (whenever every recipient has a key)
          </label>
          <h2>Passphrase</h2>
          <label>
            Keep secret keys unlocked for (minutes, 0 asks every time)
            <input
              type="number"
              min={0}
              max={1440}
              value={draft.passphraseCacheMinutes}
              onChange={(e) => setDraft({ ...draft, passphraseCacheMinutes: Math.max(0, Math.min(1440, Math.trunc(Number(e.target.value) || 0))) })}
              data-testid="settings-cache-minutes"
            />
          </label>
          <h2>Language</h2>
          <label>
            Language
            <select value={draft.language} onChange={() => setDraft({ ...draft, language: 'en' })} data-testid="settings-language">
              <option value="en">English</option>
            </select>
          </label>
          <div className="toolbar">
            <button type="submit" className="primary" data-testid="settings-save">
              Save settings
            </button>
          </div>
        </form>
      )}
      {removing && (
        <ConfirmDialog title={`Remove ${removing.address}?`} confirmLabel="Remove account" onConfirm={() => void remove()} onCancel={() => setRemoving(null)}>
          <p>The account's settings, password and stored mail are removed from this computer. Mail on the server is not touched; your keys stay.</p>
          <label>
            <input type="checkbox" checked={discardOutbox} onChange={(e) => setDiscardOutbox(e.target.checked)} data-testid="account-discard-outbox" />
            Also discard mail still waiting in the outbox
          </label>
        </ConfirmDialog>
      )}
    </main>
  );
}
