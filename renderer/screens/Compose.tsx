// Compose: From, recipients with key status, sign/encrypt toggles from the recipient policy, attachments, draft and send.
import { useEffect, useRef, useState } from 'react';
import type { AccountView, Draft, RecipientPolicy, Settings } from '../../app/contract/index.js';
import { isAddress } from '../recipient-chip.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { readFileBase64 } from '../parts/download.js';
import { DraftList } from '../parts/DraftList.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import type { KeyLookupState } from '../parts/KeyLookupLine.js';
import { RecipientField } from '../parts/RecipientField.js';
import { useI18n } from '../i18n/context.js';
import { formatSize } from '../i18n/format.js';
import { policyReasonWords, sendOutcomeWords } from '../service-words.js';

interface Props {
  accounts: AccountView[];
  settings: Settings | null;
  initial: Draft | null;
  onClose: () => void;
  onOpenDraft: (draft: Draft) => void;
  /** Opens the key manager for one address (a recipient whose key changed). */
  onOpenKeys?: (address: string) => void;
  /** False while hidden behind the key manager; the policy is asked again when it shows again. */
  active?: boolean;
}

interface Reading {
  name: string;
  fraction: number;
}

export function Compose({ accounts, settings, initial, onClose, onOpenDraft, onOpenKeys, active = true }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const [draftId, setDraftId] = useState<number | null>(initial?.id ?? null);
  const [accountId, setAccountId] = useState<number>(initial?.accountId ?? accounts[0]?.id ?? 0);
  const [to, setTo] = useState<string[]>(initial?.to ?? []);
  const [cc, setCc] = useState<string[]>(initial?.cc ?? []);
  const [bcc, setBcc] = useState<string[]>(initial?.bcc ?? []);
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [sign, setSign] = useState(initial?.sign ?? settings?.defaultSign ?? true);
  const [encryptChoice, setEncryptChoice] = useState<boolean | null>(initial ? initial.encrypt : null);
  const [gcm, setGcm] = useState(initial?.gcm ?? false);
  const [attachments, setAttachments] = useState<Draft['attachments']>(initial?.attachments ?? []);
  const [reading, setReading] = useState<Reading[]>([]);
  const [policy, setPolicy] = useState<RecipientPolicy | null>(null);
  const [policyError, setPolicyError] = useState<Problem | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; detail: string | null } | null>(null);
  const [refreshed, setRefreshed] = useState<string[]>([]);
  const [lookups, setLookups] = useState<Record<string, KeyLookupState>>({});
  /** Bumped after a look-up added keys, so the policy is asked again for the same recipients. */
  const [keysChanged, setKeysChanged] = useState(0);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  // Focus starts where the writing starts: the To field for a new message, the text for a reply or a draft.
  const [startInBody] = useState(() => (initial?.to.length ?? 0) > 0);

  const valid = (list: string[]) => list.filter(isAddress);
  const recipientKey = JSON.stringify([accountId, to, cc, bcc, keysChanged, active]);

  useEffect(() => {
    if (!accountId || !active) return;
    const ask = ++asked.current;
    setPolicy(null);
    void (async () => {
      const r = await call(api.compose.policy({ accountId, to: valid(to), cc: valid(cc), bcc: valid(bcc) }));
      if (ask !== asked.current) return;
      if (r.ok) {
        setPolicy(r.value);
        setPolicyError(null);
      } else setPolicyError(r.problem);
    })();
    // recipientKey stands for accountId, to, cc, bcc, keysChanged and active.
  }, [api, recipientKey]);

  const sender = accounts.find((a) => a.id === accountId)?.address ?? '';
  const canEncrypt = policy?.canEncrypt ?? false;
  const defaultEncrypt = settings?.defaultEncrypt ?? true;
  const encrypt = canEncrypt && (encryptChoice ?? defaultEncrypt);
  const canSign = policy?.canSign ?? true;
  // The cipher choice matters only for S/MIME encryption; the choice itself is kept (and saved) while hidden.
  const offerGcm = policy?.scheme === 'smime' && encrypt;
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
    gcm,
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
      } catch {
        setError({ text: t('compose.readFailed', { name: file.name }) });
      } finally {
        setReading((r) => r.filter((x) => x.name !== file.name));
      }
    }
  };

  const saveDraft = async () => {
    setBusy(true);
    const r = await call(api.compose.saveDraft({ draft: draft() }));
    setBusy(false);
    if (!r.ok) return setError(r.problem);
    setError(null);
    setDraftId(r.value.id);
    setOutcome({ text: t('compose.draftSaved'), detail: null });
  };

  // Only on the user's click: the look-up tells the recipient's domain (and maybe the keyserver) whom they write to.
  const findKey = async (address: string) => {
    const id = address.toLowerCase();
    setLookups((l) => ({ ...l, [id]: { state: 'busy' } }));
    const r = await call(api.keys.lookup({ address }));
    setLookups((l) => ({ ...l, [id]: r.ok ? { state: 'done', view: r.value } : { state: 'failed', problem: r.problem } }));
    if (r.ok && r.value.found.length > 0) setKeysChanged((n) => n + 1);
  };
  const chipActions = { onFindKey: (a: string) => void findKey(a), lookups, ...(onOpenKeys ? { onOpenKeys } : {}) };

  const send = async () => {
    if (invalid.length > 0) return setError({ text: t('compose.notAddress', { addresses: invalid.join(', ') }) });
    setBusy(true);
    setOutcome(null);
    setRefreshed([]);
    const r = await call(api.compose.send({ draft: draft() }));
    setBusy(false);
    if (!r.ok) return setError(r.problem);
    setError(null);
    setOutcome(sendOutcomeWords(r.value, t));
    setRefreshed(r.value.refreshed ?? []);
  };

  if (accounts.length === 0) return <p className="muted">{t('compose.noAccount')}</p>;

  return (
    <form
      className="compose"
      aria-label={t('compose.form')}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <DraftList onOpen={onOpenDraft} onError={setError} />
      <div className="field-row">
        <label htmlFor="compose-from">{t('compose.from')}</label>
        <select id="compose-from" value={accountId} onChange={(e) => setAccountId(Number(e.target.value))} data-testid="compose-from">
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name ? `${a.name} <${a.address}>` : a.address}
            </option>
          ))}
        </select>
      </div>
      <RecipientField field="to" addresses={to} policy={policy} onChange={setTo} autoFocus={!startInBody} {...chipActions} />
      <RecipientField field="cc" addresses={cc} policy={policy} onChange={setCc} {...chipActions} />
      <RecipientField field="bcc" addresses={bcc} policy={policy} onChange={setBcc} {...chipActions} />
      <div className="field-row">
        <label htmlFor="compose-subject">{t('compose.subject')}</label>
        <input id="compose-subject" type="text" value={subject} onChange={(e) => setSubject(e.target.value)} data-testid="compose-subject" />
      </div>
      <fieldset className="sealing" data-testid="sealing">
        <legend>{t('compose.sealing')}</legend>
        <label>
          <input type="checkbox" checked={sign && canSign} disabled={!canSign} onChange={(e) => setSign(e.target.checked)} data-testid="compose-sign" />
          {t('compose.sign')}
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
          {t('compose.encrypt')}
        </label>
        <p id="encrypt-reason" className="muted" data-testid="encrypt-reason">
          {policy === null
            ? policyError
              ? null
              : t('compose.checkingKeys')
            : !canEncrypt
              ? t('compose.cannotEncrypt', { reason: policyReasonWords(policy, sender, t) })
              : hasRecipients
                ? t('compose.allHaveKeys')
                : ''}
        </p>
        {policy === null && <ErrorLine problem={policyError} />}
        {policy && (
          <p className="muted" data-testid="sealing-scheme">
            {t(policy.scheme === 'smime' ? 'compose.scheme.smime' : 'compose.scheme.pgp')}
          </p>
        )}
        {offerGcm && (
          <label data-testid="compose-gcm-label">
            <input type="checkbox" checked={gcm} onChange={(e) => setGcm(e.target.checked)} data-testid="compose-gcm" />
            {t('compose.gcm')} <span className="muted">{t('compose.gcmNote')}</span>
          </label>
        )}
        {policy && !canSign && <p className="muted">{t('compose.cannotSign')}</p>}
        {!encrypt && canEncrypt && <p className="warning-text">{t('compose.notEncrypted')}</p>}
      </fieldset>
      <label htmlFor="compose-body" className="sr-only">
        {t('compose.body')}
      </label>
      <textarea id="compose-body" autoFocus={startInBody} className="compose-body" value={body} onChange={(e) => setBody(e.target.value)} data-testid="compose-body" />
      <div className="attach">
        <label className="button-like">
          {t('compose.attach')}
          <input type="file" multiple className="sr-only" onChange={(e) => void addFiles(e.target.files).then(() => (e.target.value = ''))} data-testid="compose-attach" />
        </label>
        <ul className="attachments" data-testid="compose-attachments">
          {attachments.map((a, i) => (
            <li key={`${a.name}-${i}`}>
              {a.name} <span className="muted">({formatSize(Math.floor((a.base64.length * 3) / 4), t)})</span>
              <button type="button" aria-label={t('compose.removeAttachment', { name: a.name })} onClick={() => setAttachments(attachments.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
          {reading.map((r) => (
            <li key={`reading-${r.name}`} data-testid="attachment-progress">
              {r.name} <progress value={r.fraction} max={1} aria-label={t('compose.reading', { name: r.name })} />
            </li>
          ))}
        </ul>
      </div>
      <ErrorLine problem={error} />
      {outcome && (
        <p className="outcome-line" role="status" data-testid="send-outcome">
          {outcome.text}
          {outcome.detail && <span className="outcome-detail muted"> {t('compose.serverSaid', { detail: outcome.detail })}</span>}
        </p>
      )}
      {refreshed.length > 0 && (
        <div className="outcome-refreshed" data-testid="send-refreshed">
          <p className="muted">{t('compose.refreshedLabel')}</p>
          <ul>
            {refreshed.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || !hasRecipients || reading.length > 0} data-testid="compose-send">
          {t('compose.send')}
        </button>
        <button type="button" onClick={() => void saveDraft()} disabled={busy || reading.length > 0} data-testid="compose-save-draft">
          {t('compose.saveDraft')}
        </button>
        <button type="button" onClick={onClose} data-testid="compose-close">
          {t('compose.close')}
        </button>
      </div>
    </form>
  );
}
