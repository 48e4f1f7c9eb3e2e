// The execution provider a deployment asked for survives a reload: the runtime overwrites
// executionProvider with the one in use (cpu after a fallback), so a restart that took that as the
// plan lost the fallback and its reason (a portal showed "cpu", no reason, for a deployment that
// asked for a GPU). plannedExecutionProvider keeps the request; every load tries it first again.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { activateDeployment } from '../subgraphs/serving/inference/host.js';
import { client, createModelVersion, deleteTagged, ok, registerHardware, type Gql } from './helpers/hardware.js';
import { startHub, type Hub } from './helpers/hub.js';

const tag = `spp-${randomUUID().slice(0, 8)}`;
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

const FIELDS = 'id status executionProvider plannedExecutionProvider fallbackReason';
interface Shown {
  id: string;
  status: string;
  executionProvider: string | null;
  plannedExecutionProvider: string | null;
  fallbackReason: string | null;
}

test('a deployment that fell back from its chosen provider falls back again, with the reason, after a reload', async () => {
  // CANN is in no onnxruntime-node build, so this falls back on any host, with or without a GPU.
  const hw = await registerHardware(call, tag, 'npu', 'hq', {
    npu: { kind: 'NPU', memoryMb: 65536, executionProviders: ['cpu', 'cann'] },
  });
  const mv = await createModelVersion(hub.driver, tag, 'planned provider', 'hq', 1024);
  const created = ok(
    await call<{ createDeployment: Shown }>(
      'engineer',
      `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { ${FIELDS} } }`,
      {
        input: {
          name: `${tag} cann chosen`,
          modelVersionId: mv.versionId,
          acceleratorId: hw.acceleratorIds.npu,
          executionProvider: 'cann',
          tags: [tag],
        },
      },
    ),
  ).createDeployment;
  assert.equal(created.status, 'READY');
  assert.equal(created.executionProvider, 'cpu');
  assert.equal(created.plannedExecutionProvider, 'cann');
  assert.match(String(created.fallbackReason), /^cann .*using cpu$/);

  // What a restart's restoreDeployments does for each serving deployment.
  await activateDeployment(hub.driver, created.id);
  const reloaded = ok(
    await call<{ deployment: Shown }>('engineer', `query($id: ID!) { deployment(id: $id) { ${FIELDS} } }`, {
      id: created.id,
    }),
  ).deployment;
  assert.deepEqual(reloaded, created);
});
