// One open message: security status in the chrome, actions, attachments, then the content below.
import { useEffect, useState } from 'react';
import type { Draft, FolderView, MessageView } from '../../app/contract/index.js';
import { call, useApi } from '../parts/call.js';
import { ConfirmDialog } from '../parts/ConfirmDialog.js';
import { base64ToBytes, saveFile } from '../parts/download.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { MailContent } from '../parts/MailContent.js';
import { formatDate, formatSize, SecurityBanner } from '../parts/SecurityBanner.js';

interface Props {
  messageId: number;
  /** Folders of the message's account, for Move. */
  folders: FolderView[];
  onChanged: () => void;
  onRemoved: () => void;
  onCompose: (draft: Draft) => void;
}

export function MessagePane({ messageId, folders, onChanged, onRemoved, onCompose }: Props) {
  const api = useApi();
  const [view, setView] = useState<MessageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [remote, setRemote] = useState(false);
  const [moveTo, setMoveTo] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    let current = true;
    setView(null);
    setError(null);
    setRemote(false);
    void (async () => {
      const read = await call(api.mail.read({ messageId }));
      if (!current) return;
      if (!read.ok) return setError(read.message);
      setView(read.value);
      if (!read.value.summary.seen) {
        const seen = await call(api.mail.setFlags({ messageId, seen: true }));
        if (!current) return;
        if (seen.ok) {
          setView({ ...read.value, summary: seen.value });
          onChanged();
        } else setError(seen.message);
      }
    })();
    return () => {
      current = false;
    };
    // Read again only when the message changes, not when the parent hands a fresh onChanged.
  }, [api, messageId]);

  if (!view) {
    return <section className="message-pane">{error ? <ErrorLine message={error} /> : <p className="muted">Opening…</p>}</section>;
  }

  const { summary, report } = view;

  const reply = async (mode: 'reply' | 'reply-all' | 'forward') => {
    const draft = await call(api.compose.reply({ messageId, mode }));
    if (draft.ok) onCompose(draft.value);
    else setError(draft.message);
  };

  const toggleFlag = async () => {
    const r = await call(api.mail.setFlags({ messageId, flagged: !summary.flagged }));
    if (!r.ok) return setError(r.message);
    setView({ ...view, summary: r.value });
    onChanged();
  };

  const markUnread = async () => {
    const r = await call(api.mail.setFlags({ messageId, seen: false }));
    if (!r.ok) return setError(r.message);
    setView({ ...view, summary: r.value });
    onChanged();
  };

  const move = async () => {
    const folderId = Number(moveTo);
    if (!folderId) return;
    const r = await call(api.mail.move({ messageId, folderId }));
    if (!r.ok) return setError(r.message);
    onRemoved();
  };

  const remove = async () => {
    setConfirmDelete(false);
    const r = await call(api.mail.remove({ messageId }));
    if (!r.ok) return setError(r.message);
    onRemoved();
  };

  const saveAttachment = async (index: number) => {
    const r = await call(api.mail.attachment({ messageId, index }));
    if (!r.ok) return setError(r.message);
    saveFile(r.value.name, new Blob([base64ToBytes(r.value.base64)], { type: r.value.type }));
  };

  return (
    <section className="message-pane" aria-label="Message">
      <SecurityBanner report={report} />
      <header className="message-header">
        <h2 data-testid="message-subject">{report.subject || summary.subject || '(no subject)'}</h2>
        <p className="message-meta">
          <span data-testid="message-from">{report.fromName ? `${report.fromName} <${report.from ?? summary.from}>` : summary.from}</span>
          {summary.date && <span> · {formatDate(summary.date)}</span>}
        </p>
        <div className="toolbar" role="toolbar" aria-label="Message actions">
          <button type="button" onClick={() => void reply('reply')} data-testid="reply">
            Reply
          </button>
          <button type="button" onClick={() => void reply('reply-all')} data-testid="reply-all">
            Reply all
          </button>
          <button type="button" onClick={() => void reply('forward')} data-testid="forward">
            Forward
          </button>
          <button type="button" onClick={() => void toggleFlag()} aria-pressed={summary.flagged} data-testid="flag">
            {summary.flagged ? 'Unflag' : 'Flag'}
          </button>
          <button type="button" onClick={() => void markUnread()} data-testid="mark-unread">
            Mark unread
          </button>
          <label className="inline">
            <span className="sr-only">Move to folder</span>
            <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)} data-testid="move-target">
              <option value="">Move to…</option>
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
            Move
          </button>
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)} data-testid="delete">
            Delete
          </button>
          {report.html !== null && view.remoteContentAllowed && !remote && (
            <button type="button" onClick={() => setRemote(true)} data-testid="load-remote">
              Load remote content
            </button>
          )}
        </div>
        <ErrorLine message={error} />
        {report.attachments.length > 0 && (
          <ul className="attachments" aria-label="Attachments" data-testid="attachments">
            {report.attachments.map((a, i) => (
              <li key={i}>
                <span>
                  {a.name ?? `attachment ${i + 1}`} <span className="muted">({formatSize(a.size)})</span>
                </span>
                <button type="button" onClick={() => void saveAttachment(i)} data-testid={`save-attachment-${i}`}>
                  Save
                </button>
              </li>
            ))}
          </ul>
        )}
      </header>
      <div className="message-content">
        <MailContent text={report.text} html={report.html} remoteContent={remote && view.remoteContentAllowed} />
      </div>
      {confirmDelete && (
        <ConfirmDialog title="Delete this message?" confirmLabel="Delete" onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)}>
          <p>“{summary.subject}” will be deleted from the server.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
