// The import map between the repository's areas is a strict layering, checked on every relative import,
// re-export and dynamic import (type-only ones too: a type from a sibling is still a dependency on it).
//
//   lib/ → graph-schema/ → domain/ → subgraphs/<name>/, workflows/, gateway/ → subgraphs/index.ts
//        → scripts/ → bench/ → test/
//
// An area may import itself and the areas its row in ALLOWED names, nothing else; the rows only name
// areas further down, so the map has no cycles (the unit test checks that too). Two subgraphs never
// import each other and subgraphs and workflows never import each other: what both need lives in
// domain/. Unit tests beside product code (*.test.ts) may also import test/helpers/.
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const PRODUCT = ['lib', 'graph-schema', 'domain', 'subgraphs/*', 'subgraphs', 'workflows', 'gateway'];

/** area → the other areas it may import ('subgraphs/*' stands for every subgraph). */
export const ALLOWED = {
  lib: [],
  'graph-schema': ['lib'],
  domain: ['lib', 'graph-schema'],
  'subgraphs/*': ['lib', 'graph-schema', 'domain'],
  workflows: ['lib', 'graph-schema', 'domain'],
  gateway: ['lib', 'graph-schema', 'domain'],
  // subgraphs/index.ts runs every subgraph in one process: the composition root.
  subgraphs: ['lib', 'graph-schema', 'domain', 'subgraphs/*'],
  scripts: PRODUCT,
  bench: [...PRODUCT, 'scripts'],
  test: [...PRODUCT, 'scripts', 'bench'],
};

const HINTS = {
  lib: 'lib/ is the bottom layer: move the code into lib/, or take it as a parameter',
  'graph-schema': 'graph-schema/ builds on lib/ only',
  domain: 'domain/ builds on lib/ and graph-schema/ only',
  'subgraphs/*': 'move shared code to domain/',
  workflows: 'move shared code to domain/',
  gateway: 'the gateway reaches subgraphs over HTTP, not by import; shared code belongs in lib/',
  subgraphs: 'move shared code to domain/',
  scripts: 'move the shared fixture down into scripts/',
  bench: 'move the shared fixture down into scripts/',
  test: '',
};

/**
 * The area of a repository-relative path: 'subgraphs/<name>' inside a subgraph's folder, 'subgraphs'
 * for files directly under subgraphs/, the top-level folder otherwise; null outside the layered areas
 * (ui/, eslint-rules/, files at the root), which the rule leaves alone.
 */
export function areaOf(repoPath) {
  const parts = repoPath.split(/[\\/]/);
  if (parts.length < 2 || parts[0] === '..' || parts[0] === '') return null;
  if (parts[0] === 'subgraphs') {
    const isFolder = parts.length > 2 || !/\.[cm]?[jt]sx?$/.test(parts[1]);
    return isFolder ? `subgraphs/${parts[1]}` : 'subgraphs';
  }
  return parts[0] in ALLOWED ? parts[0] : null;
}

const rowOf = (area) => (area.startsWith('subgraphs/') ? 'subgraphs/*' : area);

/** Why `from` may not import `to`, or null when it may. */
export function violation(fromPath, toPath) {
  const from = areaOf(fromPath);
  const to = areaOf(toPath);
  if (from === null || to === null || from === to) return null;
  const allowed = ALLOWED[rowOf(from)];
  if (allowed.includes(to) || (to.startsWith('subgraphs/') && allowed.includes('subgraphs/*'))) return null;
  // Unit tests beside product code share test/helpers/ with the integration tests.
  const isUnitTest = /\.test\.[cm]?[jt]sx?$/.test(fromPath);
  if (isUnitTest && to === 'test' && toPath.split(/[\\/]/)[1] === 'helpers') return null;
  const hint = HINTS[rowOf(from)];
  return `${from} may not import ${to} (${toPath})${hint ? `: ${hint}` : ''}`;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'keep the import map between areas (lib, graph-schema, domain, subgraphs, workflows, gateway, scripts, bench, test) a strict layering',
    },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { boundary: '{{reason}}' },
  },
  create(context) {
    const root = context.options[0]?.root ?? repoRoot;
    const fromPath = relative(root, context.filename);
    if (isAbsolute(fromPath) || fromPath.startsWith('..') || areaOf(fromPath) === null) return {};
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.'))
        return;
      const toPath = relative(root, resolve(dirname(context.filename), source.value))
        .split(sep)
        .join('/');
      const reason = violation(fromPath.split(sep).join('/'), toPath);
      if (reason) context.report({ node: source, messageId: 'boundary', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // import x = require('…') in TypeScript
      TSExternalModuleReference: (node) => check(node.expression),
    };
  },
};

export default { meta: { name: 'plinth-area-boundaries' }, rules: { 'area-boundaries': rule } };
