// startTraining / trainingRun through the gateway: GraphQL creates the TrainingRun and starts
// trainingWorkflow on an in-process worker (a task queue of its own); progress comes from the
// workflow's query. Real Neo4j, Keycloak and Temporal.
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { config, paths } from '../lib/config.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { seededRandom } from '../domain/random.js';
import { TRAINING_STEPS } from '../domain/training/shared.js';
import { createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { INTEGRITY_CHECKER } from '../domain/datasets/integrity.js';
import { blobKey, blobStore } from '../lib/storage/index.js';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { deletePrefix, s3Admin, s3StoreEnv, setEnv } from './helpers/s3.js';
import { digestOf } from '../lib/graph/audit.js';

// The run below holds at a known step through a test hook, accepted only where tests enable them.
process.env.PLINTH_TEST_HOOKS = '1';

const tag = `tapi-${randomUUID().slice(0, 8)}`;
const ids = { dataset: randomUUID(), datasetVersion: '', model: randomUUID() };
const tokens: Record<string, string> = {};
let hub: Hub;
/** Datasets the tamper test registered through GraphQL. */
const tamperDatasets: string[] = [];
let running: InProcessWorker | undefined;

/** 300 rows, y = 1 when a − b + noise > 0; c is noise. */
function csv(): string {
  const rand = seededRandom(99);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 300; i++) {
    const [a, b, c] = [rand() * 2 - 1, rand() * 2 - 1, rand()];
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${a - b + 0.1 * (rand() - 0.5) > 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

const START = `mutation($i: StartTrainingInput!) { startTraining(input: $i) { id workflowId runId status } }`;
const RUN = `query($id: ID!) { trainingRun(id: $id) { id status workflowId runId progress { step percent }
  generated { id version framework } usedDatasetVersions { id } } }`;
interface Run {
  id: string;
  status: string;
  workflowId: string;
  runId: string | null;
  progress: { step: string; percent: number } | null;
  generated?: { id: string; version: number; framework: string }[];
  usedDatasetVersions?: { id: string }[];
}
const input = (overrides: Record<string, unknown> = {}) => ({
  datasetVersionId: ids.datasetVersion,
  modelId: ids.model,
  targetColumn: 'y',
  task: 'BINARY',
  algorithm: 'CART',
  hyperparameters: { maxDepth: 4 },
  testFraction: 0.25,
  seed: 3,
  ...overrides,
});

before(async () => {
  hub = await startHub();
  for (const user of ['scientist', 'viewer', 'scientist.jiangsu']) tokens[user] = await tokenFor(user);
  await createFixtureDataset(hub.driver, ids.dataset, tag, 'rule');
  ids.datasetVersion = (await uploadFixtureVersion(hub.driver, ids.dataset, csv())).id;
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                      createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { model: ids.model, tag },
  );
  running = await startInProcessWorker(hub, 'test-training-api');
  trainingClientOptions.taskQueue = running.taskQueue;
});

after(async () => {
  await running?.stop();
  await closeTemporalClient();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS digests',
    ids,
  );
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion})
     DETACH DELETE m, v, r`,
    ids,
  );
  await removeDatasetsAndBlobs(
    hub.driver,
    [ids.dataset, ...tamperDatasets],
    (records[0]?.get('digests') as string[] | undefined) ?? [],
  );
  await hub.close();
});

test(
  'a scientist starts training, watches its progress, and gets a SUCCEEDED run that generated a ModelVersion',
  { timeout: 180_000 },
  async () => {
    // The durable timer after training holds the workflow at a known step long enough to observe it.
    const res = await gql<{ startTraining: Run }>(hub.gateway.url, START, {
      token: tokens.scientist,
      variables: { i: input({ hyperparameters: { maxDepth: 4, testDelayAfterTrainMs: 1500 } }) },
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const started = res.body.data!.startTraining;
    assert.match(started.workflowId, /^training\/[^/]+\/[0-9a-f-]{36}$/);
    assert.equal(started.status, 'RUNNING');
    assert.ok(started.runId, 'the run id is recorded');

    const seen: string[] = [];
    let run: Run;
    const deadline = Date.now() + 150_000;
    for (;;) {
      const polled = await gql<{ trainingRun: Run }>(hub.gateway.url, RUN, {
        token: tokens.scientist,
        variables: { id: started.id },
      });
      assert.equal(polled.body.errors, undefined, JSON.stringify(polled.body.errors));
      run = polled.body.data!.trainingRun;
      if (run.progress) {
        assert.ok((TRAINING_STEPS as readonly string[]).includes(run.progress.step), run.progress.step);
        assert.ok(run.progress.percent >= 0 && run.progress.percent <= 100);
        if (seen.at(-1) !== run.progress.step) seen.push(run.progress.step);
      }
      if (run.status !== 'RUNNING') break;
      assert.ok(Date.now() < deadline, `still running at ${JSON.stringify(run.progress)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(seen.includes('train'), `progress seen: ${seen.join(' → ')}`);
    const order = seen.map((s) => TRAINING_STEPS.indexOf(s as (typeof TRAINING_STEPS)[number]));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'progress only moves forward',
    );
    assert.equal(run.status, 'SUCCEEDED');
    assert.equal(run.workflowId, started.workflowId);
    assert.equal(run.runId, started.runId);
    assert.deepEqual(run.usedDatasetVersions, [{ id: ids.datasetVersion }]);
    assert.equal(run.generated?.length, 1);
    assert.equal(run.generated![0]!.framework, 'ml.js');
    // Finished: the workflow no longer answers progress.
    for (let i = 0; i < 50; i++) {
      const after = await gql<{ trainingRun: Run }>(hub.gateway.url, RUN, {
        token: tokens.scientist,
        variables: { id: started.id },
      });
      if (after.body.data!.trainingRun.progress === null) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('progress is null once the run has finished');
  },
);

test(
  'a viewer is FORBIDDEN; invisible or unknown dataset versions and models are NOT_FOUND; bad input is refused',
  { timeout: 60_000 },
  async () => {
    const viewer = await gql(hub.gateway.url, START, { token: tokens.viewer, variables: { i: input() } });
    assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(viewer.body.data?.startTraining ?? null, null);

    // scientist.jiangsu sees neither hq's dataset version nor hq's model.
    const other = await gql(hub.gateway.url, START, { token: tokens['scientist.jiangsu'], variables: { i: input() } });
    assert.equal(other.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(other.body.errors));
    const unknownVersion = await gql(hub.gateway.url, START, {
      token: tokens.scientist,
      variables: { i: input({ datasetVersionId: randomUUID() }) },
    });
    assert.equal(unknownVersion.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(unknownVersion.body.errors![0]!.message, /dataset version/);
    const unknownModel = await gql(hub.gateway.url, START, {
      token: tokens.scientist,
      variables: { i: input({ modelId: randomUUID() }) },
    });
    assert.equal(unknownModel.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(unknownModel.body.errors![0]!.message, /model/);

    for (const bad of [
      { testFraction: 1 },
      { hyperparameters: { maxDepth: 'deep' } },
      { task: 'REGRESSION', algorithm: 'LOGISTIC_REGRESSION' },
    ]) {
      const res = await gql(hub.gateway.url, START, { token: tokens.scientist, variables: { i: input(bad) } });
      assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(bad));
    }
    const runs = await hub.driver.executeQuery(
      'MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion}) RETURN count(r) AS n',
      ids,
    );
    assert.equal(Number(runs.records[0]?.get('n')), 1, 'refused requests leave no TrainingRun');
  },
);

/**
 * Upload through the gateway, `tamper` changes the stored bytes behind Plinth's back, then startTraining:
 * the run FAILED naming the version and both digests, the version TAMPERED, one audit event.
 */
async function tamperThenTrain(tamper: (digest: string, changed: string) => Promise<void>): Promise<string> {
  // Uploaded as a user would: a dataset through GraphQL, the bytes through the gateway's upload route.
  const created = await gql<{ registerDataset: { id: string } }>(
    hub.gateway.url,
    'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }',
    {
      token: tokens.scientist,
      variables: { input: { name: `${tag} tamper ${tamperDatasets.length + 1}`, tags: [tag] } },
    },
  );
  assert.equal(created.body.errors, undefined, JSON.stringify(created.body.errors));
  const datasetId = created.body.data!.registerDataset.id;
  tamperDatasets.push(datasetId);
  // Bytes of this run only: tampering with a blob another version shares would break that one too.
  const body = `${csv()}${randomInt(10_000) / 10_000},0.5,0.5,1\n`;
  const res = await fetch(new URL(`/api/datasets/${datasetId}/versions?format=csv`, hub.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.scientist}`, 'content-type': 'text/csv' },
    body,
  });
  const version = (await res.json()) as { id: string; contentHash: string; integrity: string };
  assert.equal(res.status, 201, JSON.stringify(version));
  assert.equal(version.contentHash, createHash('sha256').update(body).digest('hex'));
  // The profile job reads the bytes too; let it finish so that training is the reader that notices.
  await profilesSettled();

  // Someone with access to the store changes one label.
  const changed = body.replace(/,0\n/, ',1\n');
  await tamper(version.contentHash, changed);
  const found = createHash('sha256').update(changed).digest('hex');

  const started = await gql<{ startTraining: Run }>(hub.gateway.url, START, {
    token: tokens.scientist,
    variables: { i: input({ datasetVersionId: version.id }) },
  });
  assert.equal(started.body.errors, undefined, JSON.stringify(started.body.errors));
  let run: Run & { error: { step: string; code: string; message: string } | null };
  for (const deadline = Date.now() + 90_000; ; await new Promise((r) => setTimeout(r, 200))) {
    const polled = await gql<{ trainingRun: Run & { error: { step: string; code: string; message: string } | null } }>(
      hub.gateway.url,
      'query($id: ID!) { trainingRun(id: $id) { id status error { step code message } workflowId runId progress { step percent } } }',
      { token: tokens.scientist, variables: { id: started.body.data!.startTraining.id } },
    );
    assert.equal(polled.body.errors, undefined, JSON.stringify(polled.body.errors));
    run = polled.body.data!.trainingRun;
    if (run.status !== 'RUNNING') break;
    assert.ok(Date.now() < deadline, 'training still running after 90 s');
  }
  // What the scientist sees: the run FAILED at load, DATA_INTEGRITY, and why, with both digests.
  assert.equal(run.status, 'FAILED');
  assert.deepEqual([run.error?.step, run.error?.code], ['load', 'DATA_INTEGRITY'], JSON.stringify(run.error));
  const message = run.error!.message;
  assert.match(message, new RegExp(`dataset version ${version.id} is TAMPERED`));
  assert.ok(message.includes(version.contentHash), message);
  assert.ok(message.includes(found), message);
  assert.match(message, /upload it again as a new version/);

  const { records } = await hub.driver.executeQuery(
    `MATCH (v:DatasetVersion {id: $id})
       OPTIONAL MATCH (e:AuditEvent {targetId: $id, action: 'datasetVersion.integrity.tampered'})
       RETURN v.integrity AS integrity, v.foundDigest AS foundDigest, collect(e { .actorId, .afterDigest }) AS events`,
    { id: version.id },
  );
  assert.equal(records[0]!.get('integrity'), 'TAMPERED');
  assert.equal(records[0]!.get('foundDigest'), found);
  // One event, by Plinth's integrity checker, whose recorded state names both digests and the workflow.
  assert.deepEqual(records[0]!.get('events'), [
    {
      actorId: INTEGRITY_CHECKER.sub,
      afterDigest: digestOf({
        integrity: 'TAMPERED',
        contentHash: version.contentHash,
        foundDigest: found,
        noticedBy: `training workflow ${run.workflowId}`,
      }),
    },
  ]);
  const modelVersions = await hub.driver.executeQuery(
    'MATCH (r:TrainingRun {id: $id})-[:GENERATED]->(v) RETURN count(v) AS n',
    { id: run.id },
  );
  assert.equal(Number(modelVersions.records[0]!.get('n')), 0, 'no model version from tampered data');
  return version.contentHash;
}

test(
  'bytes changed in the local store after the upload: startTraining fails naming the version and both digests, TAMPERED, audited',
  { timeout: 120_000 },
  async () => {
    await tamperThenTrain(async (digest, changed) => {
      await writeFile(await blobStore().localFile(digest), changed);
    });
  },
);

test(
  'the same on the S3 store (s3proxy): the object is overwritten in the bucket, training fails naming both digests',
  { timeout: 120_000 },
  async () => {
    const prefix = `training-api-${tag}`;
    const s3 = s3Admin();
    const restore = setEnv(s3StoreEnv(prefix));
    let digest: string | undefined;
    try {
      digest = await tamperThenTrain(async (digest, changed) => {
        await s3.send(
          new PutObjectCommand({ Bucket: config.s3.bucket, Key: `${prefix}/${blobKey(digest)}`, Body: changed }),
        );
      });
    } finally {
      restore();
      await deletePrefix(s3, config.s3.bucket, `${prefix}/`);
      s3.destroy();
      // The store's local copy for readers that need a file.
      if (digest) await rm(join(paths.home, 's3-cache', blobKey(digest)), { force: true });
    }
  },
);
