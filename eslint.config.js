// The runtime fences of STYLE.md habit 1 live here, as lint rules, not in a README.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import security from 'eslint-plugin-security';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'stream', 'zlib'];
// RELIABILITY case 4: the shipped code, and the canary that proves the rules still bite
// (the canary is ignored by the normal lint; test/main/electron/eslintSecurity.test.ts lints it).
const SECURITY_FILES = ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'test/security-canary/**/*.js'];
const fence = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message })), patterns: patterns.map((group) => ({ group: [group], message })) },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test/electron-canary/**', 'test/security-canary/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Stripping control characters from hostile post text is deliberate, not a typo.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: SECURITY_FILES,
    plugins: { security },
    rules: {
      ...Object.fromEntries(Object.keys(security.configs.recommended.rules).map((rule) => [rule, 'error'])),
      // ~300 hits, each a typed index (typed arrays, Records keyed by unions); outside input is zod-parsed first.
      'security/detect-object-injection': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: fence(
      ['electron', 'react', 'better-sqlite3', 'ws', ...NODE_BUILTINS.filter((n) => !n.includes('*'))],
      ['node:*', '**/main/**', '**/renderer/**'],
      'shared/ is used by main and renderer alike: no electron, node, DOM-only or side-specific imports.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...fence(
        ['electron', 'better-sqlite3', 'ws', 'electron-store', ...NODE_BUILTINS.filter((n) => !n.includes('*'))],
        ['node:*', '**/main/**'],
        'The renderer talks to the engine only through the typed client in shared/contract.',
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: fence(
      ['electron', 'electron-store', 'react', 'react-dom'],
      ['**/renderer/**', '**/electron/**'],
      'Only main/electron may import electron: the engine must run in plain Node.',
    ),
  },
  {
    files: ['main/electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|(\\.\\./)+shared/)',
              message: 'The preload may import only electron (contextBridge, ipcRenderer) and shared/.',
            },
          ],
        },
      ],
    },
  },
);
