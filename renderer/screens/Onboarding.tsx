// Onboarding: add an account (lookup, server check, confirmation), then create or import the key for it.
import { useState } from 'react';
import type { DiscoveryView, ServerReviewView, ServerSettingView } from '../../app/contract/index.js';
import { isAddress } from '../recipient-chip.js';
import { call, useApi } from '../parts/call.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { defaultServer, ServerFields } from '../parts/ServerFields.js';
import { ServerReview } from '../parts/ServerReview.js';
import { KeySetup } from './KeySetup.js';

const SOURCE_WORDS = {
  autoconfig: "the mail provider's autoconfig server (https://autoconfig.<domain>)",
  'well-known': "the domain's web site (https://<domain>/.well-known/autoconfig)",
  srv: 'DNS SRV records of the domain (RFC 6186)',
} as const;

export function Onboarding({ onDone, onCancel }: { onDone: () => void; onCancel: (() => void) | null }) {
  const api = useApi();
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
  const [error, setError] = useState<string | null>(null);
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
    if (!isAddress(address)) return setError('Enter your mail address first.');
    setBusy('Looking up servers…');
    setError(null);
    const r = await call(api.accounts.discover({ address, ...ca }));
    setBusy(null);
    if (!r.ok) return setError(r.message);
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
    setBusy('Checking the servers…');
    setError(null);
    const r = await call(api.accounts.check({ imap, smtp, ...ca }));
    setBusy(null);
    if (!r.ok) return setError(r.message);
    setReviews(r.value);
    setConfirmed(false);
  };

  const save = async () => {
    if (!isAddress(address)) return setError('Enter a mail address such as name@example.org.');
    if (!password) return setError('Enter the password of your mail account.');
    if (needsConfirmation && !confirmed) return setError('Confirm the servers first.');
    setBusy('Saving the account…');
    setError(null);
    const r = await call(api.accounts.save({ address, name, user: user || address, password, imap, smtp, ...ca }));
    setBusy(null);
    if (!r.ok) return setError(r.message);
    setPassword('');
    setStep('key');
  };

  if (step === 'key') return <KeySetup address={address} name={name} onDone={onDone} />;

  return (
    <main className="onboarding">
      <form
        className="card wide"
        aria-label="Add an account"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h1>Add a mail account</h1>
        <div className="grid2">
          <label>
            Mail address
            <input type="email" autoComplete="email" value={address} onChange={(e) => setAddress(e.target.value.trim())} data-testid="account-address" />
          </label>
          <label>
            Your name
            <input type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="account-name" />
          </label>
          <label>
            Login name <span className="muted">(if not the address)</span>
            <input type="text" value={user} placeholder={address} onChange={(e) => setUser(e.target.value)} data-testid="account-user" />
          </label>
          <label>
            Password
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="account-password" />
          </label>
        </div>
        <div className="toolbar">
          <button type="button" onClick={() => void discover()} disabled={busy !== null} data-testid="discover">
            Look up servers
          </button>
          <button
            type="button"
            onClick={() => {
              editServers('imap', defaultServer('imap', domain));
              editServers('smtp', defaultServer('smtp', domain));
            }}
            disabled={busy !== null}
          >
            Fill in standard names
          </button>
        </div>
        {discovery && (
          <section className="discovery" data-testid="discovery">
            {discovery.found ? (
              <p>
                Found through {SOURCE_WORDS[discovery.found.source]}: incoming {discovery.found.imap.host}:{discovery.found.imap.port} ({discovery.found.imap.security.toUpperCase()}),
                outgoing {discovery.found.smtp.host}:{discovery.found.smtp.port} ({discovery.found.smtp.security.toUpperCase()}), login {discovery.found.username}. DNS and web answers can
                name any server, so check that these belong to your mail provider before you confirm them.
              </p>
            ) : (
              <p>No servers were found. Enter them by hand below.</p>
            )}
            {discovery.attempts.length > 0 && (
              <details>
                <summary>Where Sealmail looked</summary>
                <ul>
                  {discovery.attempts.map((a, i) => (
                    <li key={i}>
                      {a.source} — {a.where}: {a.message}
                    </li>
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
          <summary>My servers use a private certificate authority</summary>
          <label htmlFor="account-ca">
            CA certificate (PEM) <span className="muted">— trusted for this account only, besides the usual ones</span>
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
            Check servers
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
              {risky ? 'The check found a serious problem with these servers. ' : ''}
              {fromDiscovery ? 'These servers were looked up, not typed by you. ' : ''}
              Sealmail saves them only after you confirm them.
            </p>
            <button type="button" aria-pressed={confirmed} onClick={() => setConfirmed(!confirmed)} data-testid="confirm-servers">
              {confirmed ? '✓ Servers confirmed' : 'Confirm these servers'}
            </button>
          </div>
        )}
        {busy && (
          <p className="muted" role="status">
            {busy}
          </p>
        )}
        <ErrorLine message={error} />
        <div className="toolbar">
          <button type="submit" className="primary" disabled={busy !== null || (needsConfirmation && !confirmed)} data-testid="save-account">
            Save account
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
