// Packaging and launching: electron-builder.yml is a valid, hardened config, and npm start explains a missing Electron binary.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
// electron-builder's own YAML reader and schema check (dependencies of the electron-builder devDependency).
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { add(): void; isEnabled: boolean }): Promise<void>;
};

interface BuilderConfig {
  productName: string;
  files: string[];
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string };
  win: { target: string };
}

describe('electron-builder.yml', () => {
  const config = yaml.load(readFileSync(`${root}electron-builder.yml`, 'utf8')) as BuilderConfig;

  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, { add: () => undefined, isEnabled: false })).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, dmg and nsis, from dist/ and package.json, rebuilding native modules for Electron', () => {
    expect(config.productName).toBe('Sealmail');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json']));
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(true);
  });

  it('turns off running the app as Node and Node options/inspect switches', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });

  it('adds no postinstall that would fetch or rebuild anything', () => {
    const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(Object.keys(scripts)).not.toContain('postinstall');
  });
});

describe('scripts/start-electron.js', () => {
  const binaryInstalled = existsSync(`${root}node_modules/electron/path.txt`);

  it.skipIf(binaryInstalled)('says in one line that the binary is missing, how to get it, and points to npm run serve', async () => {
    const env = { ...process.env };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const run = promisify(execFile)(process.execPath, [`${root}scripts/start-electron.js`], { env, cwd: root });
    const failure = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stdout: string; stderr: string } | null;
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe('');
    const lines = failure?.stderr.trim().split('\n') ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron's binary is not installed.*npx install-electron.*ELECTRON_SKIP_BINARY_DOWNLOAD.*npm run serve/);
  });
});
