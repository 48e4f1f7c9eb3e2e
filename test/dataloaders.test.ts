// Per-request DataLoaders (lib/subgraph/loaders.ts): the cross-subgraph walk costs one graph query per
// kind, whatever the number of parents, counted on the real driver (createDriver's onQuery hook sees
// every Bolt RUN message); and batched entity references keep the visibility rule per id: a branch user
// asking for several entities in one `_entities` call gets null exactly for the ones it may not see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createDriver } from '../lib/graph/driver.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import {
  client,
  createModelVersion,
  deleteTagged,
  ok,
  registerHardware,
  type Gql,
  type Hardware,
} from './helpers/hardware.js';

const tag = `dl-${randomUUID().slice(0, 8)}`;
const MODELS = 4;
let hub: Hub;
let call: Gql;
let queries: string[] = [];
let hq: Hardware;
let js: Hardware;
/** Owned by HQ, some shared with jiangsu: [0] and [2] shared, [1] and [3] HQ-private. */
const versions: { modelId: string; versionId: string }[] = [];
const deployments: string[] = [];

before(async () => {
  hub = await startHub({ driver: createDriver(undefined, { onQuery: (cypher) => queries.push(cypher) }) });
  call = client(hub.gateway.url);
  hq = await registerHardware(call, tag, 'hq', 'hq', {
    a: { kind: 'CPU', memoryMb: 8192, executionProviders: ['cpu'] },
  });
  js = await registerHardware(call, tag, 'js', 'jiangsu', {
    a: { kind: 'CPU', memoryMb: 8192, executionProviders: ['cpu'] },
  });
  for (let i = 0; i < MODELS; i++) {
    versions.push(await createModelVersion(hub.driver, tag, `walk ${i}`, 'hq', 1024, i % 2 === 0 ? ['jiangsu'] : []));
    // Each version deployed on both hosts: the walk fans out at every level.
    for (const accelerator of [hq.acceleratorIds.a!, js.acceleratorIds.a!]) {
      const created = await call<{ createDeployment: { id: string } }>(
        'engineer',
        'mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }',
        {
          input: {
            name: `${tag} d${i} ${accelerator.slice(0, 4)}`,
            modelVersionId: versions[i]!.versionId,
            acceleratorId: accelerator,
            tags: [tag],
          },
        },
      );
      deployments.push(ok(created).createDeployment.id);
    }
  }
  // As if jiangsu had deployed on its own host (no demo user of jiangsu may deploy): jiangsu owns the
  // deployments on its accelerator, HQ those on HQ's.
  await hub.driver.executeQuery('UNWIND $ids AS id MATCH (d:Deployment {id: id}) SET d.ownerOrgId = "jiangsu"', {
    ids: deployments.filter((_, i) => i % 2 === 1),
  });
});

after(async () => {
  await deleteTagged(hub.driver, tag);
  await hub.close();
});

const WALK = `query($tag: String!, $first: Int!) {
  models(first: $first, filter: { tag: $tag }) { edges { node {
    id sharedWith { id }
    versions { id deployments { id accelerator { id node { id hostname } } } }
  } } }
}`;

interface Walk {
  models: {
    edges: {
      node: {
        id: string;
        versions: {
          id: string;
          deployments: { id: string; accelerator: { id: string; node: { hostname: string } } | null }[];
        }[];
      };
    }[];
  };
}

/** The graph queries one request sends (the org scope cache is warm: the same request ran before). */
async function counted(user: string, first: number, query = WALK): Promise<{ data: Walk; cypher: string[] }> {
  ok(await call<Walk>(user, query, { tag, first }));
  queries = [];
  const data = ok(await call<Walk>(user, query, { tag, first }));
  // The org-scope lookup (lib/graph/visibility.ts) is cached for 15 s per process: on a slow machine it
  // may expire between the two requests. It is one query per org, never per parent: not counted.
  const cypher = queries.filter((q) => !q.startsWith('MATCH (o:Org)-[:PART_OF*0..]->(:Org {id: $org})'));
  queries = [];
  return { data, cypher };
}

describe('per-request dataloaders', () => {
  test('the walk models → versions → deployments → accelerator → node costs the same queries for 1 model as for 4', async () => {
    const one = await counted('viewer', 1);
    const four = await counted('viewer', MODELS);
    const walked = four.data.models.edges.map((e) => e.node);
    assert.equal(walked.length, MODELS);
    for (const model of walked) {
      const deployed = model.versions.flatMap((v) => v.deployments);
      assert.equal(deployed.length, 2, 'each version runs on both hosts');
      assert.deepEqual(deployed.map((d) => d.accelerator?.node.hostname).sort(), [
        `hq-node-1.${tag}.local`,
        `js-node-1.${tag}.local`,
      ]);
    }
    // Before the loaders: one query per model, per version, per deployment, per accelerator (41 for 4 models).
    assert.equal(
      four.cypher.length,
      one.cypher.length,
      `queries for 1 model:\n${one.cypher.map((q) => q.slice(0, 100)).join('\n')}\nfor 4:\n${four.cypher.map((q) => q.slice(0, 100)).join('\n')}`,
    );
    const batched = four.cypher.filter((q) => q.startsWith('UNWIND $ids AS id'));
    const listed = `\n${batched.map((q) => q.replace(/\s+/g, ' ').slice(0, 120)).join('\n')}`;
    // The models page reads its versions (asked for below it) in the page query; serving checks the
    // version refs and reads their deployments in one query, which also decides whether each accelerator
    // is visible; the accelerators' query also reads each one's node: neither the versions, the
    // deployments, the accelerator refs nor the nodes cost a query of their own.
    assert.equal(
      batched.length,
      3,
      `sharedWith, version refs (+ deployments, + accelerator refs), accelerators (+ nodes):${listed}`,
    );
    assert.ok(
      !batched.some((q) => q.includes('MATCH (n:ModelVersion {id: id})')),
      `no query for the version refs alone:${listed}`,
    );
    assert.ok(!batched.some((q) => /MATCH \(n:Node \{id: id\}\)/.test(q)), `no query for the nodes:${listed}`);
    assert.ok(
      !batched.some((q) => q.includes('MATCH (n:Accelerator {id: id})') && q.includes('n { .id } AS item')),
      `no query for the accelerator refs:${listed}`,
    );
    assert.ok(four.cypher.length <= 10, `one query per kind: ${four.cypher.length}`);
  });

  test('the walk is 3 queries: the models page with its versions, the deployments, the accelerators with their nodes', async () => {
    const walk = WALK.replace('id sharedWith { id }', 'id');
    const { data, cypher } = await counted('viewer', MODELS, walk);
    const listed = `\n${cypher.map((q) => q.replace(/\s+/g, ' ').slice(0, 120)).join('\n')}`;
    assert.equal(data.models.edges.length, MODELS);
    for (const model of data.models.edges.map((e) => e.node)) {
      assert.equal(model.versions.length, 1);
      assert.equal(model.versions[0]!.deployments.filter((d) => d.accelerator?.node.hostname).length, 2);
    }
    assert.equal(cypher.length, 3, `page (+ versions), version refs (+ deployments), accelerators (+ nodes):${listed}`);
    assert.ok(cypher[0]!.includes(':HAS_VERSION'), `the page reads the versions:${listed}`);
    // Asked for without versions, the page reads none.
    const bare = await counted(
      'viewer',
      MODELS,
      `query($tag: String!, $first: Int!) {
      models(first: $first, filter: { tag: $tag }) { edges { node { id name } } } }`,
    );
    assert.equal(bare.cypher.length, 1);
    assert.ok(!bare.cypher[0]!.includes(':HAS_VERSION'), bare.cypher[0]);
  });

  test('a branch user walking the same models sees only what is shared with it', async () => {
    const { data } = await counted('scientist.jiangsu', MODELS);
    const seen = data.models.edges.map((e) => e.node.id).sort();
    assert.deepEqual(seen, [versions[0]!.modelId, versions[2]!.modelId].sort());
    for (const model of data.models.edges.map((e) => e.node)) {
      // HQ's deployment (on HQ's accelerator) is invisible to jiangsu; its own, on its own host, is there.
      const walked = model.versions.flatMap((v) =>
        v.deployments.map((d) => [d.accelerator?.id, d.accelerator?.node.hostname]),
      );
      assert.deepEqual(walked, [[js.acceleratorIds.a!, `js-node-1.${tag}.local`]]);
    }
  });

  test('an accelerator or a node read along with its parent keeps its own visibility rule', async () => {
    // deployments[0]: version 0 (shared with jiangsu) on HQ's accelerator in HQ's node. Given to jiangsu, it
    // shows an accelerator jiangsu may not see (null); with HQ's accelerator given to jiangsu too, the
    // accelerator shows and its node, still HQ's, does not.
    const setOwner = (label: string, id: string, org: string) =>
      hub.driver.executeQuery(`MATCH (n:${label} {id: $id}) SET n.ownerOrgId = $org`, { id, org });
    const walkedD0 = async () => {
      const { data } = await counted('scientist.jiangsu', MODELS);
      const model = data.models.edges.find((e) => e.node.id === versions[0]!.modelId)!.node;
      const d0 = model.versions.flatMap((v) => v.deployments).find((d) => d.id === deployments[0]);
      assert.ok(d0, 'the deployment given to jiangsu is walked');
      return d0.accelerator;
    };
    try {
      await setOwner('Deployment', deployments[0]!, 'jiangsu');
      assert.equal(await walkedD0(), null);
      await setOwner('Accelerator', hq.acceleratorIds.a!, 'jiangsu');
      assert.deepEqual(await walkedD0(), { id: hq.acceleratorIds.a!, node: null });
    } finally {
      await setOwner('Deployment', deployments[0]!, 'hq');
      await setOwner('Accelerator', hq.acceleratorIds.a!, 'hq');
    }
  });

  test("serving's version refs read with their deployments keep both rules and the status argument", async () => {
    const token = await tokenFor('scientist.jiangsu');
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ModelVersion {
      id deployments { id status } pending: deployments(status: PENDING) { id } ready: deployments(status: READY) { id } stopped: deployments(status: STOPPED) { id }
    } } }`;
    type Version = {
      id: string;
      deployments: { id: string; status: string }[];
      pending: { id: string }[];
      ready: { id: string }[];
      stopped: { id: string }[];
    };
    const vids = versions.map((v) => v.versionId);
    queries = [];
    const res = await gql<{ _entities: (Version | null)[] }>(hub.subgraphs.serving!.url, query, {
      token,
      variables: { r: vids.map((id) => ({ __typename: 'ModelVersion', id })) },
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const found = res.body.data!._entities;
    // Versions 0 and 2 are shared with jiangsu; of each version's two deployments jiangsu owns the second.
    assert.deepEqual(
      found.map((v) => v?.id ?? null),
      vids.map((id, i) => (i % 2 === 0 ? id : null)),
    );
    for (const [i, v] of found.entries()) {
      if (!v) continue;
      assert.deepEqual(
        v.deployments.map((d) => d.id),
        [deployments[2 * i + 1]],
      );
      const withStatus = (status: string) => v.deployments.filter((d) => d.status === status).map((d) => d.id);
      assert.deepEqual(
        v.pending.map((d) => d.id),
        withStatus('PENDING'),
      );
      assert.deepEqual(
        v.ready.map((d) => d.id),
        withStatus('READY'),
      );
      assert.deepEqual(
        v.stopped.map((d) => d.id),
        withStatus('STOPPED'),
      );
    }
    const batched = queries.filter((q) => q.startsWith('UNWIND $ids AS id'));
    assert.equal(batched.length, 1, `one query for the refs and every deployments field:\n${batched.join('\n')}`);
  });

  test('batched _entities keep the visibility rule per representation, in order', async () => {
    const token = await tokenFor('scientist.jiangsu');
    const reps = (typename: string, ids: string[]) => ids.map((id) => ({ __typename: typename, id }));
    const ids = versions.map((v) => v.modelId);
    const vids = versions.map((v) => v.versionId);
    const cases: { subgraph: string; typename: string; ids: string[]; visible: boolean[] }[] = [
      {
        subgraph: 'models',
        typename: 'Model',
        ids: [...ids, randomUUID()],
        visible: [true, false, true, false, false],
      },
      { subgraph: 'models', typename: 'ModelVersion', ids: vids, visible: [true, false, true, false] },
      { subgraph: 'serving', typename: 'ModelVersion', ids: vids, visible: [true, false, true, false] },
      { subgraph: 'compute', typename: 'ModelVersion', ids: vids, visible: [true, false, true, false] },
      { subgraph: 'lineage', typename: 'ModelVersion', ids: vids, visible: [true, false, true, false] },
      {
        subgraph: 'compute',
        typename: 'Accelerator',
        ids: [hq.acceleratorIds.a!, js.acceleratorIds.a!],
        visible: [false, true],
      },
      { subgraph: 'compute', typename: 'Node', ids: [hq.nodeId, js.nodeId, hq.nodeId], visible: [false, true, false] },
      {
        subgraph: 'serving',
        typename: 'Deployment',
        ids: deployments,
        visible: deployments.map((_, i) => i % 2 === 1),
      },
    ];
    for (const c of cases) {
      const res = await gql<{ _entities: ({ id: string } | null)[] }>(
        hub.subgraphs[c.subgraph]!.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${c.typename} { id } } }`,
        { token, variables: { r: reps(c.typename, c.ids) } },
      );
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      assert.deepEqual(
        res.body.data?._entities.map((e) => e?.id ?? null),
        c.ids.map((id, i) => (c.visible[i] ? id : null)),
        `${c.typename} through ${c.subgraph}`,
      );
    }
  });
});
