// The key manager: OpenPGP keys (list with filter, details with level, provenance, key changes and a QR code, generate,
// import, export, verify by fingerprint, refresh, revoke and delete) and, on its own tab, the S/MIME certificates.
import { useCallback, useEffect, useState } from 'react';
import type { KeyView } from '../../app/contract/index.js';
import { fingerprintsMatch, groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import { formatDate } from '../i18n/format.js';
import { acceptanceWords } from '../security-status.js';
import { provenanceWords } from '../service-words.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { saveFile } from '../parts/download.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { FingerprintQr } from '../parts/FingerprintQr.js';
import { type ChosenLevel, ExpiryWarning, KeyChangeBanner, KeyRefresh, LevelControl, ProvenanceList } from '../parts/KeyTrust.js';
import { AddressCertificates } from '../parts/AddressCertificates.js';
import { Certificates } from './Certificates.js';

type Pending = { action: 'revoke' | 'delete'; key: KeyView } | null;

/** `initialFilter`: opened for one address (a compose chip's key change); the key change, if any, is selected. */
export function Keys({ initialFilter = '' }: { initialFilter?: string }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'pgp' | 'smime'>('pgp');
  return (
    <div className="keys-screen">
      <div className="key-tabs toolbar" role="group" aria-label={t('keys.tabs')}>
        <button type="button" aria-pressed={tab === 'pgp'} className={tab === 'pgp' ? 'selected' : ''} onClick={() => setTab('pgp')} data-testid="keys-tab-pgp">
          {t('keys.tab.pgp')}
        </button>
        <button type="button" aria-pressed={tab === 'smime'} className={tab === 'smime' ? 'selected' : ''} onClick={() => setTab('smime')} data-testid="keys-tab-smime">
          {t('keys.tab.smime')}
        </button>
      </div>
      {tab === 'pgp' ? <PgpKeys initialFilter={initialFilter} onCertificates={() => setTab('smime')} /> : <Certificates />}
    </div>
  );
}

function PgpKeys({ initialFilter, onCertificates }: { initialFilter: string; onCertificates: () => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [filter, setFilter] = useState(initialFilter);
  const [keys, setKeys] = useState<KeyView[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const load = useCallback(async () => {
    const r = await call(api.keys.list(filter.trim() ? { filter: filter.trim() } : {}));
    if (!r.ok) return setError(r.problem);
    setKeys(r.value);
    // Opened for an address: show its key change first, else its first key.
    if (initialFilter !== '' && filter === initialFilter) setSelected((s) => s ?? (r.value.find((k) => k.keyChange) ?? r.value[0])?.fingerprint ?? null);
  }, [api, filter, initialFilter]);

  useEffect(() => {
    void load();
  }, [load]);

  const key = keys.find((k) => k.fingerprint === selected) ?? null;

  const done = (message: string) => {
    setError(null);
    setNotice(message);
    void load();
  };

  const confirmPending = async () => {
    if (!pending) return;
    const { action, key: target } = pending;
    setPending(null);
    const r = action === 'revoke' ? await call(api.keys.revoke({ fingerprint: target.fingerprint })) : await call(api.keys.remove({ fingerprint: target.fingerprint }));
    if (!r.ok) return setError(r.problem);
    if (action === 'delete') setSelected(null);
    done(action === 'revoke' ? t('keys.revoked') : t('keys.deleted'));
  };

  return (
    <main className="keys">
      <section className="key-list-pane" aria-label={t('keys.list')}>
        <input type="search" aria-label={t('keys.filter')} placeholder={t('keys.filterPlaceholder')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="key-filter" />
        <ul className="key-list" data-testid="key-list">
          {keys.map((k) => (
            <li key={k.fingerprint}>
              <button
                type="button"
                className={`key-row${k.fingerprint === selected ? ' selected' : ''}`}
                aria-current={k.fingerprint === selected ? 'true' : undefined}
                onClick={() => setSelected(k.fingerprint)}
                data-testid="key-row"
                data-fingerprint={k.fingerprint}
              >
                <span>{k.userIds[0]?.uid ?? k.keyId}</span>
                <span className="muted">
                  {k.keyChange ? t('keys.changeSuffix') : ''}
                  {k.secret ? t('keys.yours') : acceptanceWords(k.acceptance, t)}
                  {k.revoked ? t('keys.revokedSuffix') : k.expired ? t('keys.expiredSuffix') : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {keys.length === 0 && <p className="muted">{filter ? t('keys.noneMatch') : t('keys.noneYet')}</p>}
        <AddressCertificates filter={filter} onOpen={onCertificates} />
        <KeyRefresh onRefreshed={() => void load()} onError={setError} />
        <GenerateKey
          onDone={(k) => {
            setSelected(k.fingerprint);
            done(t('keys.created'));
          }}
          onError={setError}
        />
        <ImportKey
          onDone={(ks) => {
            setSelected(ks[0]?.fingerprint ?? null);
            done(t(ks.length === 1 ? 'keys.imported.one' : 'keys.imported.other', { count: ks.length }));
          }}
          onError={setError}
        />
      </section>
      <section className="key-detail-pane" aria-label={t('keys.detailPane')}>
        <ErrorLine problem={error} />
        {notice && (
          <p className="notice" role="status" data-testid="key-notice">
            {notice}
          </p>
        )}
        {key ? (
          <KeyDetails
            key={key.fingerprint}
            keyView={key}
            onChanged={done}
            onError={setError}
            onRevoke={() => setPending({ action: 'revoke', key })}
            onDelete={() => setPending({ action: 'delete', key })}
          />
        ) : (
          <p className="muted">{t('keys.select')}</p>
        )}
      </section>
      {pending && (
        <ConfirmDialog
          title={pending.action === 'revoke' ? t('keys.revokeTitle') : t('keys.deleteTitle')}
          confirmLabel={pending.action === 'revoke' ? t('keys.revoke') : t('keys.delete')}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>{pending.key.userIds[0]?.uid}</p>
          <p>
            <code className="fingerprint">{groupFingerprint(pending.key.fingerprint)}</code>
          </p>
          <p>
            {pending.action === 'revoke' ? t('keys.revokeWarning') : pending.key.secret ? t('keys.deleteSecretWarning') : t('keys.deletePublicWarning')}
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}

interface DetailProps {
  keyView: KeyView;
  onChanged: (message: string) => void;
  onError: (problem: Problem) => void;
  onRevoke: () => void;
  onDelete: () => void;
}

export function KeyDetails({ keyView: k, onChanged, onError, onRevoke, onDelete }: DetailProps) {
  const api = useApi();
  const { t, language } = useI18n();
  const [typed, setTyped] = useState('');
  const [readAloud, setReadAloud] = useState(false);
  const matches = fingerprintsMatch(typed, k.fingerprint);

  const exportKey = async (secret: boolean, to: 'file' | 'clipboard') => {
    const r = await call(api.keys.export({ fingerprint: k.fingerprint, secret }));
    if (!r.ok) return onError(r.problem);
    if (to === 'file') {
      saveFile(`${k.userIds[0]?.address ?? k.keyId}${secret ? '-secret' : ''}.asc`, new Blob([r.value.armored], { type: 'application/pgp-keys' }));
      return;
    }
    try {
      await navigator.clipboard.writeText(r.value.armored);
      onChanged(t('keys.onClipboard'));
    } catch {
      onError({ text: t('keys.noClipboard') });
    }
  };

  const accept = async (level: ChosenLevel) => {
    const r = await call(api.keys.accept({ fingerprint: k.fingerprint, level }));
    if (!r.ok) return onError(r.problem);
    onChanged(t(`keys.marked.${level}`));
  };

  return (
    <article className="key-details" data-testid="key-details">
      <h2>{k.userIds[0]?.uid ?? k.keyId}</h2>
      <p className="fingerprint big" data-testid="key-fingerprint" aria-label={t('keys.fingerprint')}>
        {groupFingerprint(k.fingerprint)}
      </p>
      <KeyChangeBanner keyView={k} onChoose={(level) => void accept(level)} />
      <ExpiryWarning keyView={k} />
      <LevelControl keyView={k} onChoose={(level) => void accept(level)} />
      <dl>
        <dt>{t('keys.userIds')}</dt>
        <dd>
          <ul>
            {k.userIds.map((u) => (
              <li key={u.uid}>
                {u.uid}
                {u.revoked ? t('keys.uidRevoked') : ''}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('keys.algorithm')}</dt>
        <dd>{k.algorithm}</dd>
        <dt>{t('keys.createdAt')}</dt>
        <dd>{formatDate(k.created, language)}</dd>
        <dt>{t('keys.expires')}</dt>
        <dd>{k.expires ? `${formatDate(k.expires, language)}${k.expired ? t('keys.expiredMark') : ''}` : t('keys.never')}</dd>
        <dt>{t('keys.status')}</dt>
        <dd data-testid="key-status">
          {t('keys.statusLine', {
            state: t(k.revoked ? 'keys.state.revoked' : k.expired ? 'keys.state.expired' : 'keys.state.usable'),
            encrypt: t(k.canEncrypt ? 'keys.canEncrypt' : 'keys.cannotEncrypt'),
            sign: t(k.canSign ? 'keys.canSign' : 'keys.cannotSign'),
            secret: k.secret ? t('keys.secretPresent') : '',
          })}
        </dd>
        <dt>{t('keys.provenance')}</dt>
        <dd>
          {/* Each place the key was seen; services older than that list send only the first, as words. */}
          {(k.provenances?.length ?? 0) > 0 ? <ProvenanceList keyView={k} /> : <span data-testid="key-provenance">{provenanceWords(k, t)}</span>}
        </dd>
        <dt>{t('keys.acceptance')}</dt>
        <dd data-testid="key-acceptance">{acceptanceWords(k.acceptance, t)}</dd>
      </dl>
      <div className="toolbar">
        <button type="button" onClick={() => void exportKey(false, 'file')} data-testid="key-export-file">
          {t('keys.exportFile')}
        </button>
        <button type="button" onClick={() => void exportKey(false, 'clipboard')} data-testid="key-export-clipboard">
          {t('keys.exportClipboard')}
        </button>
        {k.secret && (
          <button type="button" onClick={() => void exportKey(true, 'file')} data-testid="key-export-secret">
            {t('keys.backup')}
          </button>
        )}
        {!k.secret && <KeyRefresh fingerprint={k.fingerprint} onRefreshed={() => onChanged(t('keys.refresh.done'))} onError={onError} />}
      </div>
      {k.qrPayload && <FingerprintQr payload={k.qrPayload} />}
      {k.acceptance !== 'own' && (
        <section className="verify" aria-label={t('keys.verify')} data-testid="key-verify">
          <h3>{t('keys.verifyTitle')}</h3>
          <p className="muted">{t('keys.verifyIntro')}</p>
          <label htmlFor="typed-fingerprint">{t('keys.verifyInput')}</label>
          <input id="typed-fingerprint" type="text" value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} data-testid="key-verify-input" />
          {typed && (
            <p className={matches ? 'level-good' : 'level-bad'} data-testid="key-verify-result">
              {matches ? t('keys.verifyMatch') : t('keys.verifyNoMatch')}
            </p>
          )}
          <label>
            <input type="checkbox" checked={readAloud} onChange={(e) => setReadAloud(e.target.checked)} data-testid="key-verify-read-aloud" />
            {t('keys.readAloud')}
          </label>
          <div className="toolbar">
            <button type="button" className="primary" disabled={!(matches || readAloud)} onClick={() => void accept('verified')} data-testid="key-verify-accept">
              {t('keys.markVerified')}
            </button>
          </div>
        </section>
      )}
      <div className="toolbar danger-zone">
        {k.secret && !k.revoked && (
          <button type="button" className="danger" onClick={onRevoke} data-testid="key-revoke">
            {t('keys.revokeAsk')}
          </button>
        )}
        <button type="button" className="danger" onClick={onDelete} data-testid="key-delete">
          {t('keys.deleteAsk')}
        </button>
      </div>
    </article>
  );
}

function GenerateKey({ onDone, onError }: { onDone: (k: KeyView) => void; onError: (problem: Problem) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <details className="panel">
      <summary>{t('keys.generate')}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const r = await call(api.keys.generate({ name, address: address.trim() }));
          setBusy(false);
          if (!r.ok) return onError(r.problem);
          setName('');
          setAddress('');
          onDone(r.value);
        }}
      >
        <label>
          {t('keys.name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="generate-name" />
        </label>
        <label>
          {t('keys.address')}
          <input type="email" value={address} onChange={(e) => setAddress(e.target.value)} data-testid="generate-address" />
        </label>
        <button type="submit" disabled={busy} data-testid="generate-submit">
          {busy ? t('keys.generating') : t('keys.generateSubmit')}
        </button>
      </form>
    </details>
  );
}

function ImportKey({ onDone, onError }: { onDone: (ks: KeyView[]) => void; onError: (problem: Problem) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [armored, setArmored] = useState('');
  const [busy, setBusy] = useState(false);

  const importText = async (text: string) => {
    if (!text.includes('-----BEGIN PGP')) return onError({ text: t('keys.armoredOnly') });
    setBusy(true);
    const r = await call(api.keys.import({ armored: text }));
    setBusy(false);
    if (!r.ok) return onError(r.problem);
    setArmored('');
    onDone(r.value);
  };

  return (
    <details className="panel">
      <summary>{t('keys.import')}</summary>
      <label>
        {t('keys.importFile')}
        <input
          type="file"
          accept=".asc,.txt,.pub,.key,application/pgp-keys,text/plain"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) await importText(await file.text());
          }}
          data-testid="import-file"
        />
      </label>
      <label htmlFor="import-text">{t('keys.importPaste')}</label>
      <textarea id="import-text" rows={5} value={armored} onChange={(e) => setArmored(e.target.value)} data-testid="import-text" />
      <button type="button" disabled={busy || !armored.trim()} onClick={() => void importText(armored)} data-testid="import-submit">
        {t('keys.importSubmit')}
      </button>
    </details>
  );
}
