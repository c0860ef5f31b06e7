// The saved drafts (kept encrypted by the services): open one in compose, or delete it.
import { useEffect, useState } from 'react';
import type { Draft } from '../../app/contract/index.js';
import { call, useApi } from './call.js';

export function DraftList({ onOpen, onError }: { onOpen: (draft: Draft) => void; onError: (message: string) => void }) {
  const api = useApi();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);

  const load = async () => {
    const r = await call(api.compose.drafts({}));
    if (r.ok) setDrafts(r.value);
    else onError(r.message);
  };

  useEffect(() => {
    // Loaded once when compose opens; deleting a draft loads the list again.
    void load();
  }, [api]);

  if (!drafts || drafts.length === 0) return null;
  return (
    <details className="panel" data-testid="drafts">
      <summary>Drafts ({drafts.length})</summary>
      <ul>
        {drafts.map((d) => (
          <li key={d.id ?? 0} className="draft-row">
            <span>
              {d.subject || '(no subject)'} <span className="muted">to {d.to.join(', ') || 'nobody yet'}</span>
            </span>
            <button
              type="button"
              onClick={async () => {
                if (d.id === null) return;
                const r = await call(api.compose.loadDraft({ id: d.id }));
                if (r.ok) onOpen(r.value);
                else onError(r.message);
              }}
              data-testid="draft-open"
            >
              Open
            </button>
            <button
              type="button"
              className="danger"
              onClick={async () => {
                if (d.id === null) return;
                const r = await call(api.compose.deleteDraft({ id: d.id }));
                if (r.ok) void load();
                else onError(r.message);
              }}
              data-testid="draft-delete"
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
