// Onboarding: add an account (lookup, server check, confirmation), then create or import the key for it.
import { useState } from 'react';
import type { DiscoveryView, ServerReviewView, ServerSettingView } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { isAddress } from '../recipient-chip.js';
import { attemptWords } from '../service-words.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { defaultServer, ServerFields } from '../parts/ServerFields.js';
import { ServerReview } from '../parts/ServerReview.js';
import { KeySetup } from './KeySetup.js';

export function Onboarding({ onDone, onCancel }: { onDone: () => void; onCancel: (() => void) | null }) {
  const api = useApi();
  const { t } = useI18n();
  const [step, setStep] = useState<'account' | 'key'>('account');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [imap, setImap] = useState<ServerSettingView>(defaultServer('imap', ''));
  const [smtp, setSmtp] = useState<ServerSettingView>(defaultServer('smtp', ''));
  const [caPem, setCaPem] = useState('');
  const [discovery, setDiscovery] = useState<DiscoveryView | null>(null);
  const [fromDiscovery, setFromDiscovery] = useState(false);
  const [reviews, setReviews] = useState<ServerReviewView[] | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const domain = address.split('@')[1] ?? '';
  // A private CA (a company or test server): trusted for this account only, in addition to the system's.
  const ca = caPem.trim() ? { caPem: caPem.trim() } : {};
  const risky = reviews?.some((r) => !r.report || r.report.verdict === 'bad') ?? false;
  const needsConfirmation = fromDiscovery || risky;

  const editServers = (kind: 'imap' | 'smtp', value: ServerSettingView) => {
    (kind === 'imap' ? setImap : setSmtp)(value);
    setFromDiscovery(false);
    setReviews(null);
    setConfirmed(false);
  };

  const discover = async () => {
    if (!isAddress(address)) return setError({ text: t('onboarding.needAddressFirst') });
    setBusy(t('onboarding.lookingUp'));
    setError(null);
    const r = await call(api.accounts.discover({ address, ...ca }));
    setBusy(null);
    if (!r.ok) return setError(r.problem);
    setDiscovery(r.value);
    setReviews(null);
    setConfirmed(false);
    if (r.value.found) {
      setImap(r.value.found.imap);
      setSmtp(r.value.found.smtp);
      if (!user) setUser(r.value.found.username);
      setFromDiscovery(true);
    }
  };

  const check = async () => {
    setBusy(t('onboarding.checking'));
    setError(null);
    const r = await call(api.accounts.check({ imap, smtp, ...ca }));
    setBusy(null);
    if (!r.ok) return setError(r.problem);
    setReviews(r.value);
    setConfirmed(false);
  };

  const save = async () => {
    if (!isAddress(address)) return setError({ text: t('onboarding.needAddress') });
    if (!password) return setError({ text: t('onboarding.needPassword') });
    if (needsConfirmation && !confirmed) return setError({ text: t('onboarding.needConfirm') });
    setBusy(t('onboarding.saving'));
    setError(null);
    const r = await call(api.accounts.save({ address, name, user: user || address, password, imap, smtp, ...ca }));
    setBusy(null);
    if (!r.ok) return setError(r.problem);
    setPassword('');
    setStep('key');
  };

  if (step === 'key') return <KeySetup address={address} name={name} onDone={onDone} />;

  return (
    <main className="onboarding">
      <form
        className="card wide"
        aria-label={t('onboarding.form')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h1>{t('onboarding.title')}</h1>
        <div className="grid2">
          <label>
            {t('onboarding.address')}
            <input type="email" autoComplete="email" value={address} onChange={(e) => setAddress(e.target.value.trim())} data-testid="account-address" />
          </label>
          <label>
            {t('onboarding.name')}
            <input type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="account-name" />
          </label>
          <label>
            {t('onboarding.user')} <span className="muted">{t('onboarding.userHint')}</span>
            <input type="text" value={user} placeholder={address} onChange={(e) => setUser(e.target.value)} data-testid="account-user" />
          </label>
          <label>
            {t('onboarding.password')}
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="account-password" />
          </label>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => void discover()} disabled={busy !== null} data-testid="discover">
            {t('onboarding.discover')}
          </button>
          <button
            type="button"
            onClick={() => {
              editServers('imap', defaultServer('imap', domain));
              editServers('smtp', defaultServer('smtp', domain));
            }}
            disabled={busy !== null}
          >
            {t('onboarding.standardNames')}
          </button>
        </div>
        {discovery && (
          <section className="discovery" data-testid="discovery">
            {discovery.found ? (
              <p>
                {t('onboarding.found', {
                  source: t(`onboarding.source.${discovery.found.source}`),
                  imap: serverWords(discovery.found.imap),
                  smtp: serverWords(discovery.found.smtp),
                  user: discovery.found.username,
                })}
              </p>
            ) : (
              <p>{t('onboarding.notFound')}</p>
            )}
            {discovery.attempts.length > 0 && (
              <details>
                <summary>{t('onboarding.lookedWhere')}</summary>
                <ul>
                  {discovery.attempts.map((a, i) => (
                    <li key={i}>{attemptWords(a, t)}</li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        )}
        <div className="grid2">
          <ServerFields kind="imap" value={imap} onChange={(v) => editServers('imap', v)} />
          <ServerFields kind="smtp" value={smtp} onChange={(v) => editServers('smtp', v)} />
        </div>
        <details className="panel">
          <summary>{t('onboarding.privateCa')}</summary>
          <label htmlFor="account-ca">
            {t('onboarding.caLabel')} <span className="muted">{t('onboarding.caHint')}</span>
          </label>
          <textarea
            id="account-ca"
            rows={4}
            spellCheck={false}
            placeholder="-----BEGIN CERTIFICATE-----"
            value={caPem}
            onChange={(e) => {
              setCaPem(e.target.value);
              setReviews(null);
              setConfirmed(false);
            }}
            data-testid="account-ca"
          />
        </details>
        <div className="toolbar">
          <button type="button" onClick={() => void check()} disabled={busy !== null || !imap.host || !smtp.host} data-testid="check-servers">
            {t('onboarding.check')}
          </button>
        </div>
        {reviews && (
          <section className="reviews" data-testid="server-reviews">
            {reviews.map((r) => (
              <ServerReview key={r.kind} review={r} />
            ))}
          </section>
        )}
        {needsConfirmation && (
          <div className="confirm-servers">
            <p>
              {risky ? t('onboarding.risky') : ''}
              {fromDiscovery ? t('onboarding.lookedUp') : ''}
              {t('onboarding.confirmFirst')}
            </p>
            <button type="button" aria-pressed={confirmed} onClick={() => setConfirmed(!confirmed)} data-testid="confirm-servers">
              {confirmed ? t('onboarding.confirmed') : t('onboarding.confirm')}
            </button>
          </div>
        )}
        {busy && (
          <p className="muted" role="status">
            {busy}
          </p>
        )}
        <ErrorLine problem={error} />
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy !== null || (needsConfirmation && !confirmed)} data-testid="save-account">
            {t('onboarding.save')}
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              {t('onboarding.cancel')}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}

function serverWords(server: ServerSettingView): string {
  return `${server.host}:${server.port} (${server.security.toUpperCase()})`;
}
