// Lint config: besides style, it enforces the layering described in ../shared/STYLE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'http2', 'dgram', 'dns', 'child_process',
  'cluster', 'worker_threads', 'os', 'path', 'process', 'stream', 'readline', 'crypto', 'buffer',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['crypto/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron'].map((name) => ({
            name,
            message: 'crypto/ is pure: no Node I/O, no Electron. Bytes in, bytes out.',
          })),
          patterns: [
            { group: ['**/app', '**/app/**'], message: 'crypto/ is pure: it must not import app/.' },
            { group: ['**/renderer', '**/renderer/**'], message: 'crypto/ is pure: it must not import renderer/.' },
            { group: ['node:*'], message: 'crypto/ is pure: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'crypto/ is pure: no Electron.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'fetch', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)app(/(?!contract(/|$))|$)',
              message: 'renderer/ reaches app/ only through the contract (app/contract/), with `import type`.',
            },
            {
              regex: '(^|/)app/contract(/|$)',
              allowTypeImports: true,
              message: 'renderer/ reaches app/ only through the contract, with `import type`.',
            },
            { regex: '(^|/)crypto(/|$)', message: 'renderer/ never imports crypto/: it sees reports through the contract.' },
            { group: ['node:*', 'electron', 'electron/*'], message: 'renderer/ runs in the page: no Node, no Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['app/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Electron is imported only under app/electron/.' }],
          patterns: [{ group: ['**/renderer', '**/renderer/**'], message: 'Only the UI lives in renderer/; nothing imports it.' }],
        },
      ],
    },
  },
  {
    // The renderer's pure helpers are unit-tested here; the rest of test/ still may not import the UI.
    files: ['test/renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Electron is imported only under app/electron/.' }] }],
    },
  },
);
