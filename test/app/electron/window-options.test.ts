// The main window's web preferences: the page never gets Node, and hostile mail never gets more than a browser tab.
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../../app/contract/schemas.js';
import { applicationMenu } from '../../../app/electron/menu.js';
import { mainWindowOptions, methodsArgument } from '../../../app/electron/window-options.js';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions({ preload: '/opt/Sealmail/preload.cjs', methods: METHODS, devTools: false });
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the page, without Node anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Dictionary downloads would be a remote request.
      spellcheck: false,
    });
  });

  it('loads the preload and hands it the contract method list', () => {
    expect(prefs.preload).toBe('/opt/Sealmail/preload.cjs');
    expect(prefs.additionalArguments).toEqual([methodsArgument(METHODS)]);
  });

  it('has developer tools only in a development run', () => {
    expect(prefs.devTools).toBe(false);
    expect(mainWindowOptions({ preload: '/p', methods: METHODS, devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('has no option that would loosen the above', () => {
    expect(Object.keys(prefs)).not.toContain('enableRemoteModule');
    expect(Object.keys(prefs)).not.toContain('enableBlinkFeatures');
    expect(Object.keys(prefs)).not.toContain('partition');
  });
});

describe('applicationMenu', () => {
  const labels = (platform: NodeJS.Platform) => applicationMenu({ platform, development: false }).map((m) => m.label ?? m.role);

  it('has File, Edit, View, Window and Help, plus the app menu on macOS', () => {
    expect(labels('linux')).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
    expect(labels('win32')).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
    expect(labels('darwin')).toEqual(['Sealmail', 'File', 'Edit', 'View', 'Window', 'help']);
  });

  it('uses standard roles only, and offers reload and developer tools only in development', () => {
    const roles = (development: boolean) =>
      applicationMenu({ platform: 'linux', development }).flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []).map((item) => item.role ?? item.type));
    for (const item of applicationMenu({ platform: 'darwin', development: true }).flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []))) {
      expect(item.click).toBeUndefined();
    }
    expect(roles(false)).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'selectAll', 'zoomIn', 'minimize', 'about']));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });
});
