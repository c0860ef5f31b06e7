// Importing S/MIME certificates in the key manager: your own from a PKCS#12 file with its password, or others' as PEM or DER.
import { useState } from 'react';
import type { CertificateView } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';
import { call, useApi, type Problem } from '../parts/call.js';
import { readFileBase64 } from '../parts/download.js';

interface Props {
  onDone: (views: CertificateView[]) => void;
  onError: (problem: Problem) => void;
}

/** PEM as text; anything else (DER) as base64, which the service reads as one DER certificate. */
export async function certificateFileText(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function ImportIdentity({ onDone, onError }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <details className="panel">
      <summary>{t('certs.importIdentity')}</summary>
      <p className="muted">{t('certs.identityIntro')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          if (!file) return onError({ text: t('certs.chooseFile') });
          setBusy(true);
          const base64 = await readFileBase64(file, () => undefined).catch(() => null);
          const r = base64 === null ? null : await call(api.certs.importIdentity({ base64, password }));
          setBusy(false);
          if (r === null) return onError({ text: t('certs.unreadable', { name: file.name }) });
          // The service says 'wrong-passphrase' here only for the file's password, never the profile's.
          if (!r.ok) return onError('code' in r.problem && r.problem.code === 'wrong-passphrase' ? { text: t('certs.wrongPassword') } : r.problem);
          setPassword('');
          setFile(null);
          form.reset();
          onDone(r.value);
        }}
      >
        <label>
          {t('certs.identityFile')}
          <input type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="cert-p12-file" />
        </label>
        <label>
          {t('certs.identityPassword')}
          <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="cert-p12-password" />
        </label>
        <button type="submit" disabled={busy || !file} data-testid="cert-p12-submit">
          {busy ? t('certs.importing') : t('certs.importSubmit')}
        </button>
      </form>
    </details>
  );
}

export function ImportCertificate({ onDone, onError }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const [pem, setPem] = useState('');
  const [busy, setBusy] = useState(false);

  const importText = async (text: string) => {
    setBusy(true);
    const r = await call(api.certs.importCertificate({ pem: text }));
    setBusy(false);
    if (!r.ok) return onError(r.problem);
    setPem('');
    onDone(r.value);
  };

  return (
    <details className="panel">
      <summary>{t('certs.importCertificate')}</summary>
      <label>
        {t('certs.importFile')}
        <input
          type="file"
          accept=".pem,.crt,.cer,.der,application/x-x509-ca-cert,application/pkix-cert"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) await importText(await certificateFileText(file));
          }}
          data-testid="cert-import-file"
        />
      </label>
      <label htmlFor="cert-import-text">{t('certs.importPaste')}</label>
      <textarea id="cert-import-text" rows={5} value={pem} onChange={(e) => setPem(e.target.value)} spellCheck={false} data-testid="cert-import-text" />
      <button type="button" disabled={busy || !pem.trim()} onClick={() => void importText(pem)} data-testid="cert-import-submit">
        {busy ? t('certs.importing') : t('certs.importSubmit')}
      </button>
    </details>
  );
}
