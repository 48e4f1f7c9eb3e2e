// Active learning as a durable workflow (issue #19), end to end through the gateway with real tokens,
// Neo4j, Keycloak and the Temporal dev server (an in-process worker on a queue of the test's own):
// a 120-row, 2-class table is uploaded; a text-classification project on it leaves its tasks unassigned
// (the open pool); the scientist starts active learning (margin, batch 5, budget 20, evaluation set 20).
// The test acts as the annotator (submitAnnotation with the truth) and the scientist as reviewer
// (reviewLabelTask ACCEPT) for every batch the workflow sends, until the run stops by its budget: each
// round after the seed has the active learner's and the random baseline's accuracy on the same
// evaluation set, the labels grow by the batch size, every task the loop sent carries its round as
// batch. A second run is cancelled while it waits for labels and reads CANCELLED. Refusals: an
// annotator may not start a run, a bad batch size is named, a pool too small is explained. Then: on
// Temporal's time-skipping server (nudges cannot reach it, as if lost) the hourly check moves the loop on; a
// failing round lands on the run as FAILED with its error; the features of table rows and images.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { config } from '../lib/config.js';
import { createActivities } from '../workflows/activities.js';
import type { activeLearningWorkflow } from '../workflows/labeling/workflows.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { closeTemporalClient, temporalClient } from '../domain/temporal/client.js';
import { activeLearningClientOptions } from '../domain/labeling/active-client.js';
import { createAlRun } from '../domain/labeling/active-run-store.js';
import { IMAGE_SIDE, itemFeatures, TEXT_DIMENSIONS } from '../domain/labeling/features.js';
import type { ActiveLearningInput } from '../domain/labeling/active-shared.js';
import { seededRandom } from '../domain/random.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { decodeClaims, tokenFor } from './helpers/tokens.js';
import { bmp, zip } from './helpers/archives.js';
import { timeSkippingEnvironment, timeSkippingWorker, timersOf, type TimeSkipping } from './helpers/time-skipping.js';

const tag = `al-wf-${randomBytes(3).toString('hex')}`;
let hub: Hub;
let worker: { worker: Worker; connection: NativeConnection; done: Promise<void> } | undefined;
let skipping: TimeSkipping | undefined;
const taskQueue = `test-active-learning-${randomUUID()}`;
let versionId: string;
const saved = { ...activeLearningClientOptions };
const created = { datasets: [] as string[], projects: [] as string[], workflows: [] as string[] };

// 120 rows: the class is which side of a line (x1 + 0.5·x2 = 0) a point lies; the note's words lean the
// same way (a word of the other class's in one row of ten), so both kinds of feature carry signal.
const WORDS = { hot: ['sunny', 'warm'], cold: ['rain', 'snow'] };
const ROWS = (() => {
  const rand = seededRandom(19);
  const word = (label: 'hot' | 'cold') => {
    const side = rand() < 0.1 ? (label === 'hot' ? 'cold' : 'hot') : label;
    return WORDS[side][Math.floor(rand() * 2)]!;
  };
  return Array.from({ length: 120 }, () => {
    const x1 = Math.round((rand() * 4 - 2) * 1000) / 1000;
    const x2 = Math.round((rand() * 4 - 2) * 1000) / 1000;
    const label = x1 + 0.5 * x2 > 0 ? ('hot' as const) : ('cold' as const);
    return { note: `${word(label)} day`, x1, x2, label };
  });
})();
const CSV = `note,x1,x2\n${ROWS.map((r) => `${r.note},${r.x1},${r.x2}`).join('\n')}\n`;

async function api<T>(user: string, query: string, variables: Record<string, unknown> = {}) {
  return gql<T>(hub.gateway.url, query, { token: await tokenFor(user), variables });
}
async function ok<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await api<T>(user, query, variables);
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!;
}

async function upload(body: string | Buffer, format: string): Promise<string> {
  const { registerDataset } = await ok<{ registerDataset: { id: string } }>(
    'scientist',
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    { input: { name: `${tag} ${format} ${randomBytes(2).toString('hex')}`, tags: [tag] } },
  );
  created.datasets.push(registerDataset.id);
  const res = await fetch(new URL(`/api/datasets/${registerDataset.id}/versions?format=${format}`, hub.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor('scientist')}`, 'content-type': 'application/octet-stream' },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const version = (await res.json()) as { id: string };
  assert.equal(res.status, 201, JSON.stringify(version));
  await profilesSettled();
  return version.id;
}

async function newProject(versionId: string, name: string, assignAll: boolean): Promise<string> {
  const { createLabelingProject } = await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>(
    'scientist',
    `mutation($input: CreateLabelingProjectInput!) { createLabelingProject(input: $input) { id labelDataset { id } } }`,
    {
      input: {
        name: `${tag} ${name}`,
        description: 'active learning test',
        sourceVersionId: versionId,
        taskType: 'TEXT_CLASSIFICATION',
        labels: [
          { value: 'hot', name: '热', nameEn: 'Hot' },
          { value: 'cold', name: '冷', nameEn: 'Cold' },
        ],
        textColumn: 'note',
        overlap: 1,
        annotators: ['annotator'],
        assignAll,
      },
    },
  );
  created.projects.push(createLabelingProject.id);
  created.datasets.push(createLabelingProject.labelDataset.id);
  return createLabelingProject.id;
}

const START = `mutation($p: ID!, $input: StartActiveLearningInput!) { startActiveLearning(projectId: $p, input: $input) {
  id workflowId status } }`;
const RUN = `query($id: ID!) { activeLearningRun(id: $id) { id status stopReason error workflowId labels accuracy
  baselineAccuracy rounds { round labels baselineLabels accuracy baselineAccuracy evaluated pool batch activeBatch
  baselineBatch stopReason } } }`;

interface Round {
  round: number;
  labels: number;
  baselineLabels: number;
  accuracy: number | null;
  baselineAccuracy: number | null;
  evaluated: number;
  pool: number;
  batch: string[];
  activeBatch: string[];
  baselineBatch: string[];
  stopReason: string | null;
}
interface Run {
  id: string;
  status: string;
  stopReason: string | null;
  error: string | null;
  workflowId: string;
  labels: number;
  accuracy: number | null;
  baselineAccuracy: number | null;
  rounds: Round[];
}

async function run(id: string): Promise<Run> {
  return (await ok<{ activeLearningRun: Run }>('scientist', RUN, { id })).activeLearningRun;
}

/** The annotator's open tasks of the project: [taskId, item]. */
async function myOpenTasks(projectId: string): Promise<{ id: string; item: string }[]> {
  const { labelingProject } = await ok<{
    labelingProject: null | { tasks: { edges: { node: { id: string; item: string } }[] } };
  }>(
    'annotator',
    `query($p: ID!) { labelingProject(id: $p) { tasks(status: OPEN, assignedToMe: true, first: 100) {
       edges { node { id item } } } } }`,
    { p: projectId },
  );
  // Null until a task of the project is assigned to the annotator: only then may they see it.
  return labelingProject?.tasks.edges.map((e) => e.node) ?? [];
}

/** Labels (the truth) and accepts every open task assigned to the annotator, 8 at a time; returns how many. */
async function labelOpenTasks(projectId: string): Promise<number> {
  const tasks = await myOpenTasks(projectId);
  const one = async (task: { id: string; item: string }) => {
    await ok('annotator', `mutation($t: ID!, $v: String!) { submitAnnotation(taskId: $t, value: $v) { id } }`, {
      t: task.id,
      v: JSON.stringify({ label: ROWS[Number(task.item)]!.label }),
    });
    await ok('scientist', `mutation($t: ID!) { reviewLabelTask(taskId: $t, decision: ACCEPT) { id status } }`, {
      t: task.id,
    });
  };
  for (let i = 0; i < tasks.length; i += 8) await Promise.all(tasks.slice(i, i + 8).map(one));
  return tasks.length;
}

before(async () => {
  // The test server, the hub and one workflow bundle for both workers, side by side.
  const environment = timeSkippingEnvironment();
  const [started, bundle] = await Promise.all([
    startHub(),
    bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url)) }),
  ]);
  hub = started;
  const activities = createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url });
  skipping = await timeSkippingWorker(environment, {
    taskQueue: `${taskQueue}-skipping`,
    workflowBundle: bundle,
    activities,
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const devWorker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  worker = { worker: devWorker, connection, done: devWorker.run() };
  activeLearningClientOptions.taskQueue = taskQueue;
  activeLearningClientOptions.computeQueue = taskQueue;
  // Five minutes, as good as never here: every wait below ends by reviewLabelTask's nudge (the periodic
  // check a lost nudge falls back on is the time-skipping test's).
  activeLearningClientOptions.checkIntervalSeconds = 300;
  versionId = await upload(CSV, 'csv');
});

after(async () => {
  Object.assign(activeLearningClientOptions, saved);
  // A run still waiting (a failed assertion) would keep polling the deleted project.
  const client = await temporalClient();
  for (const id of created.workflows)
    await client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  if (worker) {
    worker.worker.shutdown();
    await worker.done;
    await worker.connection.close();
  }
  await skipping?.stop();
  await closeTemporalClient();
  await hub.driver.executeQuery(
    `MATCH (p:LabelingProject) WHERE p.id IN $ids
     OPTIONAL MATCH (t:LabelTask {projectId: p.id})
     OPTIONAL MATCH (a:Annotation {taskId: t.id})
     OPTIONAL MATCH (s:Suggestion {taskId: t.id})
     OPTIONAL MATCH (r:ActiveLearningRun {projectId: p.id})
     DETACH DELETE a, s, t, r, p`,
    { ids: created.projects },
  );
  await removeDatasetsAndBlobs(hub.driver, created.datasets);
  await hub.close();
  console.log(`active-learning workflow ids: ${created.workflows.join(' ')}`);
});

test(
  'active learning: rounds with the learner and a random baseline measured on labels people gave, stopped by the budget; cancel works',
  { timeout: 120_000 },
  async () => {
    const projectId = await newProject(versionId, 'pool', false);
    const input = {
      strategy: 'MARGIN',
      batchSize: 5,
      budget: 20,
      evalSize: 20,
      plateauRounds: 0,
      annotators: ['annotator'],
      seed: 7,
    };

    // Refusals first: nothing is started by them.
    const asAnnotator = await api('annotator', START, { p: projectId, input });
    assert.equal(asAnnotator.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(asAnnotator.body));
    const badBatch = await api('scientist', START, { p: projectId, input: { ...input, batchSize: 0 } });
    assert.match(badBatch.body.errors?.[0]?.message ?? '', /input\.batchSize must be an integer from 1 to 500/);
    const assigned = await newProject(versionId, 'assigned', true);
    const noPool = await api('scientist', START, { p: assigned, input });
    assert.match(noPool.body.errors?.[0]?.message ?? '', /0 open unassigned task\(s\).*assignAll: false/);

    const started = await ok<{ startActiveLearning: { id: string; workflowId: string; status: string } }>(
      'scientist',
      START,
      { p: projectId, input },
    );
    const runId = started.startActiveLearning.id;
    created.workflows.push(started.startActiveLearning.workflowId);
    assert.equal(started.startActiveLearning.status, 'RUNNING');
    assert.match(started.startActiveLearning.workflowId, new RegExp(`^active-learning/${projectId}/`));

    // Act as annotator and reviewer for every batch the workflow sends, until it stops.
    let labeled = 0;
    const loopStarted = Date.now();
    let current = await run(runId);
    for (const until = Date.now() + 90_000; current.status === 'RUNNING'; current = await run(runId)) {
      assert.ok(Date.now() < until, `still RUNNING after 90 s: ${JSON.stringify(current.rounds.at(-1))}`);
      const n = await labelOpenTasks(projectId);
      labeled += n;
      if (n === 0) await new Promise((r) => setTimeout(r, 150));
    }
    assert.equal(current.status, 'SUCCEEDED', current.error ?? '');
    assert.equal(current.stopReason, 'BUDGET');
    const rounds = current.rounds;
    assert.deepEqual(
      rounds.map((r) => r.round),
      [1, 2, 3, 4, 5],
    );
    // The seed round: the evaluation set (20) and the seed batch (5), nothing trained yet.
    assert.equal(rounds[0]!.accuracy, null);
    assert.equal(rounds[0]!.batch.length, 25);
    assert.deepEqual(rounds[0]!.activeBatch, rounds[0]!.baselineBatch);
    // Every later round: both learners measured on the same 20 labeled items, 5 more labels each round.
    for (const [i, r] of rounds.slice(1).entries()) {
      assert.equal(r.labels, 5 * (i + 1));
      assert.equal(r.baselineLabels, 5 * (i + 1));
      assert.equal(r.evaluated, 20);
      assert.equal(typeof r.accuracy, 'number');
      assert.equal(typeof r.baselineAccuracy, 'number');
    }
    assert.equal(rounds.at(-1)!.stopReason, 'BUDGET');
    assert.deepEqual(rounds.at(-1)!.batch, []);
    console.log(
      `${((Date.now() - loopStarted) / 1000).toFixed(1)} s, rounds: ${rounds.map((r) => `${r.labels} labels: AL ${r.accuracy?.toFixed(3) ?? '-'} / random ${r.baselineAccuracy?.toFixed(3) ?? '-'}`).join('; ')}; ${labeled} tasks labeled`,
    );
    // Task order, seed and labels fix every draw, so these figures are the same on every run.
    assert.ok(current.accuracy! >= 0.8, `accuracy with 20 labels: ${current.accuracy}`);

    // Each task the loop sent was assigned to the annotator with its round as batch, and is ACCEPTED.
    const { records } = await hub.driver.executeQuery(
      `MATCH (t:LabelTask {projectId: $p}) WHERE t.batch > 0
       RETURN t.id AS id, t.batch AS batch, t.status AS status, t.assignees AS assignees`,
      { p: projectId },
    );
    const sent = new Map(records.map((r) => [r.get('id') as string, r.toObject()]));
    assert.equal(sent.size, labeled);
    // A pick the other learner had labeled already is reused, not sent again: it keeps its earlier batch.
    for (const r of rounds.slice(0, -1))
      for (const id of r.batch) {
        const task = sent.get(id);
        assert.ok(task, `task ${id} of round ${r.round} was assigned`);
        assert.ok(Number(task.batch) >= 1 && Number(task.batch) <= r.round, `task ${id}: batch ${task.batch}`);
        assert.equal(task.status, 'ACCEPTED');
        assert.deepEqual(task.assignees, ['annotator']);
      }
    assert.ok(
      rounds.slice(0, -1).every((r) => r.batch.some((id) => Number(sent.get(id)!.batch) === r.round)),
      'every round sent tasks of its own',
    );
    const listed = await ok<{ labelingProject: { activeLearningRuns: { id: string; status: string }[] } }>(
      'scientist',
      `query($p: ID!) { labelingProject(id: $p) { activeLearningRuns { id status } } }`,
      { p: projectId },
    );
    assert.deepEqual(listed.labelingProject.activeLearningRuns, [{ id: runId, status: 'SUCCEEDED' }]);
    // The run is its project's managers' to see: the annotator it assigned tasks to, a viewer and a
    // dispatcher of the same org find nothing.
    for (const user of ['annotator', 'viewer', 'dispatcher'])
      assert.equal(
        (await ok<{ activeLearningRun: Run | null }>(user, RUN, { id: runId })).activeLearningRun,
        null,
        user,
      );

    // A second run on what is left of the pool, cancelled while it waits for its seed round's labels.
    const second = await ok<{ startActiveLearning: { id: string; workflowId: string } }>('scientist', START, {
      p: projectId,
      input: { ...input, evalSize: 5, batchSize: 5, budget: 20 },
    });
    created.workflows.push(second.startActiveLearning.workflowId);
    const secondId = second.startActiveLearning.id;
    for (const until = Date.now() + 30_000; (await run(secondId)).rounds.length === 0;)
      assert.ok(Date.now() < until, 'the second run recorded no round within 30 s');
    const cancel = await ok<{ cancelActiveLearning: { id: string } }>(
      'scientist',
      `mutation($id: ID!) { cancelActiveLearning(id: $id) { id } }`,
      { id: secondId },
    );
    assert.equal(cancel.cancelActiveLearning.id, secondId);
    let cancelled = await run(secondId);
    for (const until = Date.now() + 30_000; cancelled.status === 'RUNNING'; cancelled = await run(secondId))
      assert.ok(Date.now() < until, 'not CANCELLED within 30 s');
    assert.equal(cancelled.status, 'CANCELLED');
    assert.equal(cancelled.stopReason, 'CANCELLED');
    // The workflow itself ends cancelled (just after it recorded so on the run).
    const handle = (await temporalClient()).workflow.getHandle(second.startActiveLearning.workflowId);
    await assert.rejects(handle.result(), /cancel/i);
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
    const again = await api('scientist', `mutation($id: ID!) { cancelActiveLearning(id: $id) { id } }`, {
      id: secondId,
    });
    assert.match(again.body.errors?.[0]?.message ?? '', /has already ended \(CANCELLED\)/);
    // Audited: start, every round, the end, the cancel request.
    const { records: audit } = await hub.driver.executeQuery(
      `MATCH (e:AuditEvent) WHERE e.targetId IN $ids RETURN e.action AS action, count(*) AS n ORDER BY action`,
      { ids: [runId, secondId] },
    );
    const actions = Object.fromEntries(audit.map((r) => [r.get('action') as string, Number(r.get('n'))]));
    assert.deepEqual(actions, {
      'active-learning.cancel': 1,
      'active-learning.cancelled': 1,
      'active-learning.round': 6,
      'active-learning.start': 2,
      'active-learning.succeeded': 1,
    });
  },
);

test(
  'time-skipping: a lost nudge does not stall the loop: the hourly check finds the labels and the next round runs',
  { timeout: 120_000 },
  async () => {
    const env = skipping!.env;
    const projectId = await newProject(versionId, 'hourly', false);
    // The requester as startActiveLearning would take it from the verified token.
    const claims = decodeClaims(await tokenFor('scientist'));
    const requestedBy = { sub: String(claims.sub), username: 'scientist', org: String(claims.org) };
    const alRunId = randomUUID();
    const workflowId = `active-learning/${projectId}/${alRunId}`;
    const input: ActiveLearningInput = {
      alRunId,
      projectId,
      strategy: 'ENTROPY',
      diversity: true,
      batchSize: 5,
      budget: 5,
      evalSize: 10,
      plateau: { rounds: 0, epsilon: 0 },
      annotators: ['annotator'],
      seed: 3,
      requestedBy,
      computeQueue: skipping!.taskQueue,
      checkIntervalSeconds: 3600,
    };
    await createAlRun(hub.driver, input, workflowId);
    // Started on the test server: reviewLabelTask's nudges go to the dev server and find no such
    // workflow, as a lost signal would. Only the hourly check can move the loop on.
    const handle = await env.client.workflow.start<typeof activeLearningWorkflow>('activeLearningWorkflow', {
      taskQueue: skipping!.taskQueue,
      workflowId,
      args: [input],
    });
    // Time does not skip while the test labels: the workflow sits in its hour-long wait.
    let labeled = 0;
    for (const until = Date.now() + 30_000; labeled < 15; labeled += await labelOpenTasks(projectId))
      assert.ok(Date.now() < until, `only ${labeled} of the seed round's 15 tasks came within 30 s`);
    assert.equal(labeled, 15);
    const result = await handle.result();
    assert.deepEqual([result.stopReason, result.rounds, result.labels], ['BUDGET', 2, 5]);
    const events = (await handle.fetchHistory()).events ?? [];
    assert.ok(timersOf(events).includes(3600), `an hour-long check: ${timersOf(events).join(', ')}`);
    const done = await run(alRunId);
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(typeof done.rounds[1]!.accuracy, 'number');
    assert.equal(typeof done.rounds[1]!.baselineAccuracy, 'number');
  },
);

test(
  'a failure lands on the run: status FAILED, the error naming what is wrong, through GraphQL',
  { timeout: 60_000 },
  async () => {
    const projectId = await newProject(versionId, 'broken', false);
    // The source version gone from under the project (the test's own data): the first round cannot read it.
    await hub.driver.executeQuery(`MATCH (p:LabelingProject {id: $id}) SET p.sourceVersionId = 'no-such-version'`, {
      id: projectId,
    });
    const started = await ok<{ startActiveLearning: { id: string; workflowId: string } }>('scientist', START, {
      p: projectId,
      input: { batchSize: 5, budget: 10, evalSize: 5, annotators: ['annotator'] },
    });
    created.workflows.push(started.startActiveLearning.workflowId);
    let failed = await run(started.startActiveLearning.id);
    for (const until = Date.now() + 30_000; failed.status === 'RUNNING'; failed = await run(failed.id))
      assert.ok(Date.now() < until, 'not FAILED within 30 s');
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.stopReason, 'FAILED');
    assert.match(failed.error ?? '', /no dataset version with id "no-such-version"/);
    assert.deepEqual(failed.rounds, []);
  },
);

test("features: a table row's numeric columns (a gap filled with the mean, a constant left out) plus its text's n-grams; an image's 8×8 grey pixels", async () => {
  const table = await upload('a,b,c,t\n1,5,,x\n3,5,2,y\n,5,4,z\n', 'csv');
  const rows = await itemFeatures(
    hub.driver,
    { sourceVersionId: table, taskType: 'TEXT_CLASSIFICATION', textColumn: 't' },
    [
      { item: '2', text: 'z' },
      { item: '0', text: 'x' },
    ],
    'test',
  );
  assert.deepEqual(
    rows.map((r) => r.slice(0, 2)),
    [
      [2, 4],
      [1, 3],
    ],
  );
  assert.equal(rows[0]!.length, 2 + TEXT_DIMENSIONS);
  const images = await upload(
    zip([
      { name: 'white.bmp', data: bmp(16, 16, [255, 255, 255]) },
      { name: 'black.bmp', data: bmp(16, 16, [0, 0, 0]) },
    ]),
    'zip',
  );
  const [white, black] = await itemFeatures(
    hub.driver,
    { sourceVersionId: images, taskType: 'IMAGE_CLASSIFICATION' },
    [{ item: 'white.bmp' }, { item: 'black.bmp' }],
    'test',
  );
  assert.equal(white!.length, IMAGE_SIDE * IMAGE_SIDE);
  assert.ok(white!.every((v) => v === 1) && black!.every((v) => v === 0), `${white} / ${black}`);
  await assert.rejects(
    itemFeatures(hub.driver, { sourceVersionId: table, taskType: 'TEXT_CLASSIFICATION' }, [{ item: '3' }], 'test'),
    /row 3 is not in dataset version/,
  );
});
