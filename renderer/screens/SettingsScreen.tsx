// Settings: accounts (list, add, remove), the default sealing policy and Autocrypt preference, the passphrase cache timeout, the language, the shortcuts.
import { useState } from 'react';
import type { AccountView, Settings } from '../../app/contract/index.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { useI18n } from '../i18n/context.js';
import type { MessageKey } from '../i18n/en.js';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, translator } from '../i18n/translate.js';
import { ErrorLine } from '../parts/ErrorLine.js';

/** The single-key shortcuts (see useShortcuts in Mailbox and App), listed so they can be found. */
const SHORTCUTS: { key: string; what: MessageKey }[] = [
  { key: 'c', what: 'shortcut.compose' },
  { key: '/', what: 'shortcut.search' },
  { key: 'j', what: 'shortcut.next' },
  { key: 'k', what: 'shortcut.previous' },
  { key: 'Esc', what: 'shortcut.escape' },
];

interface Props {
  accounts: AccountView[];
  settings: Settings | null;
  onAccountsChanged: () => void;
  onSettingsChanged: (settings: Settings) => void;
  onAddAccount: () => void;
}

export function SettingsScreen({ accounts, settings, onAccountsChanged, onSettingsChanged, onAddAccount }: Props) {
  const api = useApi();
  const { t, setLanguage } = useI18n();
  const [error, setError] = useState<Problem | null>(null);
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
    if (!r.ok) return setError(r.problem);
    setError(null);
    setNotice(t('settings.removed', { address }));
    onAccountsChanged();
  };

  const save = async () => {
    if (!draft) return;
    const r = await call(
      api.settings.set({
        defaultSign: draft.defaultSign,
        defaultEncrypt: draft.defaultEncrypt,
        passphraseCacheMinutes: draft.passphraseCacheMinutes,
        autocryptPreferEncrypt: draft.autocryptPreferEncrypt,
      }),
    );
    if (!r.ok) return setError(r.problem);
    setError(null);
    setNotice(t('settings.saved'));
    setDraft(r.value);
    onSettingsChanged(r.value);
  };

  // The language applies and is saved at once, on its own: the user sees the change while still on this screen.
  const chooseLanguage = async (value: string) => {
    if (!draft || !isLanguage(value)) return;
    const r = await call(api.settings.set({ language: value }));
    if (!r.ok) return setError(r.problem);
    setError(null);
    setDraft({ ...draft, language: r.value.language });
    setLanguage(r.value.language);
    setNotice(translator(r.value.language)('settings.languageChanged'));
    onSettingsChanged(r.value);
  };

  return (
    <main className="settings">
      <ErrorLine problem={error} />
      {notice && (
        <p className="notice" role="status" data-testid="settings-notice">
          {notice}
        </p>
      )}
      <section aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t('settings.accounts')}</h2>
        <ul className="account-list" data-testid="account-list">
          {accounts.map((a) => (
            <li key={a.id} data-testid="account-row" data-address={a.address}>
              <div>
                <strong>{a.name ? `${a.name} <${a.address}>` : a.address}</strong>
                <p className="muted">
                  IMAP {a.imap.host}:{a.imap.port} ({a.imap.security.toUpperCase()}) · SMTP {a.smtp.host}:{a.smtp.port} ({a.smtp.security.toUpperCase()}) ·{' '}
                  {t('settings.login', { user: a.user })}
                  {a.privateCa ? ` · ${t('settings.privateCa')}` : ''}
                  {a.pinnedSha256 ? ` · ${t('settings.pinned')}` : ''}
                </p>
              </div>
              <button
                type="button"
                className="danger"
                onClick={() => setRemoving(a)}
                aria-label={t('settings.removeLabel', { address: a.address })}
                data-testid="account-remove"
              >
                {t('settings.remove')}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={onAddAccount} data-testid="account-add">
          {t('settings.add')}
        </button>
      </section>
      {draft && (
        <section aria-labelledby="language-title">
          <h2 id="language-title">{t('settings.language')}</h2>
          <label>
            {t('settings.language')}
            <select value={draft.language} onChange={(e) => void chooseLanguage(e.target.value)} data-testid="settings-language">
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        </section>
      )}
      {draft && (
        <form
          aria-labelledby="policy-title"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id="policy-title">{t('settings.sealing')}</h2>
          <label>
            <input type="checkbox" checked={draft.defaultSign} onChange={(e) => setDraft({ ...draft, defaultSign: e.target.checked })} data-testid="settings-sign" />
            {t('settings.sign')}
          </label>
          <label>
            <input type="checkbox" checked={draft.defaultEncrypt} onChange={(e) => setDraft({ ...draft, defaultEncrypt: e.target.checked })} data-testid="settings-encrypt" />
            {t('settings.encrypt')}
          </label>
          <label>
            <input
              type="checkbox"
              checked={draft.autocryptPreferEncrypt === 'mutual'}
              onChange={(e) => setDraft({ ...draft, autocryptPreferEncrypt: e.target.checked ? 'mutual' : 'nopreference' })}
              aria-describedby="settings-prefer-encrypt-hint"
              data-testid="settings-prefer-encrypt"
            />
            {t('settings.preferEncrypt')}
          </label>
          <p className="muted" id="settings-prefer-encrypt-hint">
            {t('settings.preferEncryptHint')}
          </p>
          <h2>{t('settings.passphrase')}</h2>
          <label>
            {t('settings.cacheMinutes')}
            <input
              type="number"
              min={1}
              max={1440}
              value={draft.passphraseCacheMinutes}
              onChange={(e) => setDraft({ ...draft, passphraseCacheMinutes: Math.max(1, Math.min(1440, Math.trunc(Number(e.target.value) || 1))) })}
              data-testid="settings-cache-minutes"
            />
          </label>
          <div className="toolbar">
            <button type="submit" className="primary" data-testid="settings-save">
              {t('settings.save')}
            </button>
          </div>
        </form>
      )}
      <section aria-labelledby="shortcuts-title" data-testid="shortcuts">
        <h2 id="shortcuts-title">{t('settings.shortcuts')}</h2>
        <p className="muted">{t('settings.shortcutsIntro')}</p>
        <dl className="shortcut-list">
          {SHORTCUTS.map((s) => (
            <div key={s.key} className="shortcut">
              <dt>
                <kbd>{s.key}</kbd>
              </dt>
              <dd>{t(s.what)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {removing && (
        <ConfirmDialog title={t('settings.removeTitle', { address: removing.address })} confirmLabel={t('settings.removeConfirm')} onConfirm={() => void remove()} onCancel={() => setRemoving(null)}>
          <p>{t('settings.removeBody')}</p>
          <label>
            <input type="checkbox" checked={discardOutbox} onChange={(e) => setDiscardOutbox(e.target.checked)} data-testid="account-discard-outbox" />
            {t('settings.discardOutbox')}
          </label>
        </ConfirmDialog>
      )}
    </main>
  );
}
