// The app shell: session gate, then the navigation between mail, compose, keys, settings and onboarding.
import { useCallback, useEffect, useState } from 'react';
import type { AccountView, Draft, MailtoDraft, SessionState, Settings } from '../app/contract/index.js';
import { call, RelockContext, useApi, type Problem } from './parts/call.js';
import { useI18n } from './i18n/context.js';
import type { MessageKey } from './i18n/en.js';
import { ErrorLine } from './parts/ErrorLine.js';
import { useShortcuts } from './parts/shortcuts.js';
import { Compose } from './screens/Compose.js';
import { Keys } from './screens/Keys.js';
import { Mailbox } from './screens/Mailbox.js';
import { Onboarding } from './screens/Onboarding.js';
import { SettingsScreen } from './screens/SettingsScreen.js';
import { Unlock } from './screens/Unlock.js';

type Screen = 'mail' | 'compose' | 'keys' | 'settings' | 'onboarding';

const NAV: { screen: Screen; label: MessageKey }[] = [
  { screen: 'mail', label: 'app.nav.mail' },
  { screen: 'compose', label: 'app.nav.compose' },
  { screen: 'keys', label: 'app.nav.keys' },
  { screen: 'settings', label: 'app.nav.settings' },
];

export function App() {
  const api = useApi();
  const { t, setLanguage } = useI18n();
  const [session, setSession] = useState<SessionState | null>(null);
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [screen, setScreen] = useState<Screen>('mail');
  const [composing, setComposing] = useState<{ draft: Draft | null; n: number }>({ draft: null, n: 0 });
  /** The address the key manager opens filtered to (from a compose chip's key change); empty from the navigation. */
  const [keysFor, setKeysFor] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  /** A mailto: link the desktop shell passed on, waiting for the mailbox to be ready. */
  const [link, setLink] = useState<MailtoDraft | null>(null);
  const [linkNotice, setLinkNotice] = useState<string | null>(null);

  useEffect(() => {
    void call(api.session.state({})).then((r) => (r.ok ? setSession(r.value) : setError(r.problem)));
    return api.onEvent((event) => {
      if (event.type === 'locked') setSession((s) => (s ? { ...s, unlocked: false } : s));
      if (event.type === 'mailto') setLink(event.draft);
    });
  }, [api]);

  const loadAccounts = useCallback(async () => {
    const r = await call(api.accounts.list({}));
    if (!r.ok) return setError(r.problem);
    setAccounts(r.value);
    if (r.value.length === 0) setScreen('onboarding');
  }, [api]);

  useEffect(() => {
    if (!session?.unlocked) return;
    void loadAccounts();
    void call(api.settings.get({})).then((r) => {
      if (!r.ok) return setError(r.problem);
      setSettings(r.value);
      setLanguage(r.value.language);
    });
  }, [api, session?.unlocked, loadAccounts, setLanguage]);

  const compose = (draft: Draft | null) => {
    setLinkNotice(null);
    setComposing((c) => ({ draft, n: c.n + 1 }));
    setScreen('compose');
  };

  // A link only fills a draft for the user to read and send; what it tried beyond that (attach=...) is named, never done.
  useEffect(() => {
    const [account] = accounts ?? [];
    if (!link || !session?.unlocked || !account) return;
    const { to, cc, bcc, subject, body, inReplyTo, ignored } = link;
    setLink(null);
    setComposing((c) => ({ draft: { id: null, accountId: account.id, to, cc, bcc, subject, body, sign: true, encrypt: true, attachments: [], inReplyTo }, n: c.n + 1 }));
    setScreen('compose');
    setLinkNotice(ignored.length > 0 ? t('mailto.ignored', { names: ignored.join(', ') }) : t('mailto.opened'));
  }, [link, accounts, session?.unlocked, t]);

  useShortcuts(session?.unlocked && accounts ? { c: () => compose(null) } : {});

  const lock = async () => {
    const r = await call(api.session.lock({}));
    if (r.ok) setSession(r.value);
    else setError(r.problem);
  };

  if (!session) {
    return <main className="center-card">{error ? <ErrorLine problem={error} /> : <p className="muted">{t('app.starting')}</p>}</main>;
  }
  if (!session.unlocked) return <Unlock state={session} onUnlocked={setSession} />;
  if (!accounts) return <main className="center-card">{error ? <ErrorLine problem={error} /> : <p className="muted">{t('app.loading')}</p>}</main>;

  return (
    <RelockContext.Provider value={() => void lock()}>
    <div className="app">
      <header className="app-bar">
        <span className="brand">Sealmail</span>
        <nav aria-label={t('app.nav')}>
          {NAV.map((n) => (
            <button
              key={n.screen}
              type="button"
              className={screen === n.screen ? 'selected' : ''}
              aria-current={screen === n.screen ? 'page' : undefined}
              onClick={() => {
                if (n.screen === 'keys') setKeysFor('');
                if (n.screen === 'compose') compose(null);
                else setScreen(n.screen);
              }}
              data-testid={`nav-${n.screen}`}
            >
              {t(n.label)}
            </button>
          ))}
        </nav>
        <button type="button" onClick={() => void lock()} data-testid="lock">
          {t('app.lock')}
        </button>
      </header>
      <ErrorLine problem={error} />
      {screen === 'mail' && (
        <Mailbox
          accounts={accounts}
          onCompose={compose}
          onOpenKeys={() => {
            setKeysFor('');
            setScreen('keys');
          }}
        />
      )}
      {screen === 'compose' && linkNotice && (
        <p className="notice" role="status" data-testid="mailto-notice">
          {linkNotice}
        </p>
      )}
      {/* Kept (hidden) while the key manager is open from one of its chips, so the draft survives the detour. */}
      {(screen === 'compose' || (screen === 'keys' && keysFor !== '')) && (
        <div hidden={screen !== 'compose'}>
        <Compose
          key={composing.n}
          active={screen === 'compose'}
          accounts={accounts}
          settings={settings}
          initial={composing.draft}
          onClose={() => setScreen('mail')}
          onOpenDraft={compose}
          onOpenKeys={(address) => {
            setKeysFor(address);
            setScreen('keys');
          }}
        />
        </div>
      )}
      {screen === 'keys' && keysFor !== '' && (
        <button type="button" className="back-to-compose" onClick={() => setScreen('compose')} data-testid="back-to-compose">
          {t('app.backToCompose')}
        </button>
      )}
      {screen === 'keys' && <Keys key={keysFor} initialFilter={keysFor} />}
      {screen === 'settings' && (
        <SettingsScreen
          key={settings ? 'loaded' : 'loading'}
          accounts={accounts}
          settings={settings}
          onAccountsChanged={() => void loadAccounts()}
          onSettingsChanged={setSettings}
          onAddAccount={() => setScreen('onboarding')}
        />
      )}
      {screen === 'onboarding' && (
        <Onboarding
          onDone={() => {
            void loadAccounts();
            setScreen('mail');
          }}
          onCancel={accounts.length > 0 ? () => setScreen('settings') : null}
        />
      )}
    </div>
    </RelockContext.Provider>
  );
}
