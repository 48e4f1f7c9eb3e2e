// Pre-annotation (issue #19) through the gateway with real Keycloak tokens, Neo4j, Temporal and
// onnxruntime: six rendered images of text lines (known boxes) uploaded as a ZIP collection, a
// BOUNDING_BOX project on it, the PP-OCRv4 detector registered as a model version from the OCR package's
// own file, an OCR_PIPELINE service. Checked: the item route serves a task's image to its assignee and
// the project's owners, byte for byte, with its content type, private caching and nosniff, and the same
// 404 to everyone else; preAnnotate runs a compute workflow whose run record counts every task done,
// each task then carries a suggestion with a confidence, made by that model version, whose boxes overlap
// the rendered lines (IoU ≥ 0.5); a second run replaces the suggestions (one per task); who may not
// pre-annotate, and what, is refused naming the problem.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { preAnnotationClientOptions } from '../domain/labeling/pre-annotate-client.js';
import { matchBoxes } from '../domain/labeling/pre-annotate.js';
import { MODEL_FILES, defaultModelsDir } from '../domain/ocr/models.js';
import { renderTextScene, type TextScene } from '../scripts/fixtures/text-lines.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { zip } from './helpers/archives.js';
import { tokenFor } from './helpers/tokens.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { removeUnreferencedBlobs } from './helpers/training-fixtures.js';
import { deployableVersion, deployOnCpu } from './helpers/deployable.js';
import { DARK_LIGHT_CLASSES, PIXEL_FEATURES, darkLightClassifier } from './helpers/classifiers.js';

const tag = `pre-${randomBytes(3).toString('hex')}`;
let hub: Hub;
let worker: InProcessWorker;
const created = {
  datasets: [] as string[],
  projects: [] as string[],
  models: [] as string[],
  services: [] as string[],
};
const scenes = new Map<string, TextScene>();
let projectId = '';
let serviceId = '';
let modelVersionId = '';
let sourceVersionId = '';

interface Errors {
  message: string;
  extensions?: { code?: string; field?: string };
}
async function api<T>(user: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await gql<T>(hub.gateway.url, query, { token: await tokenFor(user), variables });
  return res.body as { data?: T | null; errors?: Errors[] };
}
async function ok<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await api<T>(user, query, variables);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data!;
}
const origin = () => hub.gateway.url.replace(/\/graphql$/, '');

const RUN = `id status total done failed failures { taskId item error } error modelVersionId serviceId workflowId`;
interface Run {
  id: string;
  status: string;
  total: number | null;
  done: number;
  failed: number;
  failures: { taskId: string; item: string; error: string }[];
  error: string | null;
  modelVersionId: string | null;
  serviceId: string;
  workflowId: string;
}
interface TaskRow {
  id: string;
  item: string;
  assignees: string[];
  itemUrl: string | null;
  suggestion: { value: string; confidence: number; modelVersionId: string } | null;
}

before(async () => {
  hub = await startHub();
  worker = await startInProcessWorker(hub, 'pre-annotation');
  preAnnotationClientOptions.taskQueue = worker.taskQueue;
  // Six images of rendered lines with their true boxes, as a ZIP collection.
  const entries = [];
  for (let i = 0; i < 6; i++) {
    const scene = await renderTextScene(7, i);
    const name = `scenes/${i}.${scene.format === 'png' ? 'png' : 'jpg'}`;
    scenes.set(name, scene);
    entries.push({ name, data: scene.bytes });
  }
  const { registerDataset } = await ok<{ registerDataset: { id: string } }>(
    'scientist',
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    { input: { name: `${tag} scenes`, tags: [tag] } },
  );
  created.datasets.push(registerDataset.id);
  const res = await fetch(`${origin()}/api/datasets/${registerDataset.id}/versions?format=zip`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor('scientist')}`, 'content-type': 'application/zip' },
    body: new Uint8Array(zip(entries)),
  });
  const version = (await res.json()) as { id: string };
  assert.equal(res.status, 201, JSON.stringify(version));
  sourceVersionId = version.id;
  const project = (
    await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>(
      'scientist',
      `mutation($input: CreateLabelingProjectInput!) { createLabelingProject(input: $input) { id labelDataset { id } } }`,
      {
        input: {
          name: `${tag} lines`,
          description: 'text lines',
          sourceVersionId: version.id,
          taskType: 'BOUNDING_BOX',
          labels: [
            { value: 'stamp', name: '印章', nameEn: 'Stamp' },
            { value: 'text', name: '文字', nameEn: 'Text' },
          ],
          overlap: 1,
          annotators: ['annotator'],
        },
      },
    )
  ).createLabelingProject;
  projectId = project.id;
  created.projects.push(project.id);
  created.datasets.push(project.labelDataset.id);
  // The detector the OCR preset runs, registered from the package's own file; an OCR_PIPELINE service.
  const model = (
    await ok<{ registerModel: { id: string } }>(
      'scientist',
      `mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }`,
      { i: { name: `${tag} PP-OCRv4 det`, task: 'ocr-detection', tags: [tag] } },
    )
  ).registerModel.id;
  created.models.push(model);
  const det = await readFile(join(defaultModelsDir(), MODEL_FILES.det));
  const up = await fetch(`${origin()}/api/models/${model}/versions?framework=paddle`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor('scientist')}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(det),
  });
  assert.equal(up.status, 201, await up.clone().text());
  modelVersionId = ((await up.json()) as { id: string }).id;
  serviceId = (
    await ok<{ registerService: { id: string } }>(
      'engineer',
      'mutation($i: RegisterServiceInput!) { registerService(input: $i) { id } }',
      { i: { name: `${tag} OCR`, tags: [tag], kind: 'OCR_PIPELINE' } },
    )
  ).registerService.id;
  created.services.push(serviceId);
});

after(async () => {
  await hub.driver.executeQuery(
    `MATCH (p:LabelingProject) WHERE p.id IN $ids
     OPTIONAL MATCH (t:LabelTask {projectId: p.id})
     OPTIONAL MATCH (x) WHERE (x:Annotation OR x:Suggestion) AND x.taskId = t.id
     OPTIONAL MATCH (r:PreAnnotationRun {projectId: p.id})
     DETACH DELETE x, t, r, p`,
    { ids: created.projects },
  );
  const { records } = await hub.driver.executeQuery(
    `MATCH (m:Model)-[:HAS_VERSION]->(v) WHERE m.id IN $ids OR $tag IN m.tags RETURN collect(v.artifactDigest) AS digests`,
    { ids: created.models, tag },
  );
  await hub.driver.executeQuery(
    `MATCH (n) WHERE ((n:Model OR n:Service) AND n.id IN $ids)
       OR ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags)
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { ids: [...created.models, ...created.services], tag },
  );
  await removeUnreferencedBlobs(hub.driver, (records[0]?.get('digests') as string[] | undefined) ?? []);
  await removeDatasetsAndBlobs(hub.driver, created.datasets);
  await worker?.stop();
  await hub.close();
});

const TASKS = `query($id: ID!) { labelingProject(id: $id) { tasks(first: 100) { edges { node {
  id item assignees itemUrl suggestion { value confidence modelVersionId } } } } } }`;
const tasksOf = async (user = 'scientist'): Promise<TaskRow[]> =>
  (
    await ok<{ labelingProject: { tasks: { edges: { node: TaskRow }[] } } }>(user, TASKS, { id: projectId })
  ).labelingProject.tasks.edges.map((e) => e.node);

async function fetchItem(url: string, user: string | null, method = 'GET') {
  const headers: Record<string, string> = user ? { authorization: `Bearer ${await tokenFor(user)}` } : {};
  return fetch(`${origin()}${url}`, { method, headers });
}

test("the item route: the task's image to its assignee and owners, the same 404 to anyone else", async () => {
  const tasks = await tasksOf();
  assert.equal(tasks.length, 6);
  const task = tasks[0]!;
  assert.equal(task.itemUrl, `/api/labeling/tasks/${task.id}/item`);
  assert.deepEqual(task.assignees, ['annotator']);
  const scene = scenes.get(task.item)!;
  for (const user of ['annotator', 'scientist']) {
    const res = await fetchItem(task.itemUrl!, user);
    assert.equal(res.status, 200, `${user}: ${res.status}`);
    assert.equal(res.headers.get('content-type'), `image/${scene.format}`);
    assert.match(res.headers.get('cache-control') ?? '', /\bprivate\b/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(scene.bytes), `${user}: the bytes uploaded`);
  }
  const head = await fetchItem(task.itemUrl!, 'annotator', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(scene.bytes.length));
  // Not assigned, another org, a viewer, and a task that does not exist: one answer, nothing leaked.
  const missing = `/api/labeling/tasks/${randomBytes(8).toString('hex')}/item`;
  const bodies = new Set<string>();
  for (const [user, url] of [
    ['annotator2', task.itemUrl!],
    ['scientist.jiangsu', task.itemUrl!],
    ['viewer', task.itemUrl!],
    ['annotator2', missing],
  ] as const) {
    const res = await fetchItem(url, user);
    assert.equal(res.status, 404, `${user} ${url}`);
    const body = (await res.json()) as { errors: { message: string }[] };
    bodies.add(body.errors[0]!.message.replace(/tasks? \S+/, 'task X'));
  }
  assert.equal(bodies.size, 1, [...bodies].join(' | '));
  assert.equal((await fetchItem(task.itemUrl!, null)).status, 401);
  // Only that path is forwarded by the gateway.
  assert.equal((await fetchItem(`/api/labeling/tasks/${task.id}/other`, 'scientist')).status, 404);
});

async function waitForRun(id: string): Promise<Run> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { preAnnotationRun } = await ok<{ preAnnotationRun: Run }>(
      'scientist',
      `query($id: ID!) { preAnnotationRun(id: $id) { ${RUN} } }`,
      { id },
    );
    if (preAnnotationRun.status !== 'RUNNING') return preAnnotationRun;
    assert.ok(Date.now() < deadline, `run ${id} still RUNNING: ${JSON.stringify(preAnnotationRun)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const PRE = `mutation($p: ID!, $s: ID!) { preAnnotate(projectId: $p, serviceId: $s) { ${RUN} } }`;

test(
  'preAnnotate: every open task gets a suggestion with a confidence whose boxes match the rendered lines',
  { timeout: 150_000 },
  async () => {
    const started = (await ok<{ preAnnotate: Run }>('scientist', PRE, { p: projectId, s: serviceId })).preAnnotate;
    assert.equal(started.status, 'RUNNING');
    assert.match(started.workflowId, /^pre-annotation\//);
    const run = await waitForRun(started.id);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual([run.total, run.done, run.failed, run.modelVersionId], [6, 6, 0, modelVersionId]);
    const tasks = await tasksOf();
    let lines = 0;
    let matched = 0;
    for (const task of tasks) {
      assert.ok(task.suggestion, `task ${task.item} has a suggestion`);
      assert.equal(task.suggestion.modelVersionId, modelVersionId);
      assert.ok(
        task.suggestion.confidence > 0.5 && task.suggestion.confidence <= 1,
        String(task.suggestion.confidence),
      );
      const value = JSON.parse(task.suggestion.value) as {
        boxes: { label: string; x: number; y: number; w: number; h: number }[];
      };
      assert.ok(
        value.boxes.every((b) => b.label === 'text'),
        'the class named Text, not the first class',
      );
      const scene = scenes.get(task.item)!;
      const truth = scene.lines.map((l) => ({
        x: l.left / scene.width,
        y: l.top / scene.height,
        w: (l.right - l.left) / scene.width,
        h: (l.bottom - l.top) / scene.height,
      }));
      const stats = matchBoxes(truth, value.boxes, 0.5);
      lines += stats.truths;
      matched += stats.matched;
    }
    assert.ok(matched / lines >= 0.9, `${matched} of ${lines} rendered lines matched at IoU 0.5`);
    // The annotator sees the suggestion on their task.
    const mine = await tasksOf('annotator');
    assert.ok(mine.every((t) => t.suggestion !== null));

    // A second run replaces the suggestions: still one per task, now the second run's.
    const again = (await ok<{ preAnnotate: Run }>('scientist', PRE, { p: projectId, s: serviceId })).preAnnotate;
    assert.equal((await waitForRun(again.id)).status, 'SUCCEEDED');
    const { records } = await hub.driver.executeQuery(
      `MATCH (t:LabelTask {projectId: $projectId}) OPTIONAL MATCH (s:Suggestion {taskId: t.id})
     RETURN t.id AS task, count(s) AS n, collect(s.workflowId) AS workflows`,
      { projectId },
    );
    for (const r of records) {
      assert.equal(Number(r.get('n')), 1, `task ${String(r.get('task'))}`);
      assert.deepEqual(r.get('workflows'), [again.workflowId]);
    }
    const { labelingProject } = await ok<{ labelingProject: { preAnnotationRuns: { id: string }[] } }>(
      'scientist',
      `query($id: ID!) { labelingProject(id: $id) { preAnnotationRuns { id } } }`,
      { id: projectId },
    );
    assert.deepEqual(
      labelingProject.preAnnotationRuns.map((r) => r.id),
      [again.id, started.id],
    );
  },
);

test('preAnnotate is refused to annotators and other orgs, and for a service that runs no detector', async () => {
  for (const [user, code] of [
    ['annotator', 'FORBIDDEN'],
    ['scientist.jiangsu', 'NOT_FOUND'],
  ] as const) {
    const body = await api(user, PRE, { p: projectId, s: serviceId });
    assert.equal(body.errors?.[0]?.extensions?.code, code, `${user}: ${JSON.stringify(body)}`);
  }
  const missing = await api('scientist', PRE, { p: projectId, s: 'no-such-service' });
  assert.equal(missing.errors?.[0]?.extensions?.code, 'NOT_FOUND');
  assert.match(missing.errors![0]!.message, /service no-such-service not found/);
  const plain = (
    await ok<{ registerService: { id: string } }>(
      'engineer',
      'mutation($i: RegisterServiceInput!) { registerService(input: $i) { id } }',
      { i: { name: `${tag} plain`, tags: [tag] } },
    )
  ).registerService.id;
  created.services.push(plain);
  const unrouted = await api('scientist', PRE, { p: projectId, s: plain });
  assert.equal(unrouted.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(unrouted.errors![0]!.message, /routes to no READY deployment/);
});

test(
  'an image-classification project is pre-annotated by a deployed classifier over px0..px63',
  { timeout: 150_000 },
  async () => {
    const admin = await tokenFor('admin');
    const d = await deployableVersion(
      hub.gateway.url,
      admin,
      tag,
      { 'x-plinth-metrics': JSON.stringify({ classes: DARK_LIGHT_CLASSES, features: PIXEL_FEATURES }) },
      { name: 'dark-light', task: 'image-classification', framework: 'hand-built', onnx: darkLightClassifier() },
    );
    const deployment = await deployOnCpu(hub.gateway.url, admin, tag, d, 'dark-light');
    const service = (
      await ok<{ registerService: { id: string } }>(
        'engineer',
        'mutation($i: RegisterServiceInput!) { registerService(input: $i) { id } }',
        { i: { name: `${tag} dark-light`, tags: [tag] } },
      )
    ).registerService.id;
    await ok(
      'engineer',
      `mutation($s: ID!, $d: ID!) { setServiceRoutes(serviceId: $s, routes: [{deploymentId: $d, weight: 100}]) { id } }`,
      {
        s: service,
        d: deployment,
      },
    );
    const project = (
      await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>(
        'scientist',
        `mutation($input: CreateLabelingProjectInput!) { createLabelingProject(input: $input) { id labelDataset { id } } }`,
        {
          input: {
            name: `${tag} tone`,
            sourceVersionId,
            taskType: 'IMAGE_CLASSIFICATION',
            labels: [
              { value: 'dark', name: '暗', nameEn: 'Dark' },
              { value: 'light', name: '亮', nameEn: 'Light' },
            ],
            overlap: 1,
            annotators: ['annotator'],
          },
        },
      )
    ).createLabelingProject;
    created.projects.push(project.id);
    created.datasets.push(project.labelDataset.id);
    // The detector's service suggests boxes, not classes.
    const wrong = await api('scientist', PRE, { p: project.id, s: serviceId });
    assert.equal(wrong.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(wrong.errors![0]!.message, /text detector/);

    const started = (await ok<{ preAnnotate: Run }>('scientist', PRE, { p: project.id, s: service })).preAnnotate;
    const run = await waitForRun(started.id);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual([run.total, run.done, run.failed, run.modelVersionId], [6, 6, 0, d.version]);
    const { labelingProject } = await ok<{ labelingProject: { tasks: { edges: { node: TaskRow }[] } } }>(
      'annotator',
      TASKS,
      { id: project.id },
    );
    for (const { node } of labelingProject.tasks.edges) {
      // The rendered scenes are dark text on light backgrounds: light, with the model's probability.
      assert.equal(node.suggestion?.value, '{"label":"light"}', node.item);
      assert.ok(node.suggestion.confidence > 0.9, String(node.suggestion.confidence));
      assert.equal(node.suggestion.modelVersionId, d.version);
    }
  },
);
