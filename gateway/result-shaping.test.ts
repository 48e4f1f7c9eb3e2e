// The gateway's result shaping (result-shaping.ts) answers exactly as Apollo's computeResponse does: the
// same data (values, key order, merged selections) and the same errors (messages, paths), over the
// API schema and a small schema with an interface, a union and non-null lists, for each case below; and
// once installed, it is the function @apollo/gateway's executeQueryPlan calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'graphql';
import { buildSchema, operationFromDocument, type Schema } from '@apollo/federation-internals';
import { apolloComputeResponse, computeResponse, installResultShaping } from './result-shaping.js';

const api = buildSchema(readFileSync(new URL('../ui/src/gql/schema.graphql', import.meta.url), 'utf8'));

const small = buildSchema(`
  type Query { things: [Thing!]!  maybe: Thing  strict: Thing!  named: [Named]  counts: [Int!]  mood: Mood  pair: Pair }
  interface Named { name: String! }
  type Thing implements Named { id: ID!  name: String!  size: Int  mood: Mood!  parts: [Part!]  tags: [String]! }
  type Part implements Named { name: String!  weight: Float }
  union Pair = Thing | Part
  enum Mood { HAPPY SAD }
`);

/** Both functions on one query and answer; the answer is given fresh to each (shaping may merge into it). */
function same(
  schema: Schema,
  query: string,
  input: () => Record<string, unknown>,
  variables?: Record<string, unknown>,
) {
  const operation = operationFromDocument(schema, parse(query), { validate: true });
  const introspectionHandling = () => ({ introspected: true });
  const run = (f: typeof computeResponse) => {
    try {
      const { data, errors } = f({ operation, variables, input: input(), introspectionHandling });
      return { data: JSON.stringify(data), errors: errors.map((e) => ({ message: e.message, path: e.path })) };
    } catch (error) {
      return { thrown: (error as Error).message };
    }
  };
  const expected = run(apolloComputeResponse);
  assert.deepEqual(run(computeResponse), expected, query);
  return expected;
}

const thing = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `t${n}`,
  name: `thing ${n}`,
  size: n,
  mood: n % 2 ? 'HAPPY' : 'SAD',
  parts: [{ name: `p${n}`, weight: n / 2 }],
  tags: ['a', null],
  ...extra,
});

test('a lineage answer over the API schema: lists of nodes and edges, enums, aliases, a missing id', () => {
  const query = `query($id: ID!, $direction: LineageDirection!, $depth: Int!) {
    lineage(id: $id, direction: $direction, depth: $depth, first: 100) {
      truncated nodes { totalCount edges { node { id kind distance } } } edges { from to relationship }
      alias: truncated } }`;
  const variables = { id: 'x', direction: 'DOWNSTREAM', depth: 10 };
  const nodes = Array.from({ length: 50 }, (_, i) => ({
    node: { id: `n${i}`, kind: i % 3 ? 'DATASET_VERSION' : 'MODEL_VERSION', distance: i % 5 },
  }));
  const edges = Array.from({ length: 80 }, (_, i) => ({
    from: `n${i}`,
    to: `n${i + 1}`,
    relationship: 'DERIVED_FROM',
  }));
  const answer = same(
    api,
    query,
    () => ({
      lineage: { truncated: false, nodes: { totalCount: 50, edges: structuredClone(nodes) }, edges, alias: true },
    }),
    variables,
  );
  assert.ok(answer.data?.includes('"relationship":"DERIVED_FROM"'));
  same(api, query, () => ({ lineage: null }), variables);
  // A kind the enum does not have, and a distance that is not an Int: errors, null where allowed.
  same(
    api,
    query,
    () => ({
      lineage: {
        truncated: false,
        nodes: { totalCount: 1, edges: [{ node: { id: 'a', kind: 'NOPE', distance: 'far' } }] },
        edges: [],
      },
    }),
    variables,
  );
});

test('@skip and @include, by literal and by variable, on fields and fragments', () => {
  const query = `query($yes: Boolean!, $no: Boolean = false) {
    things { id name @skip(if: $yes) size @include(if: $no) mood @include(if: true) ... on Thing @skip(if: $no) { tags } } }`;
  for (const yes of [true, false])
    for (const no of [true, false, undefined])
      same(small, query, () => ({ things: [thing(1), thing(2)] }), { yes, ...(no === undefined ? {} : { no }) });
});

test('fragments: named and inline, on an interface and a union, with and without __typename in the answer', () => {
  const query = `query { named { __typename name ...T ... on Part { weight } } pair { ... on Thing { id } ...P __typename t2: __typename } }
    fragment T on Thing { id mood } fragment P on Part { name }`;
  same(small, query, () => ({
    named: [{ __typename: 'Thing', ...thing(1) }, { __typename: 'Part', name: 'p', weight: 1.5 }, null],
    pair: { __typename: 'Part', name: 'q' },
  }));
  same(small, query, () => ({ named: [{ __typename: 'Nope', name: 'x' }], pair: { name: 'q' } }));
  same(small, query, () => ({ named: [], pair: { __typename: 'Thing', id: 't' } }));
});

test('nulls: a non-null field bubbles to the nearest nullable parent, with one error; lists of non-null elements', () => {
  const query = `{ things { id name size parts { name weight } tags } maybe { id name } strict { id } counts }`;
  same(small, query, () => ({
    things: [thing(1), thing(2, { name: null })],
    maybe: { id: null, name: 'm' },
    strict: { id: 's' },
    counts: [1, 2],
  }));
  same(small, query, () => ({
    things: [thing(1, { parts: [{ name: null, weight: 1 }] })],
    maybe: null,
    strict: null,
    counts: [1, null],
  }));
  same(small, query, () => ({ things: null, maybe: {}, strict: { id: 3 }, counts: null }));
  same(small, query, () => ({ things: [thing(1, { tags: null })], maybe: null, strict: { id: 's' }, counts: ['x'] }));
  same(small, '{ mood things { mood } }', () => ({ mood: 'ANGRY', things: [thing(1, { mood: 'MEH' })] }));
});

test('the same response name selected twice merges; missing fields read as null; introspection is delegated', () => {
  same(
    small,
    `{ things { parts { name } parts { weight } id } things { name id } maybe { id } __schema { queryType { name } } }`,
    () => ({ things: [thing(1), thing(2)], maybe: {} }),
  );
  same(small, `{ strict { id } }`, () => ({}));
});

test('once installed, @apollo/gateway calls it', () => {
  const gatewayRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
  const shaping = gatewayRequire('./resultShaping.js') as { computeResponse: unknown };
  assert.equal(shaping.computeResponse, apolloComputeResponse);
  installResultShaping();
  assert.equal(shaping.computeResponse, computeResponse);
});
