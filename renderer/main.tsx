// Entry point: connect to the services, then render the app; a failure to connect is one line, not a blank page.
import { Component, StrictMode, type ContextType, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadApi } from './api.js';
import { App } from './App.js';
import { I18nContext } from './i18n/context.js';
import { LanguageProvider } from './i18n/LanguageProvider.js';
import { languageFrom, translator } from './i18n/translate.js';
import { ApiContext } from './parts/call.js';

/** Keeps a rendering bug from blanking the window: it shows one line and a way back. */
class Boundary extends Component<{ children: ReactNode }, { message: string | null }> {
  static override contextType = I18nContext;
  declare context: ContextType<typeof I18nContext>;
  override state = { message: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { message: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    if (this.state.message === null) return this.props.children;
    return (
      <main className="center-card">
        <p className="error-line" role="alert" data-testid="error">
          {this.context.t('app.crashed', { message: this.state.message })}
        </p>
        <button type="button" onClick={() => this.setState({ message: null })}>
          {this.context.t('app.tryAgain')}
        </button>
      </main>
    );
  }
}

const root = createRoot(document.getElementById('root') as HTMLElement);
// Until the settings can be read (after unlock), the browser's languages decide.
const initialLanguage = languageFrom(navigator.languages);

loadApi().then(
  (api) =>
    root.render(
      <StrictMode>
        <ApiContext.Provider value={api}>
          <LanguageProvider initial={initialLanguage}>
            <Boundary>
              <App />
            </Boundary>
          </LanguageProvider>
        </ApiContext.Provider>
      </StrictMode>,
    ),
  (e: unknown) =>
    root.render(
      <main className="center-card">
        <p className="error-line" role="alert" data-testid="error">
          {translator(initialLanguage)('app.noServices', { message: e instanceof Error ? e.message : String(e) })}
        </p>
      </main>,
    ),
);
