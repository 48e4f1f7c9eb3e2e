import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { subgraphs } from '../subgraphs/index.js';
import { planComposition } from './compose-lib.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('the committed SDL files and supergraph match the code', () => {
  const plan = planComposition(subgraphs, root);
  assert.deepEqual(plan.errors, []);
  assert.deepEqual(
    plan.stale.map((o) => relative(root, o.path)),
    [],
  );
});

test('a subgraph change that was not recomposed is reported as drift', () => {
  const assets = subgraphs.find((s) => s.name === 'assets')!;
  const changedSdl = printSubgraphSchema(assets.schema).replace(
    'type Query {',
    'type Query {\n  addedButNotRecomposed: Int',
  );
  const changed = { ...assets, schema: buildSubgraphSchema(parse(changedSdl)) };
  const plan = planComposition([changed], root);
  assert.deepEqual(plan.stale.map((o) => relative(root, o.path)).sort(), [
    'gateway/supergraph.graphql',
    'subgraphs/assets/schema.graphql',
    // The API schema the portal's typed operations are generated against.
    'ui/src/gql/schema.graphql',
  ]);
});
