// Builds the CLI once per test run into a private folder, so CLI tests exercise the real compiled
// `bin/sealmail.js` without racing other builds (or other test runs) that rewrite the shared dist/.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of this run's copy of bin/sealmail.js, next to its own dist/. */
    sealmailBin: string;
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function buildOnce(project: TestProject): Promise<() => Promise<void>> {
  // Inside node_modules so that the build resolves the project's dependencies by walking up.
  const out = join(root, 'node_modules', '.cache', 'sealmail-test', `${process.pid}-${Date.now()}`);
  await mkdir(join(out, 'bin'), { recursive: true });
  try {
    await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', join(out, 'dist')], {
      cwd: root,
    });
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string };
    throw new Error(`the build failed, so the CLI cannot be tested:\n${stdout}${stderr}`, { cause: e });
  }
  // Node stops looking for "type": "module" at node_modules boundaries, so state it here.
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
  await copyFile(join(root, 'bin', 'sealmail.js'), join(out, 'bin', 'sealmail.js'));
  project.provide('sealmailBin', join(out, 'bin', 'sealmail.js'));
  return () => rm(out, { recursive: true, force: true });
}
