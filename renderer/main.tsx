// Entry point: connect to the services, then render the app; a failure to connect is one line, not a blank page.
import { Component, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadApi } from './api.js';
import { App } from './App.js';
import { ApiContext } from './parts/call.js';

/** Keeps a rendering bug from blanking the window: it shows one line and a way back. */
class Boundary extends Component<{ children: ReactNode }, { message: string | null }> {
  override state = { message: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { message: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    if (this.state.message === null) return this.props.children;
    return (
      <main className="center-card">
        <p className="error-line" role="alert" data-testid="error">
          Something went wrong in this screen: {this.state.message}
        </p>
        <button type="button" onClick={() => this.setState({ message: null })}>
          Try again
        </button>
      </main>
    );
  }
}

const root = createRoot(document.getElementById('root') as HTMLElement);

loadApi().then(
  (api) =>
    root.render(
      <StrictMode>
        <ApiContext.Provider value={api}>
          <Boundary>
            <App />
          </Boundary>
        </ApiContext.Provider>
      </StrictMode>,
    ),
  (e: unknown) =>
    root.render(
      <main className="center-card">
        <p className="error-line" role="alert" data-testid="error">
          Could not connect to the Sealmail services: {e instanceof Error ? e.message : String(e)}
        </p>
      </main>,
    ),
);
