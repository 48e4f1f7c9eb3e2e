// The serving subgraph end-to-end through the gateway with real Keycloak tokens: deployments of model
// versions on accelerators, services and their weighted routes, audit events, role checks, org
// visibility through Deployment.accelerator, and walks across subgraphs in one request.
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

const tag = `st-${randomUUID().slice(0, 8)}`;
/** An org outside the HQ tree: what it owns is invisible to every demo user. */
const foreignOrg = `${tag}-foreign`;
let hub: Hub;
let call: Gql;
let hq: Hardware;
let js: Hardware;
let mv: { modelId: string; versionId: string };
let foreignMv: { modelId: string; versionId: string };

before(async () => {
  hub = await startHub();
  call = client(hub.gateway.url);
  await hub.driver.executeQuery('CREATE (:Org {id: $id, name: $id, level: "province"})', { id: foreignOrg });
  hq = await registerHardware(call, tag, 'hq', 'hq', {
    trt: { kind: 'GPU', memoryMb: 16384, executionProviders: ['tensorrt', 'cuda', 'cpu'] },
    cpu: { kind: 'CPU', memoryMb: 32768, executionProviders: ['cpu'] },
    tiny: { kind: 'NPU', memoryMb: 64, executionProviders: ['cann'] },
  });
  js = await registerHardware(call, tag, 'js', 'jiangsu', {
    gpu: { kind: 'GPU', memoryMb: 16384, executionProviders: ['cuda', 'cpu'] },
  });
  mv = await createModelVersion(hub.driver, tag, 'load forecast 负荷预测', 'hq', 100 * 1024 * 1024);
  foreignMv = await createModelVersion(hub.driver, tag, 'foreign model', foreignOrg, 1024);
});

after(async () => {
  await deleteTagged(hub.driver, tag);
  await hub.driver.executeQuery('MATCH (o:Org {id: $id}) DETACH DELETE o', { id: foreignOrg });
  await hub.close();
});

const CREATE = `mutation($input: CreateDeploymentInput!) {
  createDeployment(input: $input) { id name status executionProvider fallbackReason replicas sessionIsolation createdBy owner { id } modelVersion { id } accelerator { id } }
}`;
const REGISTER_SERVICE =
  'mutation($input: RegisterServiceInput!) { registerService(input: $input) { id name endpoint owner { id } } }';
const SET_ROUTES = `mutation($id: ID!, $routes: [ServiceRouteInput!]!) {
  setServiceRoutes(serviceId: $id, routes: $routes) { id routes { weight deployment { id } } }
}`;

interface Created {
  id: string;
  status: string;
  executionProvider: string | null;
  owner: { id: string };
}

async function deploy(name: string, acceleratorId: string, extra: Record<string, unknown> = {}): Promise<Created> {
  return ok(
    await call<{ createDeployment: Created }>('engineer', CREATE, {
      input: { name: `${tag} ${name}`, modelVersionId: mv.versionId, acceleratorId, tags: [tag], ...extra },
    }),
  ).createDeployment;
}

async function countDeployments(name: string): Promise<number> {
  const { records } = await hub.driver.executeQuery('MATCH (d:Deployment {name: $name}) RETURN count(d) AS n', {
    name,
  });
  return records[0]?.get('n') as number;
}

describe('deployments', () => {
  test('an engineer deploys a visible model version on a visible accelerator: READY, SERVES and RUNS_ON, audited', async () => {
    const res = await call<{
      createDeployment: Created & {
        replicas: number;
        sessionIsolation: string | null;
        fallbackReason: string | null;
        createdBy: string;
        modelVersion: { id: string };
        accelerator: { id: string };
      };
    }>('engineer', CREATE, {
      input: {
        name: `${tag} first`,
        modelVersionId: mv.versionId,
        acceleratorId: hq.acceleratorIds.trt,
        replicas: 2,
        tags: [tag],
      },
    });
    const d = ok(res).createDeployment;
    assert.equal(d.status, 'READY', 'the serving runtime loaded and warmed its sessions');
    // The accelerator's most preferred provider is tensorrt; this host has only CPU, so the runtime
    // falls back and records why.
    assert.equal(d.executionProvider, 'cpu');
    assert.match(String(d.fallbackReason), /tensorrt/);
    assert.equal(d.replicas, 2);
    // Two replicas are two sessions in worker threads, so they can run side by side.
    assert.equal(d.sessionIsolation, process.env.PLINTH_SESSION_ISOLATION ?? 'thread');
    assert.equal(d.createdBy, 'engineer');
    assert.equal(d.owner.id, 'hq');
    assert.deepEqual(d.modelVersion, { id: mv.versionId });
    assert.deepEqual(d.accelerator, { id: hq.acceleratorIds.trt });
    const { records } = await hub.driver.executeQuery(
      `MATCH (d:Deployment {id: $id})-[:SERVES]->(v:ModelVersion), (d)-[:RUNS_ON]->(a:Accelerator), (d)-[:OWNED_BY]->(o:Org)
       RETURN v.id AS v, a.id AS a, o.id AS o, d.ownerOrgId AS owner, d.createdAt IS NOT NULL AS at`,
      { id: d.id },
    );
    assert.deepEqual(records[0]?.toObject(), {
      v: mv.versionId,
      a: hq.acceleratorIds.trt,
      o: 'hq',
      owner: 'hq',
      at: true,
    });
    assert.deepEqual(await auditActions(hub.driver, d.id), ['deployment.create', 'deployment.ready']);

    const cpu = await deploy('on cpu', hq.acceleratorIds.cpu!);
    assert.equal(cpu.executionProvider, 'cpu');
    assert.equal(
      (cpu as typeof cpu & { sessionIsolation: string }).sessionIsolation,
      process.env.PLINTH_SESSION_ISOLATION ?? 'inline',
    );
    // An explicitly chosen provider is tried first; without CUDA here it too falls back, naming cuda.
    const chosen = (await deploy('cuda chosen', hq.acceleratorIds.trt!, {
      executionProvider: 'CUDA',
    })) as typeof cpu & { fallbackReason?: string | null };
    assert.equal(chosen.executionProvider, 'cpu');
    assert.match(String(chosen.fallbackReason), /^cuda/);
  });

  for (const user of ['viewer', 'scientist', 'scientist.jiangsu', 'viewer.zhejiang']) {
    test(`${user} may not deploy or register services: FORBIDDEN, nothing written`, async () => {
      const name = `${tag} forbidden ${user}`;
      const res = await call(user, CREATE, {
        input: { name, modelVersionId: mv.versionId, acceleratorId: hq.acceleratorIds.trt, tags: [tag] },
      });
      assert.equal(errorCode(res), 'FORBIDDEN', JSON.stringify(res.body));
      assert.equal(await countDeployments(name), 0);
      const svc = await call(user, REGISTER_SERVICE, { input: { name, tags: [tag] } });
      assert.equal(errorCode(svc), 'FORBIDDEN');
      const { records } = await hub.driver.executeQuery('MATCH (s:Service {name: $name}) RETURN count(s) AS n', {
        name,
      });
      assert.equal(records[0]?.get('n'), 0);
    });
  }

  test('unknown or invisible model versions and accelerators → NOT_FOUND; incompatible ones → BAD_USER_INPUT', async () => {
    const foreignHw = await (async () => {
      const id = randomUUID();
      await hub.driver.executeQuery(
        `MATCH (o:Org {id: $org}) CREATE (a:Accelerator {id: $id, name: $name, kind: 'GPU', vendor: $tag, model: 'x', memoryMb: 65536,
           executionProviders: ['cuda'], tags: [$tag], tagsText: $tag, ownerOrgId: $org, createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
        { org: foreignOrg, id, name: `${tag} foreign gpu`, tag },
      );
      return id;
    })();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['unknown version', { modelVersionId: randomUUID() }, 'NOT_FOUND', 'modelVersionId'],
      ['invisible version', { modelVersionId: foreignMv.versionId }, 'NOT_FOUND', 'modelVersionId'],
      ['unknown accelerator', { acceleratorId: randomUUID() }, 'NOT_FOUND', 'acceleratorId'],
      ['invisible accelerator', { acceleratorId: foreignHw }, 'NOT_FOUND', 'acceleratorId'],
      ['too little memory', { acceleratorId: hq.acceleratorIds.tiny }, 'BAD_USER_INPUT', 'acceleratorId'],
      ['provider it lacks', { executionProvider: 'openvino' }, 'BAD_USER_INPUT', 'executionProvider'],
      ['zero replicas', { replicas: 0 }, 'BAD_USER_INPUT', 'replicas'],
    ];
    for (const [label, override, code, field] of cases) {
      const name = `${tag} bad ${label}`;
      const res = await call('engineer', CREATE, {
        input: { name, modelVersionId: mv.versionId, acceleratorId: hq.acceleratorIds.trt, tags: [tag], ...override },
      });
      const error = res.body.errors?.[0] as { extensions?: { code?: string; field?: string } } | undefined;
      assert.equal(error?.extensions?.code, code, `${label}: ${JSON.stringify(res.body)}`);
      assert.equal(error?.extensions?.field, field, label);
      assert.equal(await countDeployments(name), 0, label);
    }
  });
});

describe('services and routes', () => {
  test('register, update, route by weight, reject bad weights, stop, archive — each audited', async () => {
    const a = await deploy('route a', hq.acceleratorIds.trt!);
    const b = await deploy('route b', hq.acceleratorIds.cpu!);
    const svc = ok(
      await call<{ registerService: { id: string; endpoint: string; owner: { id: string } } }>(
        'engineer',
        REGISTER_SERVICE,
        {
          input: { name: `${tag} load forecast`, endpoint: '/serve/load-forecast', tags: [tag] },
        },
      ),
    ).registerService;
    assert.equal(svc.owner.id, 'hq');
    const dup = await call('engineer', REGISTER_SERVICE, { input: { name: `${tag} load forecast`, tags: [tag] } });
    assert.equal(errorCode(dup), 'BAD_USER_INPUT');
    const badEndpoint = await call('engineer', REGISTER_SERVICE, {
      input: { name: `${tag} bad endpoint`, endpoint: 'ftp://x', tags: [tag] },
    });
    assert.equal(errorCode(badEndpoint), 'BAD_USER_INPUT');
    ok(
      await call(
        'engineer',
        'mutation($id: ID!) { updateService(id: $id, input: { description: "日前负荷预测" }) { id } }',
        { id: svc.id },
      ),
    );

    const routed = ok(
      await call<{ setServiceRoutes: { routes: { weight: number; deployment: { id: string } }[] } }>(
        'engineer',
        SET_ROUTES,
        {
          id: svc.id,
          routes: [
            { deploymentId: a.id, weight: 90 },
            { deploymentId: b.id, weight: 10 },
          ],
        },
      ),
    ).setServiceRoutes;
    assert.deepEqual(routed.routes, [
      { weight: 90, deployment: { id: a.id } },
      { weight: 10, deployment: { id: b.id } },
    ]);

    const bad: [string, { deploymentId: string; weight: number }[], string][] = [
      [
        'sum 90',
        [
          { deploymentId: a.id, weight: 50 },
          { deploymentId: b.id, weight: 40 },
        ],
        'BAD_USER_INPUT',
      ],
      [
        'weight over 100',
        [
          { deploymentId: a.id, weight: 120 },
          { deploymentId: b.id, weight: -20 },
        ],
        'BAD_USER_INPUT',
      ],
      [
        'negative',
        [
          { deploymentId: a.id, weight: 110 },
          { deploymentId: b.id, weight: -10 },
        ],
        'BAD_USER_INPUT',
      ],
      [
        'duplicate deployment',
        [
          { deploymentId: a.id, weight: 50 },
          { deploymentId: a.id, weight: 50 },
        ],
        'BAD_USER_INPUT',
      ],
      ['unknown deployment', [{ deploymentId: randomUUID(), weight: 100 }], 'NOT_FOUND'],
    ];
    for (const [label, routes, code] of bad) {
      const res = await call('engineer', SET_ROUTES, { id: svc.id, routes });
      assert.equal(errorCode(res), code, `${label}: ${JSON.stringify(res.body)}`);
    }
    const forbidden = await call('viewer', SET_ROUTES, { id: svc.id, routes: [{ deploymentId: b.id, weight: 100 }] });
    assert.equal(errorCode(forbidden), 'FORBIDDEN');
    const unchanged = ok(
      await call<{ service: { routes: { weight: number }[] } }>(
        'viewer',
        'query($id: ID!) { service(id: $id) { routes { weight } } }',
        { id: svc.id },
      ),
    ).service;
    assert.deepEqual(
      unchanged.routes.map((r) => r.weight),
      [90, 10],
      'rejected route changes leave the routes as they were',
    );

    const stillRouted = await call('engineer', 'mutation($id: ID!) { stopDeployment(id: $id) { status } }', {
      id: a.id,
    });
    assert.equal(errorCode(stillRouted), 'BAD_USER_INPUT', 'a deployment that takes traffic cannot be stopped');
    ok(
      await call('engineer', SET_ROUTES, {
        id: svc.id,
        routes: [
          { deploymentId: a.id, weight: 0 },
          { deploymentId: b.id, weight: 100 },
        ],
      }),
    );
    const stopped = ok(
      await call<{ stopDeployment: { status: string; stoppedAt: string } }>(
        'engineer',
        'mutation($id: ID!) { stopDeployment(id: $id) { status stoppedAt } }',
        { id: a.id },
      ),
    ).stopDeployment;
    assert.equal(stopped.status, 'STOPPED');
    assert.ok(stopped.stoppedAt);
    const toStopped = await call('engineer', SET_ROUTES, { id: svc.id, routes: [{ deploymentId: a.id, weight: 100 }] });
    assert.equal(errorCode(toStopped), 'BAD_USER_INPUT', 'a stopped deployment takes no traffic');

    const services = ok(
      await call<{ deployment: { services: { id: string }[] } }>(
        'viewer',
        'query($id: ID!) { deployment(id: $id) { services { id } } }',
        { id: b.id },
      ),
    ).deployment;
    assert.deepEqual(services.services, [{ id: svc.id }]);
    ok(await call('engineer', 'mutation($id: ID!) { archiveService(id: $id) { archived } }', { id: svc.id }));

    assert.deepEqual(await auditActions(hub.driver, svc.id), [
      'service.register',
      'service.update',
      'service.setRoutes',
      'service.setRoutes',
      'service.archive',
    ]);
    assert.deepEqual(await auditActions(hub.driver, a.id), [
      'deployment.create',
      'deployment.ready',
      'deployment.stop',
    ]);

    const listed = ok(
      await call<{ deployments: { totalCount: number } }>(
        'viewer',
        'query($f: DeploymentFilter) { deployments(filter: $f) { totalCount } }',
        {
          f: { status: 'STOPPED', acceleratorId: hq.acceleratorIds.trt },
        },
      ),
    ).deployments;
    assert.ok(listed.totalCount >= 1);
  });
});

describe('visibility across subgraphs', () => {
  test('Deployment.accelerator is null for a caller who may not see the accelerator; HQ sees it', async () => {
    // HQ deploys on Jiangsu hardware, then shares the deployment (only) with Zhejiang.
    const d = await deploy('on jiangsu', js.acceleratorIds.gpu!);
    await hub.driver.executeQuery(
      'MATCH (d:Deployment {id: $id}), (o:Org {id: "zhejiang"}) CREATE (d)-[:SHARED_WITH]->(o)',
      { id: d.id },
    );
    const QUERY =
      'query($id: ID!) { deployment(id: $id) { id modelVersion { id } accelerator { id name node { id } } } }';
    const asZhejiang = ok(
      await call<{ deployment: { accelerator: unknown; modelVersion: unknown } | null }>('viewer.zhejiang', QUERY, {
        id: d.id,
      }),
    ).deployment;
    assert.ok(asZhejiang, 'the deployment itself is shared with zhejiang');
    assert.equal(asZhejiang.accelerator, null, 'jiangsu hardware stays invisible to zhejiang');
    assert.equal(asZhejiang.modelVersion, null, 'so does the HQ model version');
    const asHq = ok(
      await call<{ deployment: { accelerator: { id: string; node: { id: string } } } }>('viewer', QUERY, { id: d.id }),
    ).deployment;
    assert.deepEqual(
      { id: asHq.accelerator.id, node: asHq.accelerator.node },
      { id: js.acceleratorIds.gpu, node: { id: js.nodeId } },
    );
    const asJiangsu = ok(await call<{ deployment: unknown }>('scientist.jiangsu', QUERY, { id: d.id })).deployment;
    assert.equal(asJiangsu, null, 'an HQ deployment is invisible to a branch it is not shared with');

    const count = async (user: string) =>
      ok(
        await call<{ deployments: { totalCount: number } }>(
          user,
          'query($f: DeploymentFilter) { deployments(filter: $f) { totalCount } }',
          { f: { acceleratorId: js.acceleratorIds.gpu } },
        ),
      ).deployments.totalCount;
    assert.equal(await count('viewer'), 1);
    assert.equal(await count('viewer.zhejiang'), 1);
    assert.equal(await count('scientist.jiangsu'), 0);

    const onAccelerator = async (user: string) =>
      ok(
        await call<{ accelerator: { deployments: { id: string }[] } | null }>(
          user,
          'query($id: ID!) { accelerator(id: $id) { deployments { id } } }',
          { id: js.acceleratorIds.gpu },
        ),
      ).accelerator;
    assert.deepEqual(await onAccelerator('viewer'), { deployments: [{ id: d.id }] }, 'what runs on this accelerator');
    assert.deepEqual(await onAccelerator('scientist.jiangsu'), { deployments: [] });
    assert.equal(await onAccelerator('viewer.zhejiang'), null);
  });

  test('one request walks deployment → accelerator → node → cluster', async () => {
    const d = await deploy('walk', hq.acceleratorIds.trt!);
    const res = await call<{
      deployment: {
        accelerator: { kind: string; node: { hostname: string; cluster: { id: string; owner: { id: string } } } };
      };
    }>(
      'viewer',
      'query($id: ID!) { deployment(id: $id) { accelerator { kind node { hostname cluster { id owner { id } } } } } }',
      { id: d.id },
    );
    const walked = ok(res).deployment.accelerator;
    assert.equal(walked.kind, 'GPU');
    assert.equal(walked.node.hostname, `hq-node-1.${tag}.local`);
    assert.deepEqual(walked.node.cluster, { id: hq.clusterId, owner: { id: 'hq' } });
  });

  test('one request walks model → versions → deployments → accelerator → node → cluster', async () => {
    const d = await deploy('model walk', hq.acceleratorIds.cpu!);
    const res = await call<{
      model: {
        id: string;
        deployments: { id: string }[];
        versions: { id: string; deployments: { id: string; accelerator: { node: { cluster: { id: string } } } }[] }[];
      };
    }>(
      'viewer',
      `query($id: ID!) { model(id: $id) { id deployments { id }
         versions { id deployments { id accelerator { node { cluster { id } } } } } } }`,
      { id: mv.modelId },
    );
    const model = ok(res).model;
    assert.ok(
      model.deployments.some((x) => x.id === d.id),
      'Model.deployments covers every version',
    );
    const version = model.versions.find((v) => v.id === mv.versionId);
    const walked = version?.deployments.find((x) => x.id === d.id);
    assert.deepEqual(walked?.accelerator.node.cluster, { id: hq.clusterId });
  });
});
