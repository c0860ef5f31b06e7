// The message content: plain text in a <pre>, HTML only inside an empty-sandbox iframe with its own CSP.
import { buildMailSrcdoc, MAIL_FRAME_SANDBOX } from '../mail-frame.js';

interface Props {
  text: string | null;
  html: string | null;
  remoteContent: boolean;
}

export function MailContent({ text, html, remoteContent }: Props) {
  if (html !== null) {
    return (
      <iframe
        className="mail-frame"
        title="Message content"
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
      No content can be shown for this message.
    </p>
  );
}
