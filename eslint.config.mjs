// Lint rules that keep the layers apart (see ../shared/reference/aesthetics.md §4).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const builtinPatterns = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`)];

// db/ is the one door to the database: outside db/ and bin/ (and test/ fixtures, bench/'s generator) nothing imports
// knex, not even its types; services and activities receive repositories (db/index.ts createRepositories).
const noKnex = { group: ['knex'], message: 'SQL lives in db/: use its repositories (db/index.ts), not knex.' };
const activitiesNoWeb = {
  group: ['../web/*', '../../web/*', 'express'],
  message: 'activities/ and db/ do not depend on web/.',
};
const webPatterns = [
  {
    regex: '^(\\.\\./)+workflows/(?!search-attributes$)[^/]+/(?!messages$)[^/]+$',
    allowTypeImports: true,
    message: 'web/ imports only workflows/*/messages (or types).',
  },
  {
    group: ['../activities/*', '../../activities/*', '../../../activities/*'],
    allowTypeImports: true,
    message: 'web/ does not call activities.',
  },
  { group: ['@temporalio/worker'], message: 'web/ never runs a worker.' },
];
// The 居宅届 service and activities still hold their SQL until it moves to db/plan-notifications.ts (the "plan"
// change); remove this exemption with it.

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'jest.config.js',
      'jest.cluster.config.js',
      'test/summary-reporter.js',
      'web/public/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // Forgetting to await an Activity, an Update or a knex query is a bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Pure rules: nothing from the framework layers, no I/O.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPatterns,
          patterns: [
            {
              group: ['@temporalio/*', 'express', 'knex', 'handlebars', 'pg', 'sqlite3'],
              message: 'domain/ is pure: no framework or I/O imports.',
            },
            {
              group: [
                '../web/*',
                '../db/*',
                '../activities/*',
                '../workflows/*',
                '../../web/*',
                '../../db/*',
                '../../activities/*',
                '../../workflows/*',
              ],
              message: 'domain/ imports nothing outside domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O layers.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPatterns,
          patterns: [
            {
              group: [
                'knex',
                'express',
                'handlebars',
                'pg',
                'sqlite3',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflows are deterministic: do I/O in activities.',
            },
            {
              group: ['../../web/*', '../../db/*', '../web/*', '../db/*'],
              message: 'Workflows do not import the web or db layers.',
            },
            {
              group: ['../../activities', '../../activities/*', '../activities', '../activities/*'],
              allowTypeImports: true,
              message: 'Workflows import activities by type only (proxyActivities).',
            },
          ],
        },
      ],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Activities do I/O but never reach into the web layer; their SQL is in db/.
    files: ['activities/**/*.ts', 'db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [activitiesNoWeb, noKnex] }] },
  },
  {
    files: ['db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [activitiesNoWeb] }] },
  },
  {
    files: ['scripts/**/*.ts', 'lib/**/*.ts', 'config/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noKnex] }] },
  },
  {
    // The web layer talks to workflows only through their contracts (messages.ts) or by type, and to the database
    // only through services.
    files: ['web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...webPatterns, noKnex] }],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'max-lines-per-function': 'off',
    },
  },
);
