// The React side of the component tests: renders UI parts to static HTML in a language, without a DOM.
// Type-checked by renderer/tsconfig.json (DOM and JSX); the tests load it at run time through markup.ts.
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { CertificateView, KeyView, RecipientPolicy, SealmailApi, SecurityReport, ServerReviewView, Settings } from '../../app/contract/index.js';
import { I18nContext } from '../../renderer/i18n/context.js';
import { translator, type Language } from '../../renderer/i18n/translate.js';
import { ApiContext, RelockContext, type Problem } from '../../renderer/parts/call.js';
import { AttachmentList } from '../../renderer/parts/AttachmentList.js';
import { ErrorLine } from '../../renderer/parts/ErrorLine.js';
import { RecipientField } from '../../renderer/parts/RecipientField.js';
import { SecurityBanner } from '../../renderer/parts/SecurityBanner.js';
import { ServerReview } from '../../renderer/parts/ServerReview.js';
import { CertificateDetails } from '../../renderer/screens/Certificates.js';
import { KeyDetails } from '../../renderer/screens/Keys.js';
import { SettingsScreen } from '../../renderer/screens/SettingsScreen.js';

function render(element: ReactElement, language: Language): string {
  return renderToStaticMarkup(<I18nContext.Provider value={{ language, t: translator(language), setLanguage: () => undefined }}>{element}</I18nContext.Provider>);
}

export function securityBanner(report: SecurityReport, language: Language): string {
  return render(<SecurityBanner report={report} />, language);
}

export function recipientField(field: 'to' | 'cc' | 'bcc', addresses: string[], policy: RecipientPolicy | null, language: Language): string {
  return render(<RecipientField field={field} addresses={addresses} policy={policy} onChange={() => undefined} />, language);
}

export function errorLine(problem: Problem, language: Language, canRelock: boolean): string {
  return render(
    <RelockContext.Provider value={canRelock ? () => undefined : null}>
      <ErrorLine problem={problem} />
    </RelockContext.Provider>,
    language,
  );
}

export function serverReview(review: ServerReviewView, language: Language): string {
  return render(<ServerReview review={review} />, language);
}

/** The key manager's details of one key; static rendering runs no effect and no click, so the services are never called. */
export function keyDetails(key: KeyView, language: Language): string {
  const none = () => undefined;
  return render(
    <ApiContext.Provider value={{} as SealmailApi}>
      <KeyDetails keyView={key} onChanged={none} onError={none} onRevoke={none} onDelete={none} />
    </ApiContext.Provider>,
    language,
  );
}

/** The key manager's details of one S/MIME certificate, rendered statically like keyDetails. */
export function certificateDetails(cert: CertificateView, language: Language, deletable = true): string {
  const none = () => undefined;
  return render(
    <ApiContext.Provider value={{} as SealmailApi}>
      <CertificateDetails cert={cert} onError={none} onDistrust={none} onDelete={deletable ? none : null} />
    </ApiContext.Provider>,
    language,
  );
}

/** The settings screen with these settings and no account, rendered statically: no service is called. */
export function settingsScreen(settings: Settings, language: Language): string {
  const none = () => undefined;
  return render(
    <ApiContext.Provider value={{} as SealmailApi}>
      <SettingsScreen accounts={[]} settings={settings} onAccountsChanged={none} onSettingsChanged={none} onAddAccount={none} />
    </ApiContext.Provider>,
    language,
  );
}

/** A message's attachment list; `imported`: the keys an import from it added. Static: no button is pressed. */
export function attachmentList(report: SecurityReport, keyAttachments: number[], imported: KeyView[] | null, language: Language): string {
  const none = () => undefined;
  return render(<AttachmentList attachments={report.attachments} keyAttachments={keyAttachments} imported={imported} onSave={none} onImportKey={none} onOpenKeys={none} />, language);
}
