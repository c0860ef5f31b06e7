// One open message: security status in the chrome, actions, attachments (keys among them can be imported), then the content below.
import { useEffect, useState } from 'react';
import type { Draft, FolderView, KeyView, MessageView } from '../../app/contract/index.js';
import { AttachmentList } from '../parts/AttachmentList.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { base64ToBytes, saveFile } from '../parts/download.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { MailContent } from '../parts/MailContent.js';
import { SecurityBanner } from '../parts/SecurityBanner.js';
import { useI18n } from '../i18n/context.js';
import { formatDate } from '../i18n/format.js';

interface Props {
  messageId: number;
  /** Folders of the message's account, for Move. */
  folders: FolderView[];
  onChanged: () => void;
  onRemoved: () => void;
  onCompose: (draft: Draft) => void;
  /** Opens the key manager, after a key attached to the message was imported. */
  onOpenKeys?: () => void;
}

export function MessagePane({ messageId, folders, onChanged, onRemoved, onCompose, onOpenKeys }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const [view, setView] = useState<MessageView | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [remote, setRemote] = useState(false);
  const [moveTo, setMoveTo] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [imported, setImported] = useState<KeyView[] | null>(null);

  useEffect(() => {
    let current = true;
    setView(null);
    setError(null);
    setRemote(false);
    void (async () => {
      const read = await call(api.mail.read({ messageId }));
      if (!current) return;
      if (!read.ok) return setError(read.problem);
      setView(read.value);
      if (!read.value.summary.seen) {
        const seen = await call(api.mail.setFlags({ messageId, seen: true }));
        if (!current) return;
        if (seen.ok) {
          setView({ ...read.value, summary: seen.value });
          onChanged();
        } else setError(seen.problem);
      }
    })();
    return () => {
      current = false;
    };
    // Read again only when the message changes, not when the parent hands a fresh onChanged.
  }, [api, messageId]);

  if (!view) {
    return <section className="message-pane">{error ? <ErrorLine problem={error} /> : <p className="muted">{t('message.opening')}</p>}</section>;
  }

  const { summary, report } = view;

  const reply = async (mode: 'reply' | 'reply-all' | 'forward') => {
    const draft = await call(api.compose.reply({ messageId, mode }));
    if (draft.ok) onCompose(draft.value);
    else setError(draft.problem);
  };

  const toggleFlag = async () => {
    const r = await call(api.mail.setFlags({ messageId, flagged: !summary.flagged }));
    if (!r.ok) return setError(r.problem);
    setView({ ...view, summary: r.value });
    onChanged();
  };

  const markUnread = async () => {
    const r = await call(api.mail.setFlags({ messageId, seen: false }));
    if (!r.ok) return setError(r.problem);
    setView({ ...view, summary: r.value });
    onChanged();
  };

  const move = async () => {
    const folderId = Number(moveTo);
    if (!folderId) return;
    const r = await call(api.mail.move({ messageId, folderId }));
    if (!r.ok) return setError(r.problem);
    onRemoved();
  };

  const remove = async () => {
    setConfirmDelete(false);
    const r = await call(api.mail.remove({ messageId }));
    if (!r.ok) return setError(r.problem);
    onRemoved();
  };

  const saveAttachment = async (index: number) => {
    const r = await call(api.mail.attachment({ messageId, index }));
    if (!r.ok) return setError(r.problem);
    saveFile(r.value.name, new Blob([base64ToBytes(r.value.base64)], { type: r.value.type }));
  };

  const importKey = async (index: number) => {
    setImported(null);
    const r = await call(api.keys.importAttachment({ messageId, index }));
    if (!r.ok) return setError(r.problem);
    setError(null);
    setImported(r.value);
  };

  // A message that failed to decrypt has nothing that may be quoted or forwarded.
  const unquotable = report.encryption.state === 'failed';
  return (
    <section className="message-pane" aria-label={t('message.pane')}>
      <SecurityBanner report={report} />
      <header className="message-header">
        <h2 data-testid="message-subject">{report.subject || summary.subject || t('mailbox.noSubject')}</h2>
        <p className="message-meta">
          <span data-testid="message-from">{report.fromName ? `${report.fromName} <${report.from ?? summary.from}>` : summary.from}</span>
          {summary.date && <span> · {formatDate(summary.date, language)}</span>}
        </p>
        <div className="toolbar" role="toolbar" aria-label={t('message.actions')}>
          <button type="button" onClick={() => void reply('reply')} disabled={unquotable} title={unquotable ? t('message.noQuote') : undefined} data-testid="reply">
            {t('message.reply')}
          </button>
          <button type="button" onClick={() => void reply('reply-all')} disabled={unquotable} title={unquotable ? t('message.noQuote') : undefined} data-testid="reply-all">
            {t('message.replyAll')}
          </button>
          <button type="button" onClick={() => void reply('forward')} disabled={unquotable} title={unquotable ? t('message.noQuote') : undefined} data-testid="forward">
            {t('message.forward')}
          </button>
          <button type="button" onClick={() => void toggleFlag()} aria-pressed={summary.flagged} data-testid="flag">
            {summary.flagged ? t('message.unflag') : t('message.flag')}
          </button>
          <button type="button" onClick={() => void markUnread()} data-testid="mark-unread">
            {t('message.markUnread')}
          </button>
          <label className="inline">
            <span className="sr-only">{t('message.moveTarget')}</span>
            <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)} data-testid="move-target">
              <option value="">{t('message.moveTo')}</option>
              {folders
                .filter((f) => f.id !== summary.folderId)
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.path}
                  </option>
                ))}
            </select>
          </label>
          <button type="button" onClick={() => void move()} disabled={!moveTo} data-testid="move">
            {t('message.move')}
          </button>
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)} data-testid="delete">
            {t('message.delete')}
          </button>
          {report.html !== null && view.remoteContentAllowed && !remote && (
            <button type="button" onClick={() => setRemote(true)} data-testid="load-remote">
              {t('message.loadRemote')}
            </button>
          )}
        </div>
        <ErrorLine problem={error} />
        <AttachmentList
          attachments={report.attachments}
          keyAttachments={view.keyAttachments}
          imported={imported}
          onSave={(i) => void saveAttachment(i)}
          onImportKey={(i) => void importKey(i)}
          {...(onOpenKeys ? { onOpenKeys } : {})}
        />
      </header>
      <div className="message-content">
        <MailContent text={report.text} html={report.html} remoteContent={remote && view.remoteContentAllowed} />
      </div>
      {confirmDelete && (
        <ConfirmDialog title={t('message.deleteTitle')} confirmLabel={t('message.delete')} onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)}>
          <p>{t('message.deleteBody', { subject: summary.subject })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
