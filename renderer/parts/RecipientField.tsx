// A To/Cc/Bcc field: one chip per address, each saying whether a usable key exists for it.
import { useState } from 'react';
import type { RecipientPolicy } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { parseRecipients, recipientChip } from '../recipient-chip.js';

interface Props {
  field: 'to' | 'cc' | 'bcc';
  addresses: string[];
  policy: RecipientPolicy | null;
  onChange: (addresses: string[]) => void;
  /** Takes the focus when compose opens (a new message starts with its recipients). */
  autoFocus?: boolean;
}

export function RecipientField({ field, addresses, policy, onChange, autoFocus = false }: Props) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const id = `recipients-${field}`;
  const label = t(`compose.${field}`);

  const commit = (text: string) => {
    const added = parseRecipients(text).filter((a) => !addresses.some((b) => b.toLowerCase() === a.toLowerCase()));
    if (added.length > 0) onChange([...addresses, ...added]);
    setTyped('');
  };

  return (
    <div className="recipient-field" data-testid={id}>
      <label htmlFor={id}>{label}</label>
      <div className="recipient-box">
        <ul className="chips" aria-label={t('chip.recipients', { field: label })}>
          {addresses.map((address) => {
            const chip = recipientChip(address, policy, t);
            return (
              <li key={address} className={`chip chip-${chip.state}`} title={chip.detail} data-testid="recipient-chip" data-state={chip.state} data-address={address}>
                <span>{address}</span>
                <span className="chip-state">{chip.label}</span>
                <span className="sr-only">{chip.detail}</span>
                <button type="button" aria-label={t('chip.remove', { address })} onClick={() => onChange(addresses.filter((a) => a !== address))}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        <input
          id={id}
          type="text"
          value={typed}
          autoComplete="off"
          autoFocus={autoFocus}
          placeholder="name@example.org"
          onChange={(e) => {
            const value = e.target.value;
            if (/[,;]$/.test(value)) commit(value);
            else setTyped(value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit(typed);
            } else if (e.key === 'Backspace' && typed === '' && addresses.length > 0) onChange(addresses.slice(0, -1));
          }}
          onBlur={() => commit(typed)}
          data-testid={`${id}-input`}
        />
      </div>
    </div>
  );
}
