// Compose: From, recipients with key status, sign/encrypt toggles from the recipient policy, attachments, draft and send.
import { useEffect, useRef, useState } from 'react';
import type { AccountView, Draft, RecipientPolicy, Settings } from '../../app/contract/index.js';
import { isAddress } from '../recipient-chip.js';
import { call, useApi } from '../parts/call.js';
import { readFileBase64 } from '../parts/download.js';
import { DraftList } from '../parts/DraftList.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { RecipientField } from '../parts/RecipientField.js';
import { formatSize } from '../parts/SecurityBanner.js';

interface Props {
  accounts: AccountView[];
  settings: Settings | null;
  initial: Draft | null;
  onClose: () => void;
  onOpenDraft: (draft: Draft) => void;
}

interface Reading {
  name: string;
  fraction: number;
}

export function Compose({ accounts, settings, initial, onClose, onOpenDraft }: Props) {
  const api = useApi();
  const [draftId, setDraftId] = useState<number | null>(initial?.id ?? null);
  const [accountId, setAccountId] = useState<number>(initial?.accountId ?? accounts[0]?.id ?? 0);
  const [to, setTo] = useState<string[]>(initial?.to ?? []);
  const [cc, setCc] = useState<string[]>(initial?.cc ?? []);
  const [bcc, setBcc] = useState<string[]>(initial?.bcc ?? []);
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [sign, setSign] = useState(initial?.sign ?? settings?.defaultSign ?? true);
  const [encryptChoice, setEncryptChoice] = useState<boolean | null>(initial ? initial.encrypt : null);
  const [attachments, setAttachments] = useState<Draft['attachments']>(initial?.attachments ?? []);
  const [reading, setReading] = useState<Reading[]>([]);
  const [policy, setPolicy] = useState<RecipientPolicy | null>(null);
  const [policyError, setPolicyError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);

  const valid = (list: string[]) => list.filter(isAddress);
  const recipientKey = JSON.stringify([accountId, to, cc, bcc]);

  useEffect(() => {
    if (!accountId) return;
    const ask = ++asked.current;
    setPolicy(null);
    void (async () => {
      const r = await call(api.compose.policy({ accountId, to: valid(to), cc: valid(cc), bcc: valid(bcc) }));
      if (ask !== asked.current) return;
      if (r.ok) {
        setPolicy(r.value);
        setPolicyError(null);
      } else setPolicyError(r.message);
    })();
    // recipientKey stands for accountId, to, cc and bcc.
  }, [api, recipientKey]);

  const canEncrypt = policy?.canEncrypt ?? false;
  const defaultEncrypt = settings?.defaultEncrypt ?? true;
  const encrypt = canEncrypt && (encryptChoice ?? defaultEncrypt);
  const canSign = policy?.canSign ?? true;
  const hasRecipients = to.length + cc.length + bcc.length > 0;
  const invalid = [...to, ...cc, ...bcc].filter((a) => !isAddress(a));

  const draft = (): Draft => ({
    id: draftId,
    accountId,
    to,
    cc,
    bcc,
    subject,
    body,
    sign: sign && canSign,
    encrypt,
    attachments,
    inReplyTo: initial?.inReplyTo ?? null,
  });

  const addFiles = async (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) {
      setReading((r) => [...r, { name: file.name, fraction: 0 }]);
      try {
        const base64 = await readFileBase64(file, (fraction) => setReading((r) => r.map((x) => (x.name === file.name ? { ...x, fraction } : x))));
        setAttachments((a) => [...a, { name: file.name, type: file.type || 'application/octet-stream', base64 }]);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setReading((r) => r.filter((x) => x.name !== file.name));
      }
    }
  };

  const saveDraft = async () => {
    setBusy(true);
    const r = await call(api.compose.saveDraft({ draft: draft() }));
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setError(null);
    setDraftId(r.value.id);
    setOutcome('Draft saved, encrypted to your own key.');
  };

  const send = async () => {
    if (invalid.length > 0) return setError(`Not a mail address: ${invalid.join(', ')}`);
    setBusy(true);
    setOutcome(null);
    const r = await call(api.compose.send({ draft: draft() }));
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setError(null);
    const { state, sealed, detail } = r.value;
    setOutcome(`${state === 'sent' ? 'Sent' : 'Queued in the outbox'}, ${sealed}. ${detail}`);
  };

  if (accounts.length === 0) return <p className="muted">Add an account before writing mail.</p>;

  return (
    <form
      className="compose"
      aria-label="Compose"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <DraftList onOpen={onOpenDraft} onError={setError} />
      <div className="field-row">
        <label htmlFor="compose-from">From</label>
        <select id="compose-from" value={accountId} onChange={(e) => setAccountId(Number(e.target.value))} data-testid="compose-from">
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name ? `${a.name} <${a.address}>` : a.address}
            </option>
          ))}
        </select>
      </div>
      <RecipientField label="To" addresses={to} policy={policy} onChange={setTo} />
      <RecipientField label="Cc" addresses={cc} policy={policy} onChange={setCc} />
      <RecipientField label="Bcc" addresses={bcc} policy={policy} onChange={setBcc} />
      <div className="field-row">
        <label htmlFor="compose-subject">Subject</label>
        <input id="compose-subject" type="text" value={subject} onChange={(e) => setSubject(e.target.value)} data-testid="compose-subject" />
      </div>
      <fieldset className="sealing" data-testid="sealing">
        <legend>Sealing</legend>
        <label>
          <input type="checkbox" checked={sign && canSign} disabled={!canSign} onChange={(e) => setSign(e.target.checked)} data-testid="compose-sign" />
          Sign
        </label>
        <label>
          <input
            type="checkbox"
            checked={encrypt}
            disabled={!canEncrypt}
            onChange={(e) => setEncryptChoice(e.target.checked)}
            aria-describedby="encrypt-reason"
            data-testid="compose-encrypt"
          />
          Encrypt
        </label>
        <p id="encrypt-reason" className="muted" data-testid="encrypt-reason">
          {policy === null
            ? policyError ?? 'Checking recipient keys…'
            : !canEncrypt
              ? `Cannot encrypt: ${policy.reason ?? 'not every recipient has a usable key'}`
              : hasRecipients
                ? 'Every recipient has a usable key.'
                : ''}
        </p>
        {policy && !canSign && <p className="muted">Cannot sign: there is no usable key of your own for this account.</p>}
        {!encrypt && canEncrypt && <p className="warning-text">This message will not be encrypted.</p>}
      </fieldset>
      <label htmlFor="compose-body" className="sr-only">
        Message
      </label>
      <textarea id="compose-body" className="compose-body" value={body} onChange={(e) => setBody(e.target.value)} data-testid="compose-body" />
      <div className="attach">
        <label className="button-like">
          Attach files…
          <input type="file" multiple className="sr-only" onChange={(e) => void addFiles(e.target.files).then(() => (e.target.value = ''))} data-testid="compose-attach" />
        </label>
        <ul className="attachments" data-testid="compose-attachments">
          {attachments.map((a, i) => (
            <li key={`${a.name}-${i}`}>
              {a.name} <span className="muted">({formatSize(Math.floor((a.base64.length * 3) / 4))})</span>
              <button type="button" aria-label={`Remove attachment ${a.name}`} onClick={() => setAttachments(attachments.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
          {reading.map((r) => (
            <li key={`reading-${r.name}`} data-testid="attachment-progress">
              {r.name} <progress value={r.fraction} max={1} aria-label={`Reading ${r.name}`} />
            </li>
          ))}
        </ul>
      </div>
      <ErrorLine message={error} />
      {outcome && (
        <p className="outcome-line" role="status" data-testid="send-outcome">
          {outcome}
        </p>
      )}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || !hasRecipients || reading.length > 0} data-testid="compose-send">
          Send
        </button>
        <button type="button" onClick={() => void saveDraft()} disabled={busy || reading.length > 0} data-testid="compose-save-draft">
          Save draft
        </button>
        <button type="button" onClick={onClose} data-testid="compose-close">
          Close
        </button>
      </div>
    </form>
  );
}
