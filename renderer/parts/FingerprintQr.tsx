// A key's OPENPGP4FPR payload as a QR code for a phone to scan, drawn as inline SVG (no data: URL, so the app's CSP stays as it is).
import { create } from 'qrcode';
import { useMemo } from 'react';
import { useI18n } from '../i18n/context.js';

/** The quiet zone around the code, in modules, as ISO/IEC 18004 asks. */
const QUIET = 4;

/** One SVG path with a unit square per dark module, row by row. */
export function qrPath(payload: string): { size: number; d: string } {
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  const squares: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) squares.push(`M${col + QUIET} ${row + QUIET}h1v1h-1z`);
    }
  }
  return { size: modules.size + 2 * QUIET, d: squares.join('') };
}

export function FingerprintQr({ payload }: { payload: string }) {
  const { t } = useI18n();
  const { size, d } = useMemo(() => qrPath(payload), [payload]);
  return (
    <figure className="fingerprint-qr" data-testid="key-qr">
      <svg viewBox={`0 0 ${size} ${size}`} width={size * 4} height={size * 4} role="img" aria-label={t('keys.qr.label')} shapeRendering="crispEdges" data-testid="key-qr-svg">
        <rect width={size} height={size} fill="#fff" />
        <path d={d} fill="#000" />
      </svg>
      <figcaption>
        <span className="muted">{t('keys.qr.caption')}</span> <code data-testid="key-qr-payload">{payload}</code>
      </figcaption>
    </figure>
  );
}
