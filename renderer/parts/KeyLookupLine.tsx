// What a "Find key" look-up in compose came to: the keys found (undecided, and where from) or why none was.
import type { KeyLookupView } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import type { Problem } from './call.js';
import { ErrorLine } from './ErrorLine.js';

export type KeyLookupState = { state: 'busy' } | { state: 'done'; view: KeyLookupView } | { state: 'failed'; problem: Problem };

export function KeyLookupLine({ address, lookup }: { address: string; lookup: KeyLookupState }) {
  const { t } = useI18n();
  if (lookup.state === 'busy') {
    return (
      <p className="muted" role="status" data-testid="key-lookup" data-address={address} data-state="busy">
        {t('lookup.busy', { address })}
      </p>
    );
  }
  if (lookup.state === 'failed') {
    return (
      <div data-testid="key-lookup" data-address={address} data-state="failed">
        <ErrorLine problem={lookup.problem} />
      </div>
    );
  }
  const { view } = lookup;
  if (view.found.length === 0) {
    return (
      <p className="warning-text" role="status" data-testid="key-lookup" data-address={address} data-state={view.reasonCode ?? 'not-found'}>
        {t(view.reasonCode === 'unreachable' ? 'lookup.unreachable' : 'lookup.none', { address })}{' '}
        <span className="muted">{t('compose.serverSaid', { detail: view.reason ?? '' })}</span>
      </p>
    );
  }
  return (
    <div role="status" data-testid="key-lookup" data-address={address} data-state="found">
      <p>{t(view.found.length === 1 ? 'lookup.found.one' : 'lookup.found.other', { address, count: view.found.length })}</p>
      <ul>
        {view.found.map((f) => (
          <li key={f.key.fingerprint} data-testid="key-lookup-key">
            <code className="fingerprint">{groupFingerprint(f.key.fingerprint)}</code>{' '}
            {t('lookup.keyLine', { level: t(`keys.level.${f.key.level ?? 'undecided'}`), place: t(`lookup.place.${f.place}`) })}{' '}
            <span className="muted">{f.url}</span>
            {f.key.keyChange && <strong className="warning-text"> {t('lookup.keyChange')}</strong>}
          </li>
        ))}
      </ul>
    </div>
  );
}
