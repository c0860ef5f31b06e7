// A To/Cc/Bcc field: one chip per address, each saying whether a usable key exists for it, offering to find one
// when there is none and pointing to the key manager on a key change.
import { useState } from 'react';
import type { RecipientPolicy } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { parseRecipients, recipientChip } from '../recipient-chip.js';
import { KeyLookupLine, type KeyLookupState } from './KeyLookupLine.js';

interface Props {
  field: 'to' | 'cc' | 'bcc';
  addresses: string[];
  policy: RecipientPolicy | null;
  onChange: (addresses: string[]) => void;
  /** Takes the focus when compose opens (a new message starts with its recipients). */
  autoFocus?: boolean;
  /** Looks a key up for an address without one (only when the user clicks). */
  onFindKey?: (address: string) => void;
  /** Opens the key manager for an address whose key changed. */
  onOpenKeys?: (address: string) => void;
  /** Look-ups the user started, by lower-cased address. */
  lookups?: Readonly<Record<string, KeyLookupState>>;
}

export function RecipientField({ field, addresses, policy, onChange, autoFocus = false, onFindKey, onOpenKeys, lookups = {} }: Props) {
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
                {chip.action === 'find-key' && onFindKey && (
                  <button
                    type="button"
                    className="chip-action"
                    disabled={lookups[address.toLowerCase()]?.state === 'busy'}
                    title={t('chip.findKeyHint', { domain: address.slice(address.lastIndexOf('@') + 1) })}
                    onClick={() => onFindKey(address)}
                    data-testid="chip-find-key"
                  >
                    {t('chip.findKey')}
                  </button>
                )}
                {chip.action === 'open-keys' && onOpenKeys && (
                  <button type="button" className="chip-action" onClick={() => onOpenKeys(address)} data-testid="chip-open-keys">
                    {t('chip.openKeys')}
                  </button>
                )}
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
      {addresses.some((a) => lookups[a.toLowerCase()]) && (
        <div className="key-lookups">
          {addresses.map((address) => {
            const lookup = lookups[address.toLowerCase()];
            return lookup ? <KeyLookupLine key={address} address={address} lookup={lookup} /> : null;
          })}
        </div>
      )}
    </div>
  );
}
