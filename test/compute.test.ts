// The compute subgraph end-to-end through the gateway with real Keycloak tokens: hardware registry
// mutations and their audit events, role checks, duplicate names, input checks, org visibility (by
// id and in connection counts) and the placement question ModelVersion.compatibleAccelerators.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startHub, type Hub } from './helpers/hub.js';
import {
  auditActions,
  client,
  createModelVersion,
  deleteTagged,
  errorCode,
  ok,
  registerHardware,
  type Gql,
  type Hardware,
} from './helpers/hardware.js';

const tag = `ct-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let call: Gql;

before(async () => {
  hub = await startHub();
  call = client(hub.gateway.url);
});

after(async () => {
  await deleteTagged(hub.driver, tag);
  await hub.close();
});

const REGISTER_CLUSTER =
  'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id name owner { id } } }';
const REGISTER_ACCELERATOR =
  'mutation($input: RegisterAcceleratorInput!) { registerAccelerator(input: $input) { id kind memoryMb executionProviders node { id } edgeNode { id } } }';

async function countByName(label: 'Cluster' | 'Accelerator', name: string): Promise<number> {
  const { records } = await hub.driver.executeQuery(`MATCH (n:${label} {name: $name}) RETURN count(n) AS n`, { name });
  return records[0]?.get('n') as number;
}

describe('hardware registry', () => {
  test('an engineer registers a cluster, a node, an edge node and accelerators in both; each write is audited', async () => {
    const hw = await registerHardware(call, tag, 'reg', 'hq', {
      gpu: { kind: 'GPU', memoryMb: 24576, executionProviders: ['TensorRT', 'cuda', 'cpu'] },
    });
    const edge = ok(
      await call<{ registerEdgeNode: { id: string; status: string; owner: { id: string } } }>(
        'engineer',
        'mutation($input: RegisterEdgeNodeInput!) { registerEdgeNode(input: $input) { id status owner { id } } }',
        { input: { name: `${tag} 500kV 变电站 edge`, site: '南京 500kV substation', status: 'ONLINE', tags: [tag] } },
      ),
    ).registerEdgeNode;
    assert.equal(edge.status, 'ONLINE');
    assert.equal(edge.owner.id, 'hq');
    const npu = ok(
      await call<{ registerAccelerator: { id: string; node: null; edgeNode: { id: string } } }>(
        'engineer',
        REGISTER_ACCELERATOR,
        {
          input: {
            name: `${tag} reg npu`,
            kind: 'NPU',
            vendor: tag,
            model: 'Ascend 310P',
            memoryMb: 8192,
            executionProviders: ['cann'],
            edgeNodeId: edge.id,
            tags: [tag],
          },
        },
      ),
    ).registerAccelerator;
    assert.equal(npu.node, null);
    assert.equal(npu.edgeNode.id, edge.id);

    const read = ok(
      await call<{
        accelerator: {
          executionProviders: string[];
          node: { id: string; cluster: { id: string; location: string; owner: { id: string } } };
        };
      }>(
        'viewer',
        'query($id: ID!) { accelerator(id: $id) { executionProviders node { id cluster { id location owner { id } } } } }',
        { id: hw.acceleratorIds.gpu },
      ),
    ).accelerator;
    assert.deepEqual(
      read.executionProviders,
      ['tensorrt', 'cuda', 'cpu'],
      'provider names are normalised to lower case',
    );
    assert.equal(read.node.id, hw.nodeId);
    assert.deepEqual(read.node.cluster, { id: hw.clusterId, location: 'reg DC', owner: { id: 'hq' } });

    const edgeRead = ok(
      await call<{ edgeNode: { accelerators: { id: string }[] } }>(
        'viewer',
        'query($id: ID!) { edgeNode(id: $id) { accelerators { id } } }',
        { id: edge.id },
      ),
    ).edgeNode;
    assert.deepEqual(edgeRead.accelerators, [{ id: npu.id }]);

    assert.deepEqual(await auditActions(hub.driver, hw.clusterId), ['cluster.register']);
    assert.deepEqual(await auditActions(hub.driver, hw.nodeId), ['node.register']);
    assert.deepEqual(await auditActions(hub.driver, hw.acceleratorIds.gpu!), ['accelerator.register']);
    assert.deepEqual(await auditActions(hub.driver, edge.id), ['edgeNode.register']);
    const { records } = await hub.driver.executeQuery(
      `MATCH (a:Accelerator {id: $id}) RETURN a.ownerOrgId AS owner, a.tagsText AS tagsText, a.createdBy AS by,
              a.createdAt IS NOT NULL AS at, [(a)-[:OWNED_BY]->(o) | o.id][0] AS ownedBy`,
      { id: npu.id },
    );
    assert.deepEqual(records[0]?.toObject(), { owner: 'hq', tagsText: tag, by: 'engineer', at: true, ownedBy: 'hq' });
  });

  for (const user of ['viewer', 'scientist', 'scientist.jiangsu']) {
    test(`${user} may not register hardware: FORBIDDEN, nothing written`, async () => {
      const name = `${tag} forbidden ${user}`;
      const res = await call(user, REGISTER_CLUSTER, { input: { name, tags: [tag] } });
      assert.equal(errorCode(res), 'FORBIDDEN', JSON.stringify(res.body));
      assert.equal(await countByName('Cluster', name), 0);
    });
  }

  test('a viewer may not add an accelerator to an existing node or archive a cluster', async () => {
    const hw = await registerHardware(call, tag, 'forbid', 'hq', {});
    const name = `${tag} forbidden accelerator`;
    const res = await call('viewer', REGISTER_ACCELERATOR, {
      input: {
        name,
        kind: 'GPU',
        vendor: tag,
        model: 'x',
        memoryMb: 1,
        executionProviders: ['cuda'],
        nodeId: hw.nodeId,
      },
    });
    assert.equal(errorCode(res), 'FORBIDDEN');
    assert.equal(await countByName('Accelerator', name), 0);
    const archive = await call('scientist', 'mutation($id: ID!) { archiveCluster(id: $id) { id } }', {
      id: hw.clusterId,
    });
    assert.equal(errorCode(archive), 'FORBIDDEN');
    assert.deepEqual(await auditActions(hub.driver, hw.clusterId), ['cluster.register']);
  });

  test('duplicate names within an org → BAD_USER_INPUT; the same name in another org is fine', async () => {
    const name = `${tag} dup cluster`;
    ok(await call('engineer', REGISTER_CLUSTER, { input: { name, tags: [tag] } }));
    const again = await call('engineer', REGISTER_CLUSTER, { input: { name, tags: [tag] } });
    assert.equal(errorCode(again), 'BAD_USER_INPUT', JSON.stringify(again.body));
    assert.match(again.body.errors![0]!.message, /already exists/);
    assert.equal(await countByName('Cluster', name), 1);
    ok(await call('engineer', REGISTER_CLUSTER, { input: { name, tags: [tag], ownerOrgId: 'jiangsu' } }));
    assert.equal(await countByName('Cluster', name), 2);

    const hw = await registerHardware(call, tag, 'dup-acc', 'hq', {
      a: { kind: 'CPU', memoryMb: 1024, executionProviders: ['cpu'] },
      b: { kind: 'CPU', memoryMb: 1024, executionProviders: ['cpu'] },
    });
    const dupAcc = await call('engineer', REGISTER_ACCELERATOR, {
      input: {
        name: `${tag} dup-acc a`,
        kind: 'CPU',
        vendor: tag,
        model: 'x',
        memoryMb: 1,
        executionProviders: ['cpu'],
        nodeId: hw.nodeId,
        tags: [tag],
      },
    });
    assert.equal(errorCode(dupAcc), 'BAD_USER_INPUT');
    const rename = await call(
      'engineer',
      'mutation($id: ID!, $input: UpdateAcceleratorInput!) { updateAccelerator(id: $id, input: $input) { id } }',
      {
        id: hw.acceleratorIds.b,
        input: { name: `${tag} dup-acc a` },
      },
    );
    assert.equal(errorCode(rename), 'BAD_USER_INPUT', 'renaming onto an existing name is a duplicate too');
  });

  test('concurrent registrations of one name: exactly one wins, the others get BAD_USER_INPUT', async () => {
    const name = `${tag} race cluster`;
    const results = await Promise.all(
      [1, 2, 3].map(() => call('engineer', REGISTER_CLUSTER, { input: { name, tags: [tag] } })),
    );
    assert.equal(results.filter((r) => !r.body.errors).length, 1, JSON.stringify(results.map((r) => r.body)));
    assert.deepEqual(results.filter((r) => r.body.errors).map(errorCode), ['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    assert.equal(await countByName('Cluster', name), 1);
  });

  test('bad input names the field; unknown ids → NOT_FOUND', async () => {
    const hw = await registerHardware(call, tag, 'input', 'hq', {});
    const base = {
      kind: 'GPU',
      vendor: tag,
      model: 'x',
      memoryMb: 1024,
      executionProviders: ['cuda'],
      nodeId: hw.nodeId,
      tags: [tag],
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: `${tag} neg`, memoryMb: -1 }, 'BAD_USER_INPUT', 'memoryMb'],
      [{ name: `${tag} eps`, executionProviders: [] }, 'BAD_USER_INPUT', 'executionProviders'],
      [{ name: `${tag} eps2`, executionProviders: ['cuda; DROP'] }, 'BAD_USER_INPUT', 'executionProviders'],
      [{ name: '   ' }, 'BAD_USER_INPUT', 'name'],
      [{ name: `${tag} both`, edgeNodeId: hw.nodeId }, 'BAD_USER_INPUT', 'edgeNodeId'],
      [{ name: `${tag} nohost`, nodeId: null }, 'BAD_USER_INPUT', 'nodeId'],
      [{ name: `${tag} ghost`, nodeId: randomUUID() }, 'NOT_FOUND', 'nodeId'],
    ];
    for (const [override, code, field] of cases) {
      const res = await call('engineer', REGISTER_ACCELERATOR, { input: { ...base, ...override } });
      const error = res.body.errors?.[0] as { extensions?: { code?: string; field?: string } } | undefined;
      assert.equal(error?.extensions?.code, code, `${JSON.stringify(override)}: ${JSON.stringify(res.body)}`);
      assert.equal(error?.extensions?.field, field, JSON.stringify(override));
    }
    const node = await call('engineer', 'mutation($input: RegisterNodeInput!) { registerNode(input: $input) { id } }', {
      input: { clusterId: hw.clusterId, name: `${tag} neg node`, hostname: 'h', memoryMb: -5 },
    });
    assert.equal((node.body.errors?.[0] as { extensions?: { field?: string } })?.extensions?.field, 'memoryMb');
    const ghost = await call('engineer', 'mutation($id: ID!) { archiveNode(id: $id) { id } }', { id: randomUUID() });
    assert.equal(errorCode(ghost), 'NOT_FOUND');
    const foreignOrg = await call('engineer', REGISTER_CLUSTER, {
      input: { name: `${tag} nowhere`, ownerOrgId: `${tag}-no-such-org` },
    });
    assert.equal(errorCode(foreignOrg), 'NOT_FOUND');
  });

  test('a number given for an ID is read as its decimal string: unknown ids answer null or NOT_FOUND, never a type error', async () => {
    // GraphQL coerces an Int literal or variable for an ID to a string before any resolver sees it.
    const literal = await call<{ cluster: unknown; accelerator: unknown }>(
      'engineer',
      '{ cluster(id: 404) { id } accelerator(id: 405) { id } }',
    );
    assert.deepEqual(literal.body, { data: { cluster: null, accelerator: null } });
    const variable = await call<{ node: unknown }>('engineer', 'query($id: ID!) { node(id: $id) { id } }', {
      id: 406,
    });
    assert.deepEqual(variable.body, { data: { node: null } });
    const archive = await call('engineer', 'mutation($id: ID!) { archiveCluster(id: $id) { id } }', { id: 407 });
    assert.equal(errorCode(archive), 'NOT_FOUND', JSON.stringify(archive.body));
    assert.match(archive.body.errors![0]!.message, /\b407\b/);
    const fraction = await call('engineer', 'query($id: ID!) { node(id: $id) { id } }', { id: 1.5 });
    assert.equal(errorCode(fraction), 'BAD_USER_INPUT', 'an ID is a string or an integer, not 1.5');
  });

  test('update and archive: audited, archived hardware leaves default listings, parents refuse archiving while in use', async () => {
    const hw = await registerHardware(call, tag, 'life', 'hq', {
      gpu: { kind: 'GPU', memoryMb: 16384, executionProviders: ['cuda'] },
    });
    const gpu = hw.acceleratorIds.gpu!;
    const updated = ok(
      await call<{ updateAccelerator: { memoryMb: number; executionProviders: string[] } }>(
        'engineer',
        'mutation($id: ID!, $input: UpdateAcceleratorInput!) { updateAccelerator(id: $id, input: $input) { memoryMb executionProviders } }',
        { id: gpu, input: { memoryMb: 32768, executionProviders: ['tensorrt', 'cuda'] } },
      ),
    ).updateAccelerator;
    assert.deepEqual(updated, { memoryMb: 32768, executionProviders: ['tensorrt', 'cuda'] });

    const blocked = await call('engineer', 'mutation($id: ID!) { archiveNode(id: $id) { id } }', { id: hw.nodeId });
    assert.equal(errorCode(blocked), 'BAD_USER_INPUT', 'a node with accelerators in service cannot be archived');
    ok(await call('engineer', 'mutation($id: ID!) { archiveAccelerator(id: $id) { archived } }', { id: gpu }));
    ok(await call('engineer', 'mutation($id: ID!) { archiveNode(id: $id) { archived } }', { id: hw.nodeId }));
    const cluster = ok(
      await call<{ archiveCluster: { archived: boolean } }>(
        'engineer',
        'mutation($id: ID!) { archiveCluster(id: $id) { archived } }',
        { id: hw.clusterId },
      ),
    ).archiveCluster;
    assert.equal(cluster.archived, true);
    const renameArchived = await call(
      'engineer',
      'mutation($id: ID!) { updateCluster(id: $id, input: { location: "x" }) { id } }',
      { id: hw.clusterId },
    );
    assert.equal(errorCode(renameArchived), 'BAD_USER_INPUT');

    const list = async (includeArchived: boolean) =>
      ok(
        await call<{ accelerators: { totalCount: number } }>(
          'viewer',
          'query($f: AcceleratorFilter, $a: Boolean) { accelerators(filter: $f, includeArchived: $a) { totalCount } }',
          { f: { clusterId: hw.clusterId }, a: includeArchived },
        ),
      ).accelerators.totalCount;
    assert.equal(await list(false), 0);
    assert.equal(await list(true), 1);
    assert.deepEqual(await auditActions(hub.driver, gpu), [
      'accelerator.register',
      'accelerator.update',
      'accelerator.archive',
    ]);
    assert.deepEqual(await auditActions(hub.driver, hw.nodeId), ['node.register', 'node.archive']);
    assert.deepEqual(await auditActions(hub.driver, hw.clusterId), ['cluster.register', 'cluster.archive']);
  });
});

describe('org visibility', () => {
  let jiangsu: Hardware;
  let hq: Hardware;

  before(async () => {
    jiangsu = await registerHardware(call, tag, 'js', 'jiangsu', {
      gpu: { kind: 'GPU', memoryMb: 16384, executionProviders: ['cuda'] },
    });
    hq = await registerHardware(call, tag, 'vis-hq', 'hq', {
      gpu: { kind: 'GPU', memoryMb: 16384, executionProviders: ['cuda'] },
    });
  });

  const seesCluster = async (user: string, id: string) =>
    ok(await call<{ cluster: { id: string } | null }>(user, 'query($id: ID!) { cluster(id: $id) { id } }', { id }))
      .cluster !== null;
  const seesAccelerator = async (user: string, id: string) =>
    ok(
      await call<{ accelerator: { id: string } | null }>(user, 'query($id: ID!) { accelerator(id: $id) { id } }', {
        id,
      }),
    ).accelerator !== null;
  const seesNode = async (user: string, id: string) =>
    ok(await call<{ node: { id: string } | null }>(user, 'query($id: ID!) { node(id: $id) { id } }', { id })).node !==
    null;

  test('branch hardware: the branch and HQ see it by id, another branch does not', async () => {
    for (const [user, expected] of [
      ['scientist.jiangsu', true],
      ['viewer', true],
      ['engineer', true],
      ['viewer.zhejiang', false],
    ] as const) {
      assert.equal(await seesCluster(user, jiangsu.clusterId), expected, `${user} cluster`);
      assert.equal(await seesNode(user, jiangsu.nodeId), expected, `${user} node`);
      assert.equal(await seesAccelerator(user, jiangsu.acceleratorIds.gpu!), expected, `${user} accelerator`);
    }
    assert.equal(await seesCluster('scientist.jiangsu', hq.clusterId), false, 'a branch does not see HQ hardware');
    const owner = ok(
      await call<{ accelerator: { owner: { id: string } } }>(
        'viewer',
        'query($id: ID!) { accelerator(id: $id) { owner { id } } }',
        { id: jiangsu.acceleratorIds.gpu },
      ),
    ).accelerator;
    assert.equal(owner.owner.id, 'jiangsu', "accelerators belong to their host's org");
  });

  test('connection totalCount counts only visible rows', async () => {
    const count = async (user: string) =>
      ok(
        await call<{ accelerators: { totalCount: number; edges: { node: { id: string } }[] } }>(
          user,
          'query($f: AcceleratorFilter) { accelerators(first: 100, filter: $f) { totalCount edges { node { id } } } }',
          { f: { vendor: tag, kind: 'GPU', executionProvider: 'cuda' } },
        ),
      ).accelerators;
    const expected = {
      viewer: [hq.acceleratorIds.gpu, jiangsu.acceleratorIds.gpu],
      'scientist.jiangsu': [jiangsu.acceleratorIds.gpu],
      'viewer.zhejiang': [],
    };
    for (const [user, ids] of Object.entries(expected)) {
      const result = await count(user);
      const mine = result.edges
        .map((e) => e.node.id)
        .filter((id) => [hq.acceleratorIds.gpu, jiangsu.acceleratorIds.gpu].includes(id));
      assert.deepEqual(mine.sort(), [...ids].sort(), user);
      assert.equal(result.totalCount, result.edges.length, `${user}: totalCount matches what is visible`);
    }
    const clusters = async (user: string) =>
      ok(
        await call<{ clusters: { totalCount: number } }>(
          user,
          'query($o: ID) { clusters(first: 1, ownerOrgId: $o, location: "js DC") { totalCount } }',
          { o: 'jiangsu' },
        ),
      ).clusters.totalCount;
    assert.ok((await clusters('viewer')) >= 1);
    assert.equal(await clusters('viewer.zhejiang'), 0);
    const cluster = ok(
      await call<{ cluster: { nodes: { id: string; accelerators: { id: string }[] }[] } }>(
        'viewer',
        'query($id: ID!) { cluster(id: $id) { nodes { id accelerators { id } } } }',
        { id: jiangsu.clusterId },
      ),
    ).cluster;
    assert.deepEqual(cluster.nodes, [{ id: jiangsu.nodeId, accelerators: [{ id: jiangsu.acceleratorIds.gpu }] }]);
  });
});

describe('placement: ModelVersion.compatibleAccelerators', () => {
  test('only compatible, visible, in-service accelerators, most preferred first', async () => {
    // 1 GiB artifact: accelerators need at least 2048 MB.
    const { versionId } = await createModelVersion(hub.driver, tag, 'placement model', 'hq', 1024 ** 3, [
      'jiangsu',
      'zhejiang',
    ]);
    const hqHw = await registerHardware(call, tag, 'place', 'hq', {
      trt: { kind: 'GPU', memoryMb: 16384, executionProviders: ['tensorrt', 'cuda', 'cpu'] },
      cuda: { kind: 'GPU', memoryMb: 8192, executionProviders: ['cuda', 'cpu'] },
      cpu: { kind: 'CPU', memoryMb: 65536, executionProviders: ['cpu'] },
      small: { kind: 'GPU', memoryMb: 1024, executionProviders: ['cuda'] },
      fpga: { kind: 'FPGA', memoryMb: 8192, executionProviders: ['customrt'] },
      archived: { kind: 'GPU', memoryMb: 81920, executionProviders: ['tensorrt'] },
    });
    const edge = ok(
      await call<{ registerEdgeNode: { id: string } }>(
        'engineer',
        'mutation($input: RegisterEdgeNodeInput!) { registerEdgeNode(input: $input) { id } }',
        {
          input: { name: `${tag} place edge`, site: 'substation', tags: [tag] },
        },
      ),
    ).registerEdgeNode;
    const npu = ok(
      await call<{ registerAccelerator: { id: string } }>('engineer', REGISTER_ACCELERATOR, {
        input: {
          name: `${tag} place npu`,
          kind: 'NPU',
          vendor: tag,
          model: 'Ascend',
          memoryMb: 4096,
          executionProviders: ['cann'],
          edgeNodeId: edge.id,
          tags: [tag],
        },
      }),
    ).registerAccelerator.id;
    const jsHw = await registerHardware(call, tag, 'place-js', 'jiangsu', {
      trt: { kind: 'GPU', memoryMb: 24576, executionProviders: ['tensorrt', 'cuda'] },
    });
    ok(
      await call('engineer', 'mutation($id: ID!) { archiveAccelerator(id: $id) { id } }', {
        id: hqHw.acceleratorIds.archived,
      }),
    );

    const ours = new Set([...Object.values(hqHw.acceleratorIds), ...Object.values(jsHw.acceleratorIds), npu]);
    const placement = async (user: string) => {
      const res = await call<{ modelVersion: { id: string; compatibleAccelerators: { id: string }[] } | null }>(
        user,
        'query($id: ID!) { modelVersion(id: $id) { id compatibleAccelerators(first: 100) { id } } }',
        { id: versionId },
      );
      const mv = ok(res).modelVersion;
      return mv === null ? null : mv.compatibleAccelerators.map((a) => a.id).filter((id) => ours.has(id));
    };
    const h = hqHw.acceleratorIds;
    assert.deepEqual(
      await placement('viewer'),
      [jsHw.acceleratorIds.trt, h.trt, h.cuda, npu, h.cpu],
      'HQ: tensorrt GPUs, CUDA GPU, NPU, CPU',
    );
    assert.deepEqual(
      await placement('scientist.jiangsu'),
      [jsHw.acceleratorIds.trt],
      'a branch sees only its own hardware',
    );
    assert.deepEqual(await placement('viewer.zhejiang'), [], 'another branch sees none of it');

    const hidden = await createModelVersion(hub.driver, tag, 'hq only model', 'hq', 1024);
    const res = await call<{ modelVersion: unknown }>(
      'viewer.zhejiang',
      'query($id: ID!) { modelVersion(id: $id) { id compatibleAccelerators { id } } }',
      { id: hidden.versionId },
    );
    assert.equal(ok(res).modelVersion, null, 'an invisible model version resolves to null');
  });
});
