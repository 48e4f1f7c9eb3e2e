// The cost model of lib/graphql/cost.ts on a small schema shaped like lineage's: the numbers the header
// explains, worked out by hand here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { AUDIT_CHAIN_COST, queryCost, tooCostly } from './cost.js';
import { config } from '../config.js';

const schema = buildSchema(`
  type Query {
    lineage(id: ID!, first: Int = 20): Graph
    models(first: Int = 20): ModelConnection!
    verifyAuditChain(fromSeq: Int, toSeq: Int): ChainReport!
  }
  type ChainReport { intact: Boolean! checked: Int! }
  type Graph { root: Node! nodes: NodeConnection! edges: [Edge!]! truncated: Boolean! }
  type NodeConnection { totalCount: Int! pageInfo: PageInfo! edges: [NodeEdge!]! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type NodeEdge { cursor: String! node: Node! }
  type Node { id: ID! kind: String! name: String! distance: Int! properties: String tags: [String!]! }
  type Edge { from: ID! to: ID! relationship: String! }
  type ModelConnection { edges: [ModelEdge!]! }
  type ModelEdge { node: Model! }
  type Model { id: ID! versions: [Version!]! }
  type Version { id: ID! }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return queryCost(schema, document, op, variables);
};

const LINEAGE = (first: string) => `query($n: Int) { lineage(id: "x", first: ${first}) {
  root { id kind }
  nodes { totalCount pageInfo { hasNextPage } edges { node { id kind name distance properties tags } } }
  edges { from to relationship }
  truncated
} }`;

test('a lineage page: the page size multiplies the lists under it, not the page-level fields', () => {
  // root 2+2; nodes 2 + totalCount 1 + pageInfo 2+1 + edges 100 x (2 + node 2+6); edges 100 x (2+3); truncated 1
  const expected = 2 + (2 + 2) + (2 + 1 + 3 + 100 * (2 + 8)) + 100 * (2 + 3) + 1;
  assert.equal(expected, 1513);
  assert.equal(cost(LINEAGE('100')).cost, expected);
  assert.deepEqual(cost(LINEAGE('100')).costliestPage, { path: 'lineage', items: 100, cost: expected });
  // A variable page costs what the literal does; no `first` is the schema's default of 20.
  assert.equal(cost(LINEAGE('$n'), { n: 100 }).cost, expected);
  assert.equal(cost(LINEAGE('$n')).cost, 2 + 4 + (6 + 20 * 10) + 20 * 5 + 1);
});

test('an unpaged list of objects under a page counts DEFAULT_LIST_ITEMS (10) per item; a list of scalars counts 1', () => {
  // models 2 + edges 50 x (2 + node 2 + id 1 + versions 10 x (2 + 1))
  assert.equal(cost('{ models(first: 50) { edges { node { id versions { id } } } } }').cost, 2 + 50 * (2 + 2 + 1 + 30));
});

test('fragments are priced where they are spread; introspection is not priced', () => {
  const inline = cost('{ models(first: 5) { edges { node { ... on Model { id } } } } }').cost;
  const spread = cost('{ models(first: 5) { edges { node { ...M } } } } fragment M on Model { id }').cost;
  assert.equal(inline, 2 + 5 * (2 + 2 + 1));
  assert.equal(spread, inline);
  assert.equal(cost('{ __schema { types { name } } }').cost, 0);
});

test('the refusal names the limit, the cost and the page size that would fit', () => {
  const report = cost('{ models(first: 100) { edges { node { id versions { id } } } } }');
  assert.equal(report.cost, 2 + 100 * 35);
  const error = tooCostly(report, 1000);
  assert.deepEqual(error.extensions, { code: 'QUERY_TOO_COSTLY', cost: 3502, limit: 1000, http: { status: 400 } });
  // 100 items x 1000 / 3502 → 28 (28 x 35 + 2 = 982).
  assert.match(error.message, /^Query too costly: its cost is 3502, over the limit of 1000 \(GRAPHQL_MAX_COST\); /);
  assert.match(
    error.message,
    /ask for fewer items \(first: 28 or less on models, then page with after\) or fewer fields/,
  );
  assert.ok(cost('{ models(first: 28) { edges { node { id versions { id } } } } }').cost <= 1000);
});

test('a variable not given is priced at its declared default, then the field default; null is the field default', () => {
  // issue #15: `$n: Int = 100` with no value for $n was priced as no page size (the field's 20), so a
  // 100-item page passed that the same query with {n: 100} was refused.
  const hundred = cost(LINEAGE('100')).cost;
  const withDefault = (first: string) => LINEAGE(first).replace('query($n: Int)', 'query($n: Int = 100)');
  assert.equal(cost(withDefault('$n')).cost, hundred);
  assert.equal(cost(withDefault('$n'), { n: 5 }).cost, cost(LINEAGE('5')).cost);
  // Given as null: the resolvers read null as the field's default (20), and so is it priced.
  assert.equal(cost(withDefault('$n'), { n: null }).cost, cost(LINEAGE('20')).cost);
  // No default declared, none given: the field's default.
  assert.equal(cost(LINEAGE('$n')).cost, cost(LINEAGE('20')).cost);
  // A field with no default `first` and none given: the unpaged count (DEFAULT_LIST_ITEMS).
  const bare = buildSchema(`type Query { things(first: Int): [T!]! } type T { id: ID! }`);
  const doc = (q: string) => {
    const d = parse(q);
    return queryCost(bare, d, d.definitions[0] as OperationDefinitionNode);
  };
  assert.equal(doc('query($n: Int) { things(first: $n) { id } }').cost, 10 * 3);
  assert.equal(doc('query($n: Int = 50) { things(first: $n) { id } }').cost, 50 * 3);
});

test('a defaulted variable is priced alike in fragments, inline fragments and under aliases', () => {
  const literal = cost('{ models(first: 100) { edges { node { id versions { id } } } } }').cost;
  assert.equal(literal, 2 + 100 * 35);
  const q = (body: string, fragments = '') => `query($n: Int = 100) { ${body} } ${fragments}`;
  assert.equal(cost(q('a: models(first: $n) { edges { node { id versions { id } } } }')).cost, literal);
  assert.equal(cost(q('...on Query { models(first: $n) { edges { node { id versions { id } } } } }')).cost, literal);
  assert.equal(
    cost(q('...Q', 'fragment Q on Query { models(first: $n) { edges { node { id versions { id } } } } }')).cost,
    literal,
  );
  // 25 aliases of the same page cost 25 times one.
  const many = Array.from(
    { length: 25 },
    (_, i) => `a${i}: models(first: $n) { edges { node { id versions { id } } } }`,
  );
  assert.equal(cost(q(many.join(' '))).cost, 25 * literal);
});

test('the default limit (10,000) lets the cross-subgraph walk through and refuses 100 models with all their deployments', () => {
  // A schema shaped like the walk's: models → versions → deployments → accelerator → node, the lists under
  // a model unpaged (DEFAULT_LIST_ITEMS each).
  const walkSchema = buildSchema(`
    type Query { models(first: Int = 20): ModelConnection! }
    type ModelConnection { edges: [ModelEdge!]! }
    type ModelEdge { node: Model! }
    type Model { id: ID! name: String! versions: [Version!]! }
    type Version { id: ID! version: Int! deployments: [Deployment!]! }
    type Deployment { id: ID! status: String! accelerator: Accelerator }
    type Accelerator { id: ID! name: String! kind: String! node: Node }
    type Node { id: ID! hostname: String! }
  `);
  const price = (query: string) => {
    const d = parse(query);
    return queryCost(walkSchema, d, d.definitions[0] as OperationDefinitionNode);
  };
  const walk = (first: number) => `{ models(first: ${first}) { edges { node { id name
    versions { id version deployments { id status accelerator { id name kind node { id hostname } } } } } } } }`;
  // deployment 2 + 2 + accelerator (2 + 3 + node 2 + 2) = 13; version 2 + 2 + 10 x 13 = 134;
  // model edge 2 + node 2 + 2 + 10 x 134 = 1,346; the page 2 + 5 x 1,346.
  assert.equal(config.limits.maxCost, 10_000);
  assert.equal(price(walk(5)).cost, 6732);
  assert.ok(price(walk(5)).cost <= config.limits.maxCost);
  const far = price(walk(100));
  assert.equal(far.cost, 134_602);
  assert.match(tooCostly(far, config.limits.maxCost).message, /first: 7 or less on models/);
  assert.ok(price(walk(7)).cost <= config.limits.maxCost && price(walk(8)).cost > config.limits.maxCost);
});

test('verifyAuditChain is priced by the events it re-hashes: its range, or the whole chain when open', () => {
  // Selection: 2 + 2 scalars; work: whole chain, or 1 per 3 events of the range.
  assert.equal(cost('{ verifyAuditChain { intact checked } }').cost, AUDIT_CHAIN_COST + 4);
  assert.equal(cost('{ verifyAuditChain(fromSeq: 5) { intact } }').cost, AUDIT_CHAIN_COST + 3);
  assert.equal(cost('{ verifyAuditChain(fromSeq: 1, toSeq: 300) { intact } }').cost, 100 + 3);
  assert.equal(cost('query($t: Int) { verifyAuditChain(toSeq: $t) { intact } }', { t: 30 }).cost, 10 + 3);
  assert.equal(cost('{ verifyAuditChain(fromSeq: 7, toSeq: 7) { intact } }').cost, 1 + 3);
  assert.equal(cost('{ verifyAuditChain(fromSeq: 1, toSeq: 1000000) { intact } }').cost, AUDIT_CHAIN_COST + 3);
  // Four whole-chain checks in one request are over the default limit; three are not.
  const aliases = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: verifyAuditChain { intact }`).join(' ')} }`;
  assert.ok(cost(aliases(4)).cost > config.limits.maxCost);
  assert.ok(cost(aliases(3)).cost <= config.limits.maxCost);
});
