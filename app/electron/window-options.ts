// The main window's options: every web preference that keeps hostile mail away from Node and the OS.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The argument that tells the preload which methods to expose (a sandboxed preload cannot import the contract). */
export const METHODS_ARGUMENT = '--sealmail-methods=';

/** The additional renderer argument carrying the contract's method list: "service.method" names, comma-separated. */
export function methodsArgument(methods: readonly string[]): string {
  for (const method of methods) {
    if (!/^[a-z]+\.[A-Za-z]+$/.test(method)) throw new Error(`not a contract method name: ${method}`);
  }
  return METHODS_ARGUMENT + methods.join(',');
}

/** `devTools` only for an unpackaged (development) run. */
export function mainWindowOptions(options: { preload: string; methods: readonly string[]; devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 480,
    title: 'Sealmail',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preload,
      additionalArguments: [methodsArgument(options.methods)],
      // The page gets the contract through contextBridge and nothing else.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Chromium's spellchecker downloads dictionaries from Google on Linux and Windows: no remote loads.
      spellcheck: false,
      safeDialogs: true,
      autoplayPolicy: 'user-gesture-required',
      enableWebSQL: false,
      devTools: options.devTools,
    },
  };
}
