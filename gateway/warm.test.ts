// The gateway's warm-up operations: one per root Query field of the committed supergraph's API, each valid
// against that API (an invalid one would be refused before planning and warm nothing), with placeholder
// values for required arguments; and the subgraph data source never sends a warm-up fetch anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { warmOperations } from './warm.js';
import { SubgraphDataSource } from './data-source.js';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context.js';

// The portal's copy of the API schema is printed from the supergraph by `npm run compose` (checked in CI).
const api = buildSchema(readFileSync(new URL('../ui/src/gql/schema.graphql', import.meta.url), 'utf8'));

test('one valid operation per root Query field, ask and the other knowledge fields among them', () => {
  const ops = warmOperations(api);
  const roots = Object.keys(api.getQueryType()!.getFields());
  const planned = ops.map((o) => /Warm_(\w+)/.exec(o.query)![1]);
  for (const field of ['ask', 'knowledgeSymptoms', 'faultHandlingPath', 'me', 'datasets'])
    assert.ok(planned.includes(field), field);
  // Only fields whose required arguments are input objects are left out.
  assert.ok(ops.length >= roots.length - 3, `${ops.length} of ${roots.length}`);
  for (const op of ops) {
    const errors = validate(api, parse(op.query));
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
      op.query,
    );
  }
  const ask = ops.find((o) => o.query.startsWith('query Warm_ask'))!;
  assert.equal(typeof ask.variables.question, 'string');
  assert.match(ask.query, /steps \{[^}]*order/);
});

test('a warm-up fetch never leaves the gateway', async () => {
  // Port 9 (discard) on loopback: a request that went out would fail with a connection error instead.
  const source = new SubgraphDataSource('knowledge', 'http://127.0.0.1:9/graphql');
  const context: GatewayContext = {
    identity: { sub: 'x', username: 'x', roles: [], org: 'hq' },
    token: '',
    warmUp: true,
  };
  const res = await source.process({
    request: { query: '{ __typename }' },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
  assert.deepEqual(res, { errors: [{ message: 'warm-up: not sent' }] });
  await source.close();
});
