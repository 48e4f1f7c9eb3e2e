// selectsField / selectsPath (lib/subgraph/selection.ts) on real operations executed against a small
// schema shaped like a connection of models: direct fields, inline fragments and named fragments count;
// a path that stops short does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectsField, selectsPath } from './selection.js';

const schema = buildSchema(`
  type Query { models: ModelConnection! }
  type ModelConnection { edges: [ModelEdge!]! }
  type ModelEdge { node: Model! }
  type Model { id: ID! versions: [Version!]! }
  type Version { id: ID! }
`);
const PATH = [
  ['ModelConnection', 'edges'],
  ['ModelEdge', 'node'],
  ['Model', 'versions'],
] as const;

/** What selectsPath(PATH) and selectsField(edges) said inside the `models` resolver for `query`. */
async function asked(query: string): Promise<{ versions: boolean; edges: boolean }> {
  let seen = { versions: false, edges: false };
  const result = await graphql({
    schema,
    source: query,
    rootValue: {
      models: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        seen = { versions: selectsPath(info, PATH), edges: selectsField(info, 'ModelConnection', 'edges') };
        return { edges: [] };
      },
    },
  });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return seen;
}

test('a path asked for directly, through inline fragments or named fragments', async () => {
  assert.deepEqual(await asked('{ models { edges { node { id versions { id } } } } }'), {
    versions: true,
    edges: true,
  });
  assert.deepEqual(await asked('{ models { edges { ... on ModelEdge { node { ... { versions { id } } } } } } }'), {
    versions: true,
    edges: true,
  });
  assert.deepEqual(
    await asked(
      '{ models { ...C } } fragment C on ModelConnection { edges { node { ...M } } } fragment M on Model { versions { id } }',
    ),
    { versions: true, edges: true },
  );
});

test('a path not asked for: the last step missing, or the first', async () => {
  assert.deepEqual(await asked('{ models { edges { node { id } } } }'), { versions: false, edges: true });
  assert.deepEqual(await asked('{ models { __typename } }'), { versions: false, edges: false });
});
