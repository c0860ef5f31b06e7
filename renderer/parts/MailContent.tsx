// The message content: plain text in a <pre>, HTML only inside an empty-sandbox iframe with its own CSP.
import { useI18n } from '../i18n/context.js';
import { buildMailSrcdoc, MAIL_FRAME_SANDBOX } from '../mail-frame.js';

interface Props {
  text: string | null;
  html: string | null;
  remoteContent: boolean;
}

export function MailContent({ text, html, remoteContent }: Props) {
  const { t } = useI18n();
  if (html !== null) {
    return (
      <iframe
        className="mail-frame"
        title={t('message.contentFrame')}
        data-testid="mail-html"
        sandbox={MAIL_FRAME_SANDBOX}
        referrerPolicy="no-referrer"
        srcDoc={buildMailSrcdoc(html, { remoteContent })}
      />
    );
  }
  if (text !== null) {
    return (
      <pre className="mail-text" data-testid="mail-text">
        {text}
      </pre>
    );
  }
  return (
    <p className="mail-empty" data-testid="mail-empty">
      {t('message.noContent')}
    </p>
  );
}
