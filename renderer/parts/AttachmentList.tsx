// A message's attachments: Save for each, Import key for those that hold OpenPGP public keys, and what an import added.
import type { KeyView, SecurityReport } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { formatSize } from '../i18n/format.js';

interface Props {
  attachments: SecurityReport['attachments'];
  /** The indexes whose attachment holds public keys (MessageView.keyAttachments). */
  keyAttachments: number[];
  /** The keys the last import added, once it is done. */
  imported: KeyView[] | null;
  onSave: (index: number) => void;
  onImportKey: (index: number) => void;
  /** Opens the key manager, where the user decides on the added keys. */
  onOpenKeys?: () => void;
}

export function AttachmentList({ attachments, keyAttachments, imported, onSave, onImportKey, onOpenKeys }: Props) {
  const { t } = useI18n();
  if (attachments.length === 0) return null;
  return (
    <>
      <ul className="attachments" aria-label={t('message.attachments')} data-testid="attachments">
        {attachments.map((a, i) => {
          const name = a.name ?? t('message.attachmentName', { n: i + 1 });
          return (
            <li key={i}>
              <span>
                {name} <span className="muted">({formatSize(a.size, t)})</span>
              </span>
              <button type="button" onClick={() => onSave(i)} aria-label={t('message.saveAttachment', { name })} data-testid={`save-attachment-${i}`}>
                {t('message.save')}
              </button>
              {keyAttachments.includes(i) && (
                <button type="button" onClick={() => onImportKey(i)} aria-label={t('message.importKeyFrom', { name })} data-testid={`import-key-${i}`}>
                  {t('message.importKey')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {imported && (
        <p className="notice" role="status" data-testid="key-imported">
          {t('message.keysImported', { keys: imported.map((k) => k.userIds[0]?.uid ?? k.fingerprint.toUpperCase()).join(', ') })}{' '}
          {onOpenKeys && (
            <button type="button" onClick={onOpenKeys} data-testid="key-imported-open">
              {t('message.openKeys')}
            </button>
          )}
        </p>
      )}
    </>
  );
}
