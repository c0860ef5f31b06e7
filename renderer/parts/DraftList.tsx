// The saved drafts (kept encrypted by the services): open one in compose, or delete it.
import { useEffect, useState } from 'react';
import type { Draft } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { call, useApi, type Problem } from './call.js';

export function DraftList({ onOpen, onError }: { onOpen: (draft: Draft) => void; onError: (problem: Problem) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);

  const load = async () => {
    const r = await call(api.compose.drafts({}));
    if (r.ok) setDrafts(r.value);
    else onError(r.problem);
  };

  useEffect(() => {
    // Loaded once when compose opens; deleting a draft loads the list again.
    void load();
  }, [api]);

  if (!drafts || drafts.length === 0) return null;
  return (
    <details className="panel" data-testid="drafts">
      <summary>{t('drafts.title', { count: drafts.length })}</summary>
      <ul>
        {drafts.map((d) => (
          <li key={d.id ?? 0} className="draft-row">
            <span>
              {d.subject || t('mailbox.noSubject')} <span className="muted">{t('drafts.to', { to: d.to.join(', ') || t('drafts.nobody') })}</span>
            </span>
            <button
              type="button"
              onClick={async () => {
                if (d.id === null) return;
                const r = await call(api.compose.loadDraft({ id: d.id }));
                if (r.ok) onOpen(r.value);
                else onError(r.problem);
              }}
              aria-label={t('drafts.openLabel', { subject: d.subject || t('mailbox.noSubject') })}
              data-testid="draft-open"
            >
              {t('drafts.open')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={async () => {
                if (d.id === null) return;
                const r = await call(api.compose.deleteDraft({ id: d.id }));
                if (r.ok) void load();
                else onError(r.problem);
              }}
              aria-label={t('drafts.deleteLabel', { subject: d.subject || t('mailbox.noSubject') })}
              data-testid="draft-delete"
            >
              {t('drafts.delete')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
