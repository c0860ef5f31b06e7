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

  it('lets renderer/ see app/ only through import type of the contract', async () => {
    const rule = '@typescript-eslint/no-restricted-imports';
    expect(await ruleIds('renderer/probe.ts', "import { openKeyring } from '../app/keyring.js';\nexport const x = openKeyring;\n")).toContain(rule);
    expect(await ruleIds('renderer/probe.ts', "import type { Keyring } from '../app/keyring.js';\nexport type X = Keyring;\n")).toContain(rule);
    expect(await ruleIds('renderer/screens/probe.tsx', "import type { Store } from '../../app/store/store.js';\nexport type X = Store;\n")).toContain(rule);
    expect(await ruleIds('renderer/probe.ts', "import { METHODS } from '../app/contract/schemas.js';\nexport const x = METHODS;\n")).toContain(rule);
    expect(await ruleIds('renderer/probe.ts', "import type { SecurityReport } from '../crypto/report.js';\nexport type X = SecurityReport;\n")).toContain(rule);
    expect(await ruleIds('renderer/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain(rule);
    expect(await ruleIds('renderer/probe.ts', "import type { SealmailApi } from '../app/contract/index.js';\nexport type X = SealmailApi;\n")).toEqual([]);
    expect(await ruleIds('renderer/screens/probe.tsx', "import type { KeyView } from '../../app/contract/index.js';\nexport type X = KeyView;\n")).toEqual([]);
  });

  it('lets only test/renderer/ import the UI, to unit-test its pure helpers', async () => {
    expect(await ruleIds('test/renderer/probe.test.ts', "import { groupFingerprint } from '../../renderer/fingerprint.js';\nexport const x = groupFingerprint;\n")).toEqual([]);
    expect(await ruleIds('test/app/probe.test.ts', "import { groupFingerprint } from '../../renderer/fingerprint.js';\nexport const x = groupFingerprint;\n")).toContain('no-restricted-imports');
  });

  it('keeps app/ from importing the UI', async () => {
    expect(await ruleIds('app/probe.ts', "import { App } from '../renderer/App.js';\nexport const x = App;\n")).toContain('no-restricted-imports');
  });

  it('keeps Electron inside app/electron/', async () => {
    expect(await ruleIds('app/cli/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('app/electron/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });
});
