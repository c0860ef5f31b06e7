// The three panes: folders per account with unread counts, the message list (or search hits), the open message.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView, Draft, FolderView, MessageSummary, SearchHitView, SyncProgress } from '../../app/contract/index.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { ErrorLine } from '../parts/ErrorLine.js';
import { useI18n } from '../i18n/context.js';
import { formatDate } from '../i18n/format.js';
import type { Translate } from '../i18n/translate.js';
import { useShortcuts } from '../parts/shortcuts.js';
import { MessagePane } from './MessagePane.js';

interface Props {
  accounts: AccountView[];
  onCompose: (draft: Draft | null) => void;
  /** Opens the key manager (after importing a key attached to a message). */
  onOpenKeys?: () => void;
}

export function Mailbox({ accounts, onCompose, onOpenKeys }: Props) {
  const api = useApi();
  const { t, language } = useI18n();
  const [folders, setFolders] = useState<FolderView[]>([]);
  const [folderId, setFolderId] = useState<number | null>(null);
  const [messages, setMessages] = useState<MessageSummary[]>([]);
  const [hits, setHits] = useState<SearchHitView[] | null>(null);
  const [query, setQuery] = useState('');
  const [messageId, setMessageId] = useState<number | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [progress, setProgress] = useState<SyncProgress[]>([]);
  const [syncLine, setSyncLine] = useState<string | null>(null);
  const folderRef = useRef<number | null>(null);
  folderRef.current = folderId;

  const loadFolders = useCallback(async () => {
    const r = await call(api.mail.folders({}));
    if (!r.ok) return setError(r.problem);
    setFolders(r.value);
    if (folderRef.current === null) {
      const inbox = r.value.find((f) => f.path.toUpperCase() === 'INBOX') ?? r.value[0];
      if (inbox) setFolderId(inbox.id);
    }
  }, [api]);

  const loadMessages = useCallback(async () => {
    const id = folderRef.current;
    if (id === null) return setMessages([]);
    const r = await call(api.mail.messages({ folderId: id, limit: 500 }));
    if (!r.ok) return setError(r.problem);
    if (folderRef.current === id) setMessages(r.value);
  }, [api]);

  const refresh = useCallback(() => {
    void loadFolders();
    void loadMessages();
  }, [loadFolders, loadMessages]);

  useEffect(() => {
    void loadFolders();
  }, [loadFolders]);

  // New mail live: IDLE on every INBOX (the service starts each account once and stops them on lock).
  useEffect(() => {
    void call(api.mail.watch({})).then((r) => {
      if (!r.ok) setError(r.problem);
      else if (r.value.problems.length > 0) setError({ text: t('mailbox.notWatched', { problems: r.value.problems.join('; ') }) });
    });
  }, [api, accounts]);

  useEffect(() => {
    void loadMessages();
  }, [folderId, loadMessages]);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'sync-progress') {
          setProgress((p) => [...p, event.progress]);
          refresh();
        } else if (event.type === 'new-mail') refresh();
      }),
    [api, refresh],
  );

  const sync = async () => {
    setSyncing(true);
    setProgress([]);
    setSyncLine(null);
    const r = await call(api.mail.sync({}));
    setSyncing(false);
    if (!r.ok) return setError(r.problem);
    const added = r.value.progress.reduce((n, p) => n + p.added, 0);
    const errors = r.value.errors.length ? `; ${r.value.errors.join('; ')}` : '';
    setSyncLine(t(added === 1 ? 'mailbox.syncDone.one' : 'mailbox.syncDone.other', { count: added, errors }));
    refresh();
  };

  const search = async () => {
    if (!query.trim()) return setHits(null);
    const r = await call(api.mail.search({ query: query.trim() }));
    if (!r.ok) return setError(r.problem);
    setError(null);
    setHits(r.value);
  };

  const openFolder = (id: number) => {
    setFolderId(id);
    setHits(null);
    setMessageId(null);
  };

  const list: MessageSummary[] = hits ?? messages;
  const step = (by: number) => {
    const at = list.findIndex((m) => m.id === messageId);
    const next = list[Math.max(0, Math.min(list.length - 1, at + by))];
    if (next) setMessageId(next.id);
  };
  useShortcuts({
    '/': () => document.querySelector<HTMLInputElement>('[data-testid="search-input"]')?.focus(),
    j: () => step(1),
    k: () => step(-1),
  });
  const open = list.find((m) => m.id === messageId);
  const openFolderView = folders.find((f) => f.id === (open?.folderId ?? folderId));
  const accountFolders = folders.filter((f) => f.accountId === openFolderView?.accountId);

  return (
    <div className="mailbox">
      <div className="mailbox-bar">
        <form
          className="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <input type="search" aria-label={t('mailbox.search')} aria-keyshortcuts="/" placeholder={t('mailbox.searchPlaceholder')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="search-input" />
          <button type="submit" data-testid="search">
            {t('mailbox.searchSubmit')}
          </button>
          {hits && (
            <button
              type="button"
              onClick={() => {
                setHits(null);
                setQuery('');
              }}
              data-testid="search-clear"
            >
              {t('mailbox.searchClear')}
            </button>
          )}
        </form>
        <button type="button" onClick={() => onCompose(null)} aria-keyshortcuts="c" title={t('mailbox.composeTitle')} data-testid="compose-new">
          {t('mailbox.compose')}
        </button>
        <button type="button" onClick={() => void sync()} disabled={syncing} data-testid="sync">
          {syncing ? t('mailbox.syncing') : t('mailbox.sync')}
        </button>
        <div className="sync-status" role="status" data-testid="sync-status">
          {syncing && <progress aria-label={t('mailbox.syncProgress')} />}
          {syncing && progress.length > 0 && <span>{progressLine(progress[progress.length - 1], t)}</span>}
          {!syncing && syncLine}
        </div>
      </div>
      <ErrorLine problem={error} />
      <div className="panes">
        <nav className="folder-pane" aria-label={t('mailbox.folders')} data-testid="folders">
          {accounts.map((account) => (
            <section key={account.id}>
              <h3>{account.address}</h3>
              <ul>
                {folders
                  .filter((f) => f.accountId === account.id)
                  .map((f) => (
                    <li key={f.id}>
                      <button
                        type="button"
                        className={`folder${f.id === folderId && !hits ? ' selected' : ''}${f.unread > 0 ? ' unread' : ''}`}
                        aria-current={f.id === folderId && !hits ? 'true' : undefined}
                        onClick={() => openFolder(f.id)}
                        data-testid={`folder-${account.address}-${f.path}`}
                      >
                        <span>{f.path}</span>
                        {f.unread > 0 && (
                          <span className="count" aria-label={t('mailbox.unread', { count: f.unread })} data-testid="unread-count">
                            {f.unread}
                          </span>
                        )}
                      </button>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </nav>
        <section className="list-pane" aria-label={hits ? t('mailbox.results') : t('mailbox.messages')}>
          {hits && <p className="muted list-caption">{t(hits.length === 1 ? 'mailbox.resultCount.one' : 'mailbox.resultCount.other', { count: hits.length })}</p>}
          <ul className="message-list" data-testid="message-list">
            {list.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className={`message-row${m.seen ? '' : ' unread'}${m.id === messageId ? ' selected' : ''}`}
                  aria-current={m.id === messageId ? 'true' : undefined}
                  onClick={() => setMessageId(m.id)}
                  data-testid="message-row"
                  data-message-id={m.id}
                >
                  <span className="row-top">
                    <span className="from">{m.from}</span>
                    <span className="date">{formatDate(m.date, language)}</span>
                  </span>
                  <span className="row-subject">
                    {m.flagged && (
                      <span className="flagged" aria-label={t('mailbox.flagged')} title={t('mailbox.flagged')}>
                        ★
                      </span>
                    )}
                    {m.subject || t('mailbox.noSubject')}
                  </span>
                  {'snippet' in m && <span className="snippet">{(m as SearchHitView).snippet}</span>}
                </button>
              </li>
            ))}
          </ul>
          {list.length === 0 && <p className="muted">{hits ? t('mailbox.noMatch') : t('mailbox.empty')}</p>}
        </section>
        {messageId !== null ? (
          <MessagePane
            key={messageId}
            messageId={messageId}
            folders={accountFolders}
            onChanged={refresh}
            onRemoved={() => {
              setMessageId(null);
              refresh();
            }}
            onCompose={onCompose}
            {...(onOpenKeys ? { onOpenKeys } : {})}
          />
        ) : (
          <section className="message-pane empty">
            <p className="muted">{t('mailbox.select')}</p>
            <p className="muted shortcut-hint" data-testid="shortcut-hint">
              {t('mailbox.shortcutHint')}
            </p>
          </section>
        )}
      </div>
    </div>
  );
}

function progressLine(p: SyncProgress | undefined, t: Translate): string {
  return p ? t('mailbox.progressLine', { account: p.account, folder: p.folder, added: p.added, changed: p.changed, removed: p.removed }) : '';
}
