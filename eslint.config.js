// Lint: typescript-eslint everywhere; the areas import each other in layers only (area-boundaries);
// workflow files additionally must stay deterministic — no Node builtins, no graph driver or
// repositories, activities imported as types only, no floating promises.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import areaBoundaries from './eslint-rules/area-boundaries.js';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
  'process',
  'timers',
  'dns',
  'stream',
  'zlib',
  'url',
  'util',
  'events',
  'readline',
  'cluster',
  'tls',
  'dgram',
];

// The domain/ modules workflow code may import: pure, deterministic, no I/O.
const deterministicDomain = [
  'domain/random.ts',
  'domain/*/shared.ts',
  'domain/automl/search.ts',
  'domain/deployment/health.ts',
  'domain/labeling/active-shared.ts',
  'domain/labeling/pre-annotate-shared.ts',
];
/** The same files as import specifiers (below domain/, .js, * for one folder), as a regex alternation. */
const deterministicDomainImports = deterministicDomain
  .map((file) => file.slice('domain/'.length).replace(/\.ts$/, '.js').replace(/\./g, '\\.').replace('*', '[^/]+'))
  .join('|');

export default tseslint.config(
  { ignores: ['node_modules/**', '.scratch/**', 'ui/dist/**', 'ui/src/gql/**', 'bench/results/**', '**/*.graphql'] },
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
  // The portal: browser code, React's rules of hooks (a hook called conditionally breaks state silently).
  {
    files: ['ui/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // The layering between areas (eslint-rules/area-boundaries.js): lib → graph-schema → domain →
  // subgraphs/<name>, workflows, gateway → scripts → bench → test; no sibling subgraph, no cycle.
  {
    files: ['**/*.ts', '**/*.js'],
    plugins: { plinth: areaBoundaries },
    rules: { 'plinth/area-boundaries': 'error' },
  },
  {
    // Workflow files, and the domain/ modules they import (contracts, search, health rules, seeded
    // randomness): the Temporal bundle holds them all, so they all follow the same rules.
    files: ['workflows/**/workflows.ts', 'workflows/**/workflows/*.ts', ...deterministicDomain],
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
            {
              group: ['**/activities', '**/activities.js', '**/activities/*'],
              allowTypeImports: true,
              message: 'import activities as types and call them through proxyActivities',
            },
            {
              group: ['**/lib/graph/**', '**/repository/**', '**/lib/config*'],
              message: 'workflows hold no I/O: no repositories or driver',
            },
            {
              regex: `(^|/)domain/(?!(${deterministicDomainImports})$)`,
              message:
                'of domain/, workflow code imports only the deterministic modules (eslint.config.js deterministicDomain): clients and stores do I/O',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'no I/O in workflow code' },
        { name: 'setInterval', message: 'use workflow sleep' },
      ],
    },
  },
);
