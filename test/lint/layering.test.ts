// The layering rules of STYLE.md are only real if the linter refuses code that breaks them.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering enforced by ESLint', () => {
  it('keeps crypto/ pure: no app/, no renderer/, no Node I/O, no Electron, no DOM', async () => {
    expect(await ruleIds('crypto/probe.ts', "import { open } from '../app/keyring.js';\nexport const x = open;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('crypto/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('crypto/probe.ts', "import { connect } from 'net';\nexport const x = connect;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('crypto/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('crypto/probe.ts', 'export const x = document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('crypto/probe.ts', "import { seal } from './seal.js';\nexport const x = seal;\n")).toEqual([]);
  });

  it('lets renderer/ see app/ only through import type', async () => {
    expect(await ruleIds('renderer/probe.ts', "import { openKeyring } from '../app/keyring.js';\nexport const x = openKeyring;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await ruleIds('renderer/probe.ts', "import type { Keyring } from '../app/keyring.js';\nexport type X = Keyring;\n")).toEqual([]);
  });

  it('keeps app/ from importing the UI', async () => {
    expect(await ruleIds('app/probe.ts', "import { App } from '../renderer/App.js';\nexport const x = App;\n")).toContain('no-restricted-imports');
  });

  it('keeps Electron inside app/electron/', async () => {
    expect(await ruleIds('app/cli/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('app/electron/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });
});
