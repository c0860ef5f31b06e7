// One view per address in the key manager: when the filter is a mail address, the S/MIME certificates for it are
// listed under its OpenPGP keys, with a way to their own tab (issue 6 section 1).
import { useEffect, useState } from 'react';
import type { CertificateView } from '../../app/contract/index.js';
import { groupFingerprint } from '../fingerprint.js';
import { useI18n } from '../i18n/context.js';
import { formatDate } from '../i18n/format.js';
import { isAddress } from '../recipient-chip.js';
import { call, useApi } from './call.js';

export function AddressCertificates({ filter, onOpen }: { filter: string; onOpen: () => void }) {
  const api = useApi();
  const { t, language } = useI18n();
  const address = filter.trim().toLowerCase();
  const [certificates, setCertificates] = useState<CertificateView[]>([]);

  useEffect(() => {
    let current = true;
    if (!isAddress(address)) {
      setCertificates([]);
      return;
    }
    void call(api.certs.list({ filter: address })).then((r) => {
      // Only certificates naming exactly this address, CA certificates aside.
      if (current && r.ok) setCertificates(r.value.filter((c) => !c.ca && c.emails.includes(address)));
    });
    return () => {
      current = false;
    };
  }, [api, address]);

  if (certificates.length === 0) return null;
  return (
    <section className="address-certificates" aria-label={t('keys.addressCerts', { address })} data-testid="address-certificates">
      <h3>{t('keys.addressCerts', { address })}</h3>
      <ul>
        {certificates.map((c) => (
          <li key={c.fingerprint} data-testid="address-certificate" data-fingerprint={c.fingerprint}>
            <span>{c.subject}</span>{' '}
            <span className="muted">
              {groupFingerprint(c.fingerprint).split('  ')[0]} · {c.expired ? t('keys.addressCertExpired') : t('keys.addressCertValid', { date: formatDate(c.notAfter, language) })}
              {c.own ? ` · ${t('keys.yours')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onOpen} data-testid="address-certificates-open">
        {t('keys.addressCertsOpen')}
      </button>
    </section>
  );
}
