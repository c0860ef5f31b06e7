// The key manager: list with filter, details, generate, import, export, verify by fingerprint, revoke and delete.
import { useCallback, useEffect, useState } from 'react';
import type { KeyView } from '../../app/contract/index.js';
import { fingerprintsMatch, groupFingerprint } from '../fingerprint.js';
import { ACCEPTANCE_WORDS } from '../security-status.js';
import { call, useApi } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { saveFile } from '../parts/download.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { formatDate } from '../parts/SecurityBanner.js';

type Pending = { action: 'revoke' | 'delete'; key: KeyView } | null;

export function Keys() {
  const api = useApi();
  const [filter, setFilter] = useState('');
  const [keys, setKeys] = useState<KeyView[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const load = useCallback(async () => {
    const r = await call(api.keys.list(filter.trim() ? { filter: filter.trim() } : {}));
    if (!r.ok) return setError(r.message);
    setKeys(r.value);
  }, [api, filter]);

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
    if (!r.ok) return setError(r.message);
    if (action === 'delete') setSelected(null);
    done(action === 'revoke' ? 'The key is revoked. Export it and send it to your contacts so they stop using it.' : 'The key is deleted.');
  };

  return (
    <main className="keys">
      <section className="key-list-pane" aria-label="Keys">
        <input type="search" aria-label="Filter keys" placeholder="Filter by name, address or fingerprint" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="key-filter" />
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
                  {k.secret ? 'your key' : ACCEPTANCE_WORDS[k.acceptance]}
                  {k.revoked ? ', revoked' : k.expired ? ', expired' : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {keys.length === 0 && <p className="muted">No keys{filter ? ' match' : ' yet'}.</p>}
        <GenerateKey onDone={(k) => {
            setSelected(k.fingerprint);
            done('Key created.');
          }} onError={setError} />
        <ImportKey onDone={(ks) => {
            setSelected(ks[0]?.fingerprint ?? null);
            done(`Imported ${ks.length} key${ks.length === 1 ? '' : 's'}.`);
          }} onError={setError} />
      </section>
      <section className="key-detail-pane" aria-label="Key details">
        <ErrorLine message={error} />
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
          <p className="muted">Select a key.</p>
        )}
      </section>
      {pending && (
        <ConfirmDialog
          title={pending.action === 'revoke' ? 'Revoke this key?' : 'Delete this key?'}
          confirmLabel={pending.action === 'revoke' ? 'Revoke' : 'Delete'}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>{pending.key.userIds[0]?.uid}</p>
          <p>
            <code className="fingerprint">{groupFingerprint(pending.key.fingerprint)}</code>
          </p>
          <p>
            {pending.action === 'revoke'
              ? 'A revoked key can never be used again, by you or anyone you send the revocation to.'
              : pending.key.secret
                ? 'Your secret key will be gone from this computer: mail encrypted to it can no longer be read here unless you have a backup.'
                : 'The key is removed from your keyring; you can import it again later.'}
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}

interface DetailProps {
  keyView: KeyView;
  onChanged: (message: string) => void;
  onError: (message: string) => void;
  onRevoke: () => void;
  onDelete: () => void;
}

function KeyDetails({ keyView: k, onChanged, onError, onRevoke, onDelete }: DetailProps) {
  const api = useApi();
  const [typed, setTyped] = useState('');
  const [readAloud, setReadAloud] = useState(false);
  const matches = fingerprintsMatch(typed, k.fingerprint);

  const exportKey = async (secret: boolean, to: 'file' | 'clipboard') => {
    const r = await call(api.keys.export({ fingerprint: k.fingerprint, secret }));
    if (!r.ok) return onError(r.message);
    if (to === 'file') {
      saveFile(`${k.userIds[0]?.address ?? k.keyId}${secret ? '-secret' : ''}.asc`, new Blob([r.value.armored], { type: 'application/pgp-keys' }));
      return;
    }
    try {
      await navigator.clipboard.writeText(r.value.armored);
      onChanged('The public key is on the clipboard.');
    } catch {
      onError('The clipboard cannot be written here. Use "Save to file" instead.');
    }
  };

  const accept = async (level: 'verified' | 'accepted' | 'unaccepted') => {
    const r = await call(api.keys.accept({ fingerprint: k.fingerprint, level }));
    if (!r.ok) return onError(r.message);
    onChanged(level === 'verified' ? 'The key is marked as verified.' : level === 'accepted' ? 'The key is accepted.' : 'The key is no longer accepted.');
  };

  return (
    <article className="key-details" data-testid="key-details">
      <h2>{k.userIds[0]?.uid ?? k.keyId}</h2>
      <p className="fingerprint big" data-testid="key-fingerprint" aria-label="Fingerprint">
        {groupFingerprint(k.fingerprint)}
      </p>
      <dl>
        <dt>User IDs</dt>
        <dd>
          <ul>
            {k.userIds.map((u) => (
              <li key={u.uid}>
                {u.uid}
                {u.revoked ? ' (revoked)' : ''}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Algorithm</dt>
        <dd>{k.algorithm}</dd>
        <dt>Created</dt>
        <dd>{formatDate(k.created)}</dd>
        <dt>Expires</dt>
        <dd>{k.expires ? `${formatDate(k.expires)}${k.expired ? ' (expired)' : ''}` : 'never'}</dd>
        <dt>Status</dt>
        <dd data-testid="key-status">
          {k.revoked ? 'revoked' : k.expired ? 'expired' : 'usable'}; {k.canEncrypt ? 'can encrypt' : 'cannot encrypt'}, {k.canSign ? 'can sign' : 'cannot sign'}
          {k.secret ? '; secret key present' : ''}
        </dd>
        <dt>Where it came from</dt>
        <dd>{k.provenance}</dd>
        <dt>Acceptance</dt>
        <dd data-testid="key-acceptance">{ACCEPTANCE_WORDS[k.acceptance]}</dd>
      </dl>
      <div className="toolbar">
        <button type="button" onClick={() => void exportKey(false, 'file')} data-testid="key-export-file">
          Save public key to file
        </button>
        <button type="button" onClick={() => void exportKey(false, 'clipboard')} data-testid="key-export-clipboard">
          Copy public key
        </button>
        {k.secret && (
          <button type="button" onClick={() => void exportKey(true, 'file')} data-testid="key-export-secret">
            Back up secret key
          </button>
        )}
      </div>
      {k.acceptance !== 'own' && (
        <section className="verify" aria-label="Verify this key" data-testid="key-verify">
          <h3>Verify by comparing the fingerprint</h3>
          <p className="muted">Ask the owner for their fingerprint over a channel you trust (in person, by phone), then type it here or compare it block by block.</p>
          <label htmlFor="typed-fingerprint">Fingerprint the owner gave you</label>
          <input id="typed-fingerprint" type="text" value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} data-testid="key-verify-input" />
          {typed && (
            <p className={matches ? 'level-good' : 'level-bad'} data-testid="key-verify-result">
              {matches ? 'The fingerprints match.' : 'The fingerprints do not match (yet). Do not verify this key.'}
            </p>
          )}
          <label>
            <input type="checkbox" checked={readAloud} onChange={(e) => setReadAloud(e.target.checked)} data-testid="key-verify-read-aloud" />
            The owner read me this exact fingerprint, every block.
          </label>
          <div className="toolbar">
            <button type="button" className="primary" disabled={!(matches || readAloud)} onClick={() => void accept('verified')} data-testid="key-verify-accept">
              Mark as verified
            </button>
            <button type="button" onClick={() => void accept('accepted')} data-testid="key-accept">
              Accept without verifying
            </button>
            {k.acceptance !== 'unaccepted' && (
              <button type="button" onClick={() => void accept('unaccepted')} data-testid="key-unaccept">
                Stop accepting
              </button>
            )}
          </div>
        </section>
      )}
      <div className="toolbar danger-zone">
        {k.secret && !k.revoked && (
          <button type="button" className="danger" onClick={onRevoke} data-testid="key-revoke">
            Revoke…
          </button>
        )}
        <button type="button" className="danger" onClick={onDelete} data-testid="key-delete">
          Delete…
        </button>
      </div>
    </article>
  );
}

function GenerateKey({ onDone, onError }: { onDone: (k: KeyView) => void; onError: (m: string) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <details className="panel">
      <summary>Generate a key</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const r = await call(api.keys.generate({ name, address: address.trim() }));
          setBusy(false);
          if (!r.ok) return onError(r.message);
          setName('');
          setAddress('');
          onDone(r.value);
        }}
      >
        <label>
          Name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="generate-name" />
        </label>
        <label>
          Address
          <input type="email" value={address} onChange={(e) => setAddress(e.target.value)} data-testid="generate-address" />
        </label>
        <button type="submit" disabled={busy} data-testid="generate-submit">
          {busy ? 'Generating…' : 'Generate'}
        </button>
      </form>
    </details>
  );
}

function ImportKey({ onDone, onError }: { onDone: (ks: KeyView[]) => void; onError: (m: string) => void }) {
  const api = useApi();
  const [armored, setArmored] = useState('');
  const [busy, setBusy] = useState(false);

  const importText = async (text: string) => {
    if (!text.includes('-----BEGIN PGP')) return onError('Only armored keys (text starting with -----BEGIN PGP) can be imported here.');
    setBusy(true);
    const r = await call(api.keys.import({ armored: text }));
    setBusy(false);
    if (!r.ok) return onError(r.message);
    setArmored('');
    onDone(r.value);
  };

  return (
    <details className="panel">
      <summary>Import keys</summary>
      <label>
        From a file
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
      <label htmlFor="import-text">Or paste</label>
      <textarea id="import-text" rows={5} value={armored} onChange={(e) => setArmored(e.target.value)} data-testid="import-text" />
      <button type="button" disabled={busy || !armored.trim()} onClick={() => void importText(armored)} data-testid="import-submit">
        Import
      </button>
    </details>
  );
}
