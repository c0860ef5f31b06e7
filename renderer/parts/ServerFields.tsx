// Host, port and security of one server; only TLS and STARTTLS exist, there is no plain choice.
import type { ServerSettingView } from '../../app/contract/index.js';
import { useI18n } from '../i18n/context.js';

const DEFAULT_PORTS = { imap: { tls: 993, starttls: 143 }, smtp: { tls: 465, starttls: 587 } } as const;

interface Props {
  kind: 'imap' | 'smtp';
  value: ServerSettingView;
  onChange: (value: ServerSettingView) => void;
}

export function ServerFields({ kind, value, onChange }: Props) {
  const { t } = useI18n();
  const ports = DEFAULT_PORTS[kind];
  const title = t(kind === 'imap' ? 'server.imap' : 'server.smtp');
  return (
    <fieldset className="server-fields" data-testid={`server-${kind}`}>
      <legend>{title}</legend>
      <label>
        {t('server.host')}
        <input type="text" value={value.host} onChange={(e) => onChange({ ...value, host: e.target.value.trim() })} data-testid={`${kind}-host`} />
      </label>
      <label>
        {t('server.port')}
        <input type="number" min={1} max={65535} value={value.port} onChange={(e) => onChange({ ...value, port: Number(e.target.value) })} data-testid={`${kind}-port`} />
      </label>
      <label>
        {t('server.security')}
        <select
          value={value.security}
          onChange={(e) => {
            const security = e.target.value === 'starttls' ? 'starttls' : 'tls';
            // Follow the standard port when the user had the other standard port.
            const port = value.port === ports.tls || value.port === ports.starttls ? ports[security] : value.port;
            onChange({ ...value, security, port });
          }}
          data-testid={`${kind}-security`}
        >
          <option value="tls">TLS</option>
          <option value="starttls">STARTTLS</option>
        </select>
      </label>
    </fieldset>
  );
}

export function defaultServer(kind: 'imap' | 'smtp', domain: string): ServerSettingView {
  return { host: domain ? `mail.${domain}` : '', port: DEFAULT_PORTS[kind].tls, security: 'tls' };
}
