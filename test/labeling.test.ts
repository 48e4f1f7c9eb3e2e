// Labeling core (issue #19) through the gateway with real Keycloak tokens, Neo4j and uploaded bytes: a
// small table and a small image ZIP are uploaded; a text-classification project (overlap 2) and a box
// project (overlap 1) are created on them. Checked: tasks per item assigned round-robin; an annotator sees
// only the projects and tasks assigned to them, a viewer and another org's scientist nothing (not found);
// bad values and bad projects are refused naming the problem with nothing written; two annotators
// submitting at once both land; review rules (consensus, no majority refused, FIX, separation of duties);
// suggestions, accepted labels and the open pool for the other slices; the audit events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { acceptedLabels, openPool, writeSuggestions } from '../domain/labeling/store.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { image, zip } from './helpers/archives.js';
import { tokenFor } from './helpers/tokens.js';

const tag = `labeling-${randomBytes(3).toString('hex')}`;
let hub: Hub;
const created = { datasets: [] as string[], projects: [] as string[] };
const versions = { table: '', images: '' };
const projects = { text: '', boxes: '', pool: '' };

// Six rows; row 3 has no text (it gets no task); `score` is a number, not text.
const CSV = 'note,score\n"good, fast",1\nbad service,2\nfine,3\n,4\nawful,5\nlovely,6\n';

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
async function refused(
  user: string,
  query: string,
  variables: Record<string, unknown>,
  code: string,
  message?: RegExp,
): Promise<Errors> {
  const body = await api(user, query, variables);
  const error = body.errors?.[0];
  assert.equal(error?.extensions?.code, code, `${user}: ${JSON.stringify(body)}`);
  if (message) assert.match(error!.message, message);
  return error!;
}

async function upload(name: string, format: string, type: string, bytes: Buffer | string): Promise<string> {
  const { registerDataset } = await ok<{ registerDataset: { id: string } }>(
    'scientist',
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    { input: { name: `${tag} ${name}`, tags: [tag] } },
  );
  created.datasets.push(registerDataset.id);
  const res = await fetch(new URL(`/api/datasets/${registerDataset.id}/versions?format=${format}`, hub.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor('scientist')}`, 'content-type': type },
    body: typeof bytes === 'string' ? bytes : new Uint8Array(bytes),
  });
  const version = (await res.json()) as { id: string };
  assert.equal(res.status, 201, JSON.stringify(version));
  return version.id;
}

const CREATE = `mutation($input: CreateLabelingProjectInput!) { createLabelingProject(input: $input) {
  id name taskType overlap status annotators labels { value name nameEn hotkey } labelDataset { id name }
  sourceVersion { id } owner { id } progress { total open inReview accepted } } }`;
const PROJECT = `query($id: ID!) { labelingProject(id: $id) { id viewerCanReview viewerCanAnnotate
  progress { total open inReview accepted }
  tasks(first: 100) { totalCount edges { node { id item text status assignees itemUrl } } }
  nextTask { id item } } }`;
const TASK = `query($id: ID!) { labelTask(id: $id) { id status finalValue reviewDecision reviewedBy
  myAnnotation { annotator value } annotations { annotator value fromSuggestion }
  suggestion { value confidence modelVersionId } project { id } } }`;
const SUBMIT = `mutation($t: ID!, $v: String!, $s: Boolean) { submitAnnotation(taskId: $t, value: $v, fromSuggestion: $s) {
  id annotator value fromSuggestion } }`;
const REVIEW = `mutation($t: ID!, $d: LabelReviewDecision!, $v: String) { reviewLabelTask(taskId: $t, decision: $d, value: $v) {
  id status finalValue reviewDecision reviewedBy } }`;

interface TaskRow {
  id: string;
  item: string;
  text: string | null;
  status: string;
  assignees: string[];
  itemUrl: string | null;
}
interface ProjectView {
  id: string;
  viewerCanReview: boolean;
  viewerCanAnnotate: boolean;
  progress: { total: number; open: number; inReview: number; accepted: number };
  tasks: { totalCount: number; edges: { node: TaskRow }[] };
  nextTask: { id: string; item: string } | null;
}
const view = async (user: string, id: string) =>
  (await ok<{ labelingProject: ProjectView | null }>(user, PROJECT, { id })).labelingProject;

const textInput = (name: string, extra: Record<string, unknown> = {}) => ({
  name: `${tag} ${name}`,
  sourceVersionId: versions.table,
  taskType: 'TEXT_CLASSIFICATION',
  labels: [
    { value: 'pos', name: '好评', nameEn: 'Positive', hotkey: '1' },
    { value: 'neg', name: '差评', nameEn: 'Negative', hotkey: '2' },
  ],
  textColumn: 'note',
  overlap: 2,
  annotators: ['annotator', 'annotator2'],
  ...extra,
});

async function count(cypher: string, params: Record<string, unknown>): Promise<number> {
  const { records } = await hub.driver.executeQuery(cypher, params);
  return Number(records[0]!.get('n'));
}
const annotationsOf = (taskId: string) =>
  count('MATCH (a:Annotation {taskId: $taskId}) RETURN count(a) AS n', { taskId });

before(async () => {
  hub = await startHub();
  versions.table = await upload('table', 'csv', 'text/csv', CSV);
  const files = ['a.png', 'b.png', 'c.png'].map((name, i) => ({ name, data: image('png', 40 + i, 30) }));
  versions.images = await upload('images', 'zip', 'application/zip', zip(files));
  await profilesSettled();
});

after(async () => {
  await hub.driver.executeQuery(
    `MATCH (p:LabelingProject) WHERE p.id IN $ids
     OPTIONAL MATCH (t:LabelTask {projectId: p.id})
     OPTIONAL MATCH (x) WHERE (x:Annotation OR x:Suggestion) AND x.taskId = t.id
     DETACH DELETE x, t, p`,
    { ids: created.projects },
  );
  await removeDatasetsAndBlobs(hub.driver, created.datasets);
  await hub.close();
});

test('a text project (overlap 2) and a box project: a task per item, annotators round-robin, label dataset', async () => {
  const text = (
    await ok<{ createLabelingProject: Record<string, unknown> & { id: string } }>('scientist', CREATE, {
      input: textInput('reviews', { description: 'sentiment' }),
    })
  ).createLabelingProject;
  projects.text = text.id;
  created.projects.push(text.id);
  created.datasets.push((text.labelDataset as { id: string }).id);
  assert.equal((text.labelDataset as { name: string }).name, `${tag} reviews labels`);
  assert.deepEqual(text.progress, { total: 5, open: 5, inReview: 0, accepted: 0 });
  assert.deepEqual((text.owner as { id: string }).id, 'hq');
  assert.deepEqual(
    (text.labels as { hotkey: string }[]).map((l) => l.hotkey),
    ['1', '2'],
  );
  const textView = (await view('scientist', text.id))!;
  const rows = textView.tasks.edges.map((e) => e.node);
  assert.deepEqual(
    rows.map((t) => [t.item, t.text]),
    [
      ['0', 'good, fast'],
      ['1', 'bad service'],
      ['2', 'fine'],
      ['4', 'awful'],
      ['5', 'lovely'],
    ],
    'one task per row with text, the row index as item',
  );
  for (const t of rows) assert.deepEqual([...t.assignees].sort(), ['annotator', 'annotator2'], 'overlap 2: both');
  assert.ok(rows.every((t) => t.itemUrl === null));
  assert.equal(textView.viewerCanReview, true);

  const boxes = (
    await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>('scientist', CREATE, {
      input: {
        name: `${tag} signs`,
        sourceVersionId: versions.images,
        taskType: 'BOUNDING_BOX',
        labels: [{ value: 'text', name: '文字' }],
        overlap: 1,
        annotators: ['annotator', 'annotator2'],
      },
    })
  ).createLabelingProject;
  projects.boxes = boxes.id;
  created.projects.push(boxes.id);
  created.datasets.push(boxes.labelDataset.id);
  const boxRows = (await view('scientist', boxes.id))!.tasks.edges.map((e) => e.node);
  assert.deepEqual(
    boxRows.map((t) => [t.item, t.assignees]),
    [
      ['a.png', ['annotator']],
      ['b.png', ['annotator2']],
      ['c.png', ['annotator']],
    ],
  );
  assert.equal(boxRows[0]!.itemUrl, `/api/labeling/tasks/${boxRows[0]!.id}/item`);
  assert.equal(
    await count(
      `MATCH (e:AuditEvent {action: 'labelingProject.create'}) WHERE e.targetId IN $ids RETURN count(e) AS n`,
      {
        ids: [text.id, boxes.id],
      },
    ),
    2,
  );
});

test('bad projects are refused naming the field, and nothing is written', async () => {
  const cases: [string, Record<string, unknown>, string, string, RegExp][] = [
    [
      'scientist',
      textInput('numeric', { textColumn: 'score' }),
      'BAD_USER_INPUT',
      'textColumn',
      /score" is BIGINT|is [A-Z]+; text tasks need a VARCHAR/,
    ],
    ['scientist', textInput('missing column', { textColumn: 'nope' }), 'BAD_USER_INPUT', 'textColumn', /not a column/],
    [
      'scientist',
      textInput('boxes on a table', { taskType: 'BOUNDING_BOX', textColumn: null }),
      'BAD_USER_INPUT',
      'sourceVersionId',
      /needs an image collection/,
    ],
    ['scientist', textInput('overlap', { overlap: 3 }), 'BAD_USER_INPUT', 'annotators', /overlap 3 needs at least 3/],
    [
      'scientist',
      textInput('unfit', { annotators: ['annotator', 'viewer'] }),
      'BAD_USER_INPUT',
      'annotators',
      /viewer may not annotate/,
    ],
    [
      'scientist',
      textInput('labels', {
        labels: [
          { value: 'a', name: 'A' },
          { value: 'a', name: 'B' },
        ],
      }),
      'BAD_USER_INPUT',
      'labels',
      /appears twice/,
    ],
    [
      'scientist',
      textInput('nowhere', { sourceVersionId: 'no-such-version' }),
      'NOT_FOUND',
      'sourceVersionId',
      /not found/,
    ],
    ['scientist.jiangsu', textInput('other org'), 'NOT_FOUND', 'sourceVersionId', /not found/],
  ];
  for (const [user, input, code, field, message] of cases) {
    const error = await refused(user, CREATE, { input }, code, message);
    assert.equal(error.extensions?.field, field, JSON.stringify(error));
  }
  await refused('annotator', CREATE, { input: textInput('by annotator') }, 'FORBIDDEN');
  assert.equal(
    await count(`MATCH (p:LabelingProject) WHERE p.name STARTS WITH $tag RETURN count(p) AS n`, { tag }),
    2,
    'only the two projects of the first test exist',
  );
});

test('annotators see only what is assigned to them; a viewer and another org see nothing', async () => {
  const mine = (await view('annotator', projects.boxes))!;
  assert.deepEqual(
    mine.tasks.edges.map((e) => e.node.item),
    ['a.png', 'c.png'],
  );
  assert.equal(mine.tasks.totalCount, 2);
  assert.equal(mine.viewerCanReview, false);
  assert.equal(mine.viewerCanAnnotate, true);
  assert.equal(mine.nextTask?.item, 'a.png');
  const theirs = (await view('annotator2', projects.boxes))!;
  assert.deepEqual(
    theirs.tasks.edges.map((e) => e.node.item),
    ['b.png'],
  );
  const list = await ok<{ labelingProjects: { edges: { node: { id: string } }[] } }>(
    'annotator',
    '{ labelingProjects(first: 100) { edges { node { id } } } }',
  );
  assert.ok(list.labelingProjects.edges.some((e) => e.node.id === projects.boxes));
  const taskOfAnnotator = mine.tasks.edges[0]!.node.id;
  const taskOfAnnotator2 = theirs.tasks.edges[0]!.node.id;
  assert.equal((await ok<{ labelTask: null }>('annotator', TASK, { id: taskOfAnnotator2 })).labelTask, null);
  const box = '{"boxes":[{"label":"text","x":0.1,"y":0.1,"w":0.5,"h":0.2}]}';
  await refused('annotator', SUBMIT, { t: taskOfAnnotator2, v: box }, 'NOT_FOUND', /not found/);
  for (const user of ['viewer', 'scientist.jiangsu', 'viewer.zhejiang']) {
    assert.equal(await view(user, projects.boxes), null, `${user} sees no project`);
    assert.equal((await ok<{ labelTask: null }>(user, TASK, { id: taskOfAnnotator })).labelTask, null);
    const theirList = await ok<{ labelingProjects: { totalCount: number; edges: { node: { id: string } }[] } }>(
      user,
      '{ labelingProjects(first: 100) { totalCount edges { node { id } } } }',
    );
    assert.ok(!theirList.labelingProjects.edges.some((e) => [projects.boxes, projects.text].includes(e.node.id)));
  }
  // A data scientist of another org: a role that may annotate, on a task it cannot see.
  await refused('scientist.jiangsu', SUBMIT, { t: taskOfAnnotator, v: box }, 'NOT_FOUND', /not found/);
  await refused('viewer', SUBMIT, { t: taskOfAnnotator, v: box }, 'FORBIDDEN');
  await refused('scientist.jiangsu', REVIEW, { t: taskOfAnnotator, d: 'FIX', v: box }, 'NOT_FOUND');
  assert.equal(await annotationsOf(taskOfAnnotator), 0, 'nothing written by the refusals');
});

test('bad values are refused with a message naming the problem, and nothing is written', async () => {
  const task = (await view('annotator', projects.boxes))!.tasks.edges[0]!.node.id;
  const cases: [string, RegExp][] = [
    [
      '{"boxes":[{"label":"text","x":0.9,"y":0.1,"w":0.5,"h":0.2}]}',
      /value\.boxes\[0\] ends at x \+ w = 1\.4, beyond the image's right edge/,
    ],
    [
      '{"boxes":[{"label":"face","x":0.1,"y":0.1,"w":0.5,"h":0.2}]}',
      /value\.boxes\[0\]\.label "face" is not one of the project's labels/,
    ],
    ['{"boxes":[{"label":"text","x":0.1,"y":0.1,"w":0,"h":0.2}]}', /has no area/],
    ['{"label":"text"}', /unknown field label; expected boxes/],
    ['not json', /value is not JSON/],
  ];
  for (const [value, message] of cases) {
    const error = await refused('annotator', SUBMIT, { t: task, v: value }, 'BAD_USER_INPUT', message);
    assert.equal(error.extensions?.field, 'value');
  }
  assert.equal(await annotationsOf(task), 0);
  const textTask = (await view('annotator', projects.text))!.tasks.edges[0]!.node.id;
  await refused(
    'annotator',
    SUBMIT,
    { t: textTask, v: '{"label":"meh"}' },
    'BAD_USER_INPUT',
    /"meh" is not one of the project's labels \(pos, neg\)/,
  );
  assert.equal(await annotationsOf(textTask), 0);
});

test('two annotators submitting at once both land; the task goes IN_REVIEW', async () => {
  const tasks = (await view('scientist', projects.text))!.tasks.edges.map((e) => e.node.id);
  // Every task of the text project is labeled by both annotators at once: pos/pos on the first, a
  // disagreement on the second, and so on.
  const plan: [string, string][] = [
    ['pos', 'pos'],
    ['pos', 'neg'],
    ['neg', 'neg'],
  ];
  await Promise.all(
    plan.flatMap(([a, b], i) => [
      ok('annotator', SUBMIT, { t: tasks[i], v: JSON.stringify({ label: a }) }),
      ok('annotator2', SUBMIT, { t: tasks[i], v: JSON.stringify({ label: b }), s: true }),
    ]),
  );
  for (const [i] of plan.entries()) assert.equal(await annotationsOf(tasks[i]!), 2, `task ${i}: both annotations`);
  const progress = (await view('scientist', projects.text))!.progress;
  assert.deepEqual(progress, { total: 5, open: 2, inReview: 3, accepted: 0 });
  // Resubmitting replaces the annotator's own annotation.
  await ok('annotator', SUBMIT, { t: tasks[2], v: '{"label":"neg"}' });
  assert.equal(await annotationsOf(tasks[2]!), 2);
  // An annotator sees only their own annotation; the owner sees both.
  const asAnnotator = (
    await ok<{ labelTask: { annotations: unknown[]; myAnnotation: { value: string } } }>('annotator2', TASK, {
      id: tasks[1],
    })
  ).labelTask;
  assert.deepEqual(asAnnotator.annotations, [
    { annotator: 'annotator2', value: '{"label":"neg"}', fromSuggestion: true },
  ]);
  assert.equal(asAnnotator.myAnnotation.value, '{"label":"neg"}');
  const asOwner = (
    await ok<{ labelTask: { annotations: { annotator: string }[] } }>('scientist', TASK, { id: tasks[1] })
  ).labelTask;
  assert.deepEqual(asOwner.annotations.map((a) => a.annotator).sort(), ['annotator', 'annotator2']);
  assert.equal((await view('annotator', projects.text))!.nextTask?.id, tasks[3], 'next: the first not yet annotated');
});

test('review: consensus accepted, no majority refused, FIX, separation of duties, final once accepted', async () => {
  const tasks = (await view('scientist', projects.text))!.tasks.edges.map((e) => e.node.id);
  await refused('annotator', REVIEW, { t: tasks[0], d: 'ACCEPT' }, 'FORBIDDEN');
  const accepted = (
    await ok<{ reviewLabelTask: Record<string, unknown> }>('scientist', REVIEW, { t: tasks[0], d: 'ACCEPT' })
  ).reviewLabelTask;
  assert.deepEqual(accepted, {
    id: tasks[0],
    status: 'ACCEPTED',
    finalValue: '{"label":"pos"}',
    reviewDecision: 'ACCEPTED',
    reviewedBy: 'scientist',
  });
  await refused('scientist', REVIEW, { t: tasks[1], d: 'ACCEPT' }, 'BAD_USER_INPUT', /no majority \(pos ×1, neg ×1\)/);
  await refused('scientist', REVIEW, { t: tasks[1], d: 'FIX' }, 'BAD_USER_INPUT', /FIX needs the corrected value/);
  await refused('scientist', REVIEW, { t: tasks[1], d: 'FIX', v: '{"label":"so-so"}' }, 'BAD_USER_INPUT', /"so-so"/);
  assert.equal(
    await count(
      `MATCH (t:LabelTask {id: $id}) WHERE t.status = 'IN_REVIEW' AND t.finalValue IS NULL RETURN count(t) AS n`,
      {
        id: tasks[1],
      },
    ),
    1,
    'refused reviews change nothing',
  );
  const fixed = (
    await ok<{ reviewLabelTask: { finalValue: string; reviewDecision: string } }>('scientist', REVIEW, {
      t: tasks[1],
      d: 'FIX',
      v: '{"label":"neg"}',
    })
  ).reviewLabelTask;
  assert.deepEqual(fixed, { ...fixed, finalValue: '{"label":"neg"}', reviewDecision: 'FIXED' });
  await refused('annotator', SUBMIT, { t: tasks[1], v: '{"label":"pos"}' }, 'BAD_USER_INPUT', /already accepted/);

  // Accepted is final: a second review is refused naming the first reviewer.
  await refused(
    'admin',
    REVIEW,
    { t: tasks[0], d: 'FIX', v: '{"label":"neg"}' },
    'BAD_USER_INPUT',
    /already reviewed by scientist/,
  );
  // Two reviews of one task at once: the task is locked, so one lands and the other is told who won.
  const race = await Promise.all(
    ['scientist', 'admin'].map((user) =>
      api<{ reviewLabelTask: { reviewedBy: string } }>(user, REVIEW, { t: tasks[2], d: 'ACCEPT' }),
    ),
  );
  const winners = race.filter((r) => !r.errors).map((r) => r.data!.reviewLabelTask.reviewedBy);
  assert.equal(winners.length, 1, JSON.stringify(race));
  assert.match(race.find((r) => r.errors)!.errors![0]!.message, new RegExp(`already reviewed by ${winners[0]}`));

  // A task takes at most `overlap` (2) annotators: a third is refused; a wrong one is unassigned first.
  const ASSIGN = `mutation($p: ID!, $t: [ID!]!, $a: [String!]!) { assignLabelTasks(projectId: $p, taskIds: $t, annotators: $a) { id assignees status } }`;
  const UNASSIGN = `mutation($p: ID!, $t: [ID!]!, $a: [String!]!) { unassignLabelTasks(projectId: $p, taskIds: $t, annotators: $a) { id assignees status } }`;
  await refused(
    'scientist',
    ASSIGN,
    { p: projects.text, t: [tasks[3]], a: ['scientist'] },
    'BAD_USER_INPUT',
    /at most 2 annotator/,
  );
  // Only users of the realm who may annotate, of the project's org or above, checked with Keycloak.
  const unfit = await refused(
    'scientist',
    ASSIGN,
    { p: projects.text, t: [tasks[4]], a: ['viewer', `ghost-${tag}`, 'scientist.jiangsu'] },
    'BAD_USER_INPUT',
  );
  assert.match(unfit.message, /viewer may not annotate/);
  assert.match(unfit.message, new RegExp(`"ghost-${tag}" is no user of the realm`));
  assert.match(unfit.message, /scientist\.jiangsu belongs to org jiangsu, not to hq/);
  await refused('annotator', UNASSIGN, { p: projects.text, t: [tasks[3]], a: ['annotator2'] }, 'FORBIDDEN');
  const unassigned = (
    await ok<{ unassignLabelTasks: { assignees: string[] }[] }>('scientist', UNASSIGN, {
      p: projects.text,
      t: [tasks[3]],
      a: ['annotator2'],
    })
  ).unassignLabelTasks;
  assert.deepEqual(unassigned[0]!.assignees, ['annotator']);
  // The scientist annotates a task and may not review it: the admin does, once the task has both labels.
  await ok('scientist', ASSIGN, { p: projects.text, t: [tasks[3]], a: ['scientist'] });
  await ok('scientist', SUBMIT, { t: tasks[3], v: '{"label":"neg"}' });
  await refused(
    'scientist',
    UNASSIGN,
    { p: projects.text, t: [tasks[3]], a: ['scientist'] },
    'BAD_USER_INPUT',
    /already annotated.*scientist/,
  );
  await refused('scientist', REVIEW, { t: tasks[3], d: 'ACCEPT' }, 'FORBIDDEN', /separation of duties/);
  // One of two annotations: not yet reviewable (ACCEPT would take the first label as the answer).
  await refused(
    'admin',
    REVIEW,
    { t: tasks[3], d: 'ACCEPT' },
    'BAD_USER_INPUT',
    /OPEN: waiting for 1 more annotation \(1 of 2\)/,
  );
  await ok('annotator', SUBMIT, { t: tasks[3], v: '{"label":"neg"}' });
  const byAdmin = (
    await ok<{ reviewLabelTask: { reviewedBy: string; finalValue: string } }>('admin', REVIEW, {
      t: tasks[3],
      d: 'ACCEPT',
    })
  ).reviewLabelTask;
  assert.deepEqual(byAdmin, { ...byAdmin, reviewedBy: 'admin', finalValue: '{"label":"neg"}' });

  const labels = await acceptedLabels(hub.driver, projects.text);
  assert.deepEqual(
    labels.map((l) => [l.item, l.text, l.value, l.reviewedBy, [...l.annotators].sort()]),
    [
      ['0', 'good, fast', '{"label":"pos"}', 'scientist', ['annotator', 'annotator2']],
      ['1', 'bad service', '{"label":"neg"}', 'scientist', ['annotator', 'annotator2']],
      ['2', 'fine', '{"label":"neg"}', winners[0], ['annotator', 'annotator2']],
      ['4', 'awful', '{"label":"neg"}', 'admin', ['annotator', 'scientist']],
    ],
  );
  for (const [action, target] of [
    ['labelTask.review', tasks[0]],
    ['labelTask.review', tasks[3]],
    ['labelTask.review', tasks[2]],
    ['labelTask.assign', projects.text],
    ['labelTask.unassign', projects.text],
  ] as const)
    assert.equal(
      await count('MATCH (e:AuditEvent {action: $action, targetId: $target}) RETURN count(e) AS n', { action, target }),
      1,
      action,
    );
  assert.equal(
    await count(
      `MATCH (e:AuditEvent {action: 'labelTask.annotate'})-[:TARGET]->(a:Annotation) WHERE a.taskId IN $ids RETURN count(e) AS n`,
      {
        ids: tasks,
      },
    ),
    9,
    'one event per submission (6 at once, 1 resubmission, the scientist’s and the annotator’s on task 3)',
  );
});

test('an unassigned project: the open pool, assignment by batch, suggestions', async () => {
  const pool = (
    await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>('scientist', CREATE, {
      input: textInput('pool', { assignAll: false, overlap: 1, annotators: [], maxItems: 3 }),
    })
  ).createLabelingProject;
  projects.pool = pool.id;
  created.projects.push(pool.id);
  created.datasets.push(pool.labelDataset.id);
  const open = await openPool(hub.driver, pool.id);
  assert.deepEqual(
    open.map((p) => p.item),
    ['0', '1', '2'],
    'maxItems 3: the first three rows',
  );
  assert.equal(await view('annotator', pool.id), null, 'nothing assigned: the annotator sees no project');
  await ok(
    'scientist',
    `mutation($p: ID!, $t: [ID!]!) { assignLabelTasks(projectId: $p, taskIds: $t, annotators: ["annotator"]) { id batch } }`,
    {
      p: pool.id,
      t: [open[0]!.taskId],
    },
  );
  assert.deepEqual(
    (await openPool(hub.driver, pool.id)).map((p) => p.item),
    ['1', '2'],
  );
  assert.deepEqual(
    (await view('annotator', pool.id))!.tasks.edges.map((e) => e.node.item),
    ['0'],
  );

  const provenance = { modelVersionId: 'mv-test', workflowId: `${tag}-wf`, runId: 'run-1' };
  await assert.rejects(
    writeSuggestions(
      hub.driver,
      pool.id,
      [{ taskId: open[0]!.taskId, value: '{"label":"meh"}', confidence: 0.5 }],
      provenance,
    ),
    /"meh" is not one of the project's labels/,
  );
  assert.equal(await count('MATCH (s:Suggestion {taskId: $id}) RETURN count(s) AS n', { id: open[0]!.taskId }), 0);
  await writeSuggestions(
    hub.driver,
    pool.id,
    [{ taskId: open[0]!.taskId, value: '{"label":"neg"}', confidence: 0.4 }],
    provenance,
  );
  await writeSuggestions(
    hub.driver,
    pool.id,
    [{ taskId: open[0]!.taskId, value: '{"label":"pos"}', confidence: 0.9 }],
    {
      ...provenance,
      runId: 'run-2',
    },
  );
  const seen = (await ok<{ labelTask: { suggestion: unknown } }>('annotator', TASK, { id: open[0]!.taskId })).labelTask;
  assert.deepEqual(seen.suggestion, { value: '{"label":"pos"}', confidence: 0.9, modelVersionId: 'mv-test' });
  assert.equal(
    await count('MATCH (s:Suggestion {taskId: $id}) RETURN count(s) AS n', { id: open[0]!.taskId }),
    1,
    'one current',
  );
});

test('archiving a project: owners only, audited; it leaves the list unless asked and takes no more writes', async () => {
  const ARCHIVE = `mutation($id: ID!) { archiveLabelingProject(id: $id) { id status } }`;
  const LIST = `query($all: Boolean) { labelingProjects(first: 100, includeArchived: $all) { edges { node { id } } } }`;
  const listed = async (all: boolean) =>
    (
      await ok<{ labelingProjects: { edges: { node: { id: string } }[] } }>('scientist', LIST, { all })
    ).labelingProjects.edges.some((e) => e.node.id === projects.pool);
  assert.equal(await listed(false), true);
  await refused('annotator', ARCHIVE, { id: projects.pool }, 'FORBIDDEN');
  const archived = (
    await ok<{ archiveLabelingProject: { status: string } }>('scientist', ARCHIVE, { id: projects.pool })
  ).archiveLabelingProject;
  assert.equal(archived.status, 'ARCHIVED');
  await refused('scientist', ARCHIVE, { id: projects.pool }, 'BAD_USER_INPUT', /already archived/);
  assert.equal(await listed(false), false, 'archived: off the list');
  assert.equal(await listed(true), true, 'unless asked for');
  assert.equal((await view('scientist', projects.pool))?.id, projects.pool, 'still readable');
  const [task] = (await view('annotator', projects.pool))!.tasks.edges.map((e) => e.node.id);
  await refused('annotator', SUBMIT, { t: task, v: '{"label":"pos"}' }, 'BAD_USER_INPUT', /archived/);
  await refused(
    'scientist',
    `mutation($p: ID!, $t: [ID!]!) { assignLabelTasks(projectId: $p, taskIds: $t, annotators: ["annotator2"]) { id } }`,
    { p: projects.pool, t: [task] },
    'BAD_USER_INPUT',
    /archived/,
  );
  await refused(
    'scientist',
    `mutation($p: ID!) { acceptLabelSnapshot(projectId: $p) { id } }`,
    { p: projects.pool },
    'BAD_USER_INPUT',
    /archived/,
  );
  assert.equal(
    await count(`MATCH (e:AuditEvent {action: 'labelingProject.archive', targetId: $id}) RETURN count(e) AS n`, {
      id: projects.pool,
    }),
    1,
  );
});
