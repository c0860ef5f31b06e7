// The key manager's trust facts of one key: level in Thunderbird's words and its control, expiry warning,
// where the key was seen, a key-change banner, and refreshing from the key directories.
import { useState } from 'react';
import type { KeyAcceptanceLevel, KeyRefreshView, KeyView } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import { formatDate } from '../i18n/format.js';
import { call, useApi, type Problem } from './call.js';

/** The levels a user can set by a click; 'verified' needs the fingerprint compared, in the verify section. */
export type ChosenLevel = 'rejected' | 'undecided' | 'unverified' | 'verified';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Thunderbird's word for the key's level; views without `level` (older services) are read from `acceptance`. */
export function keyLevel(k: KeyView): KeyAcceptanceLevel {
  if (k.level) return k.level;
  const levels = { own: 'own', verified: 'verified', accepted: 'unverified', imported: 'undecided', unaccepted: 'rejected' } as const;
  return levels[k.acceptance];
}

/** Days until the key expires (rounded up), or null when it never does; negative or zero once it has. */
export function daysLeft(expires: string | null, now: Date = new Date()): number | null {
  if (expires === null) return null;
  return Math.ceil((Date.parse(expires) - now.getTime()) / DAY_MS);
}

export function ExpiryWarning({ keyView: k }: { keyView: KeyView }) {
  const { t } = useI18n();
  const days = daysLeft(k.expires);
  if (k.revoked || days === null || days > 30) return null;
  const text = k.expired || days <= 0 ? t('keys.expiry.expired') : t(days === 1 ? 'keys.expiry.soon.one' : 'keys.expiry.soon.other', { days });
  return (
    <p className="warning-text" role="status" data-testid="key-expiry-warning">
      {text} {k.secret ? t('keys.expiry.ownHint') : t('keys.expiry.refreshHint')}
    </p>
  );
}

export function LevelControl({ keyView: k, onChoose }: { keyView: KeyView; onChoose: (level: ChosenLevel) => void }) {
  const { t } = useI18n();
  const level = keyLevel(k);
  const choices: Exclude<ChosenLevel, 'verified'>[] = ['rejected', 'undecided', 'unverified'];
  return (
    <div className="level-control" data-testid="key-level-control">
      <p>
        {t('keys.level.label')} <strong data-testid="key-level">{t(`keys.level.${level}`)}</strong>
      </p>
      {level !== 'own' && (
        <div className="toolbar" role="group" aria-label={t('keys.level.change')}>
          {choices.map((choice) => (
            <button
              key={choice}
              type="button"
              aria-pressed={level === choice}
              className={level === choice ? 'selected' : ''}
              disabled={level === choice}
              title={t(`keys.level.${choice}.hint`)}
              onClick={() => onChoose(choice)}
              data-testid={`key-level-${choice}`}
            >
              {t(`keys.level.${choice}`)}
            </button>
          ))}
          <span className="muted">{t('keys.level.verifiedHow')}</span>
        </div>
      )}
    </div>
  );
}

export function ProvenanceList({ keyView: k }: { keyView: KeyView }) {
  const { t, language } = useI18n();
  const seen = k.provenances ?? [];
  if (seen.length === 0) return null;
  return (
    <ul className="provenance-list" data-testid="key-provenances">
      {seen.map((p) => (
        <li key={`${p.kind} ${p.detail}`} data-testid="key-provenance-item" data-kind={p.kind}>
          <strong>{t(`keys.source.${p.kind}`)}</strong>
          {p.detail && (
            <>
              {' '}
              <code className="provenance-detail">{p.detail}</code>
            </>
          )}
          <span className="muted"> {t('keys.source.seen', { first: formatDate(p.firstSeenAt, language), last: formatDate(p.lastSeenAt, language) })}</span>
        </li>
      ))}
    </ul>
  );
}

export function KeyChangeBanner({ keyView: k, onChoose }: { keyView: KeyView; onChoose: (level: ChosenLevel) => void }) {
  const { t } = useI18n();
  if (!k.keyChange) return null;
  return (
    <section className="key-change-banner" role="alert" data-testid="key-change-banner">
      <h3>{t('keys.change.title')}</h3>
      <p>{t('keys.change.body', { addresses: k.keyChange.addresses.join(', ') })}</p>
      <ul>
        {k.keyChange.replaces.map((fpr) => (
          <li key={fpr}>
            {t('keys.change.accepted')} <code className="fingerprint">{groupFingerprint(fpr)}</code>
          </li>
        ))}
        <li>
          {t('keys.change.new')} <code className="fingerprint">{groupFingerprint(k.fingerprint)}</code>
        </li>
      </ul>
      <p className="muted">{t('keys.change.compare')}</p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => onChoose('unverified')} data-testid="key-change-accept">
          {t('keys.change.acceptThis')}
        </button>
        <button type="button" className="danger" onClick={() => onChoose('rejected')} data-testid="key-change-reject">
          {t('keys.change.rejectThis')}
        </button>
      </div>
    </section>
  );
}

/** Asks the WKD or keyserver a key came from again (one key, or every key with `fingerprint` left out) and shows each outcome. */
export function KeyRefresh({ fingerprint, onRefreshed, onError }: { fingerprint?: string; onRefreshed: () => void; onError: (problem: Problem) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [lines, setLines] = useState<KeyRefreshView[] | null>(null);
  const refresh = async () => {
    setBusy(true);
    const r = await call(api.keys.refresh(fingerprint === undefined ? {} : { fingerprint }));
    setBusy(false);
    if (!r.ok) return onError(r.problem);
    setLines(r.value);
    onRefreshed();
  };
  return (
    <div className="key-refresh">
      <button type="button" disabled={busy} onClick={() => void refresh()} title={t('keys.refresh.hint')} data-testid={fingerprint === undefined ? 'keys-refresh-all' : 'key-refresh'}>
        {busy ? t('keys.refresh.busy') : t(fingerprint === undefined ? 'keys.refresh.all' : 'keys.refresh.one')}
      </button>
      {lines && (
        <div role="status" data-testid="key-refresh-outcome">
          {lines.length === 0 ? (
            <p className="muted">{t('keys.refresh.nothing')}</p>
          ) : (
            <>
              <p className="muted">{t('keys.refresh.detailLabel')}</p>
              <ul>
                {lines.map((l) => (
                  <li key={l.fingerprint} data-outcome={l.outcome} data-testid="key-refresh-line">
                    {l.line}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
