// Lint: typescript-eslint everywhere; workflow files additionally must stay deterministic — no Node
// builtins, no graph driver or repositories, activities imported as types only, no floating promises.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'process',
  'timers', 'dns', 'stream', 'zlib', 'url', 'util', 'events', 'readline', 'cluster', 'tls', 'dgram',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui/dist/**', 'bench/results/**', '**/*.graphql'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  { files: ['ui/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['workflows/**/workflows.ts', 'workflows/**/workflows/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [
              { name, message: 'workflow code must be deterministic: do I/O in an activity' },
              { name: `node:${name}`, message: 'workflow code must be deterministic: do I/O in an activity' },
            ]),
            { name: 'neo4j-driver', message: 'the graph is reached through activities only' },
          ],
          patterns: [
            { group: ['**/activities', '**/activities.js', '**/activities/*'], allowTypeImports: true, message: 'import activities as types and call them through proxyActivities' },
            { group: ['**/lib/graph/**', '**/repository/**', '**/lib/config*'], message: 'workflows hold no I/O: no repositories or driver' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'no I/O in workflow code' }, { name: 'setInterval', message: 'use workflow sleep' }],
    },
  },
);
