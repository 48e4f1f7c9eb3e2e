// Label import and export through the gateway (#19): a bounding-box project's accepted labels exported
// as Label Studio JSON, COCO, YOLO and CSV re-import into a second project over the same images as the
// same annotations (the importer's, marked imported); a span project round-trips through Label Studio
// JSON and CSV; malformed files get a BAD_USER_INPUT naming the place and leave the project unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { collection, zip } from './helpers/archives.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';

const tag = `lfmt-${randomUUID().slice(0, 8)}`;
const tokens: Record<string, string> = {};
const datasets: string[] = [];
const projects: string[] = [];
let hub: Hub;
let images: ReturnType<typeof collection>['files'];
let imageVersion = '';
let textVersion = '';

async function call<T>(user: string, query: string, variables: Record<string, unknown> = {}) {
  return (await gql<T>(hub.gateway.url, query, { token: tokens[user], variables })).body;
}
async function ok<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await call<T>(user, query, variables);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data!;
}

const BOX_LABELS = [
  { value: 'cat', name: '猫' },
  { value: 'text', name: '文字' },
];

async function createProject(name: string, sourceVersionId: string, taskType: string, extra = {}): Promise<string> {
  const { createLabelingProject } = await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>(
    'scientist',
    `mutation($i: CreateLabelingProjectInput!) { createLabelingProject(input: $i) { id labelDataset { id } } }`,
    {
      i: {
        name: `${tag} ${name}`,
        sourceVersionId,
        taskType,
        labels: BOX_LABELS,
        overlap: 1,
        annotators: ['annotator'],
        ...extra,
      },
    },
  );
  projects.push(createLabelingProject.id);
  datasets.push(createLabelingProject.labelDataset.id);
  return createLabelingProject.id;
}

interface TaskView {
  id: string;
  item: string;
  status: string;
  finalValue: string | null;
  annotations: { annotator: string; value: string }[];
}
async function tasksOf(projectId: string): Promise<TaskView[]> {
  return (
    await ok<{ labelingProject: { tasks: { edges: { node: TaskView }[] } } }>(
      'scientist',
      `query($id: ID!) { labelingProject(id: $id) { tasks(first: 100) { edges { node { id item status finalValue
         annotations { annotator value } } } } } }`,
      { id: projectId },
    )
  ).labelingProject.tasks.edges.map((e) => e.node);
}

/** Labels every task as `annotator` and accepts it as `scientist`; returns item → accepted value. */
async function labelAndAccept(projectId: string, valueOf: (item: string) => unknown): Promise<Map<string, unknown>> {
  for (const t of await tasksOf(projectId))
    await ok('annotator', `mutation($t: ID!, $v: String!) { submitAnnotation(taskId: $t, value: $v) { id } }`, {
      t: t.id,
      v: JSON.stringify(valueOf(t.item)),
    });
  for (const t of await tasksOf(projectId))
    await ok('scientist', `mutation($t: ID!) { reviewLabelTask(taskId: $t, decision: ACCEPT) { id } }`, { t: t.id });
  const accepted = await tasksOf(projectId);
  assert.ok(accepted.every((t) => t.status === 'ACCEPTED'));
  return new Map(accepted.map((t) => [t.item, JSON.parse(t.finalValue!)]));
}

/** Boxes compared to a millionth of the image: what survives percent and pixel arithmetic. */
const rounded = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v), (_k, x) =>
    typeof x === 'number' && !Number.isInteger(x) ? Math.round(x * 1e6) / 1e6 : x,
  );

/** What a project holds, for "unchanged": every task's status and every annotation. */
async function fingerprint(projectId: string): Promise<string> {
  const { records } = await hub.driver.executeQuery(
    `MATCH (t:LabelTask {projectId: $projectId}) OPTIONAL MATCH (a:Annotation)-[:ANNOTATES]->(t)
     WITH t, a ORDER BY t.id, a.id
     RETURN collect([t.id, t.status, a.id, a.value, a.annotator, toString(a.submittedAt)]) AS rows`,
    { projectId },
  );
  return createHash('sha256')
    .update(JSON.stringify(records[0]!.get('rows')))
    .digest('hex');
}

const EXPORT = `query($p: ID!, $f: LabelFormat!, $all: Boolean) { exportLabels(projectId: $p, format: $f, all: $all) }`;
const IMPORT = `mutation($p: ID!, $f: LabelFormat!, $c: String!) { importLabels(projectId: $p, format: $f, content: $c) {
  imported replaced nowInReview ignoredFields } }`;

before(async () => {
  hub = await startHub();
  for (const u of ['scientist', 'annotator']) tokens[u] = await tokenFor(u);
  images = collection().files.slice(0, 4);
  const imageSet = randomUUID();
  const textSet = randomUUID();
  datasets.push(imageSet, textSet);
  await createFixtureDataset(hub.driver, imageSet, tag);
  await createFixtureDataset(hub.driver, textSet, tag);
  imageVersion = (
    await uploadFixtureVersion(
      hub.driver,
      imageSet,
      zip(images.map((f) => ({ name: f.name, data: f.data }))),
      'IMAGES_ZIP',
    )
  ).id;
  textVersion = (
    await uploadFixtureVersion(hub.driver, textSet, 'id,text\n1,"Zhang San met 李四 in Beijing"\n2,"nothing, here"\n')
  ).id;
});

after(async () => {
  await hub.driver.executeQuery(
    `UNWIND $projects AS id MATCH (p:LabelingProject {id: id})
     OPTIONAL MATCH (t:LabelTask {projectId: id}) OPTIONAL MATCH (a:Annotation)-[:ANNOTATES]->(t)
     DETACH DELETE p, t, a`,
    { projects },
  );
  await removeDatasetsAndBlobs(hub.driver, datasets, []);
  await hub.close();
});

test('accepted boxes exported in every format re-import as the same annotations', { timeout: 120_000 }, async () => {
  const source = await createProject('boxes', imageVersion, 'BOUNDING_BOX');
  // Box corners on whole pixels of each image, so pixel formats (COCO) carry them exactly.
  const sizes = new Map(images.map((f) => [f.name, f]));
  const accepted = await labelAndAccept(source, (item) => {
    const { width: W, height: H } = sizes.get(item)!;
    return {
      boxes: [
        { label: 'text', x: 2 / W, y: 3 / H, w: 10 / W, h: 5 / H },
        { label: 'cat', x: 0.5, y: 0.5, w: 0.25, h: 0.5 },
      ],
    };
  });
  // Unassigned: the importer becomes each task's one annotator (overlap 1).
  const target = await createProject('boxes import', imageVersion, 'BOUNDING_BOX', {
    assignAll: false,
    annotators: [],
  });
  for (const [i, format] of (['LABEL_STUDIO', 'COCO', 'YOLO', 'CSV'] as const).entries()) {
    const content = (await ok<{ exportLabels: string }>('scientist', EXPORT, { p: source, f: format })).exportLabels;
    const result = (
      await ok<{ importLabels: { imported: number; replaced: number; nowInReview: number; ignoredFields: string[] } }>(
        'scientist',
        IMPORT,
        {
          p: target,
          f: format,
          c: content,
        },
      )
    ).importLabels;
    assert.deepEqual(
      result,
      {
        imported: images.length,
        replaced: i === 0 ? 0 : images.length,
        nowInReview: i === 0 ? images.length : 0,
        ignoredFields: [],
      },
      format,
    );
    const back = await tasksOf(target);
    for (const t of back) {
      assert.equal(t.annotations.length, 1, `${format} ${t.item}: one annotation, the importer's`);
      assert.equal(t.annotations[0]!.annotator, 'scientist');
      assert.deepEqual(
        rounded(JSON.parse(t.annotations[0]!.value)),
        rounded(accepted.get(t.item)),
        `${format} ${t.item}`,
      );
    }
    const marked = await hub.driver.executeQuery(
      `MATCH (a:Annotation)-[:ANNOTATES]->(:LabelTask {projectId: $target}) RETURN collect(DISTINCT a.importFormat) AS f, collect(DISTINCT a.imported) AS m`,
      { target },
    );
    assert.deepEqual(marked.records[0]!.get('f'), [format]);
    assert.deepEqual(marked.records[0]!.get('m'), [true]);
  }
  // An accepted task's labels are final: re-importing into the source project is refused, nothing written.
  const before = await fingerprint(source);
  const ls = (await ok<{ exportLabels: string }>('scientist', EXPORT, { p: source, f: 'LABEL_STUDIO' })).exportLabels;
  const refused = await call('scientist', IMPORT, { p: source, f: 'LABEL_STUDIO', c: ls });
  assert.match(refused.errors?.[0]?.message ?? '', /is ACCEPTED; its labels are final/);
  assert.equal(await fingerprint(source), before);
});

test('entity spans round-trip through Label Studio JSON and CSV', { timeout: 60_000 }, async () => {
  const source = await createProject('spans', textVersion, 'ENTITY_SPAN', { textColumn: 'text' });
  const accepted = await labelAndAccept(source, (item) =>
    item === '0'
      ? {
          spans: [
            { label: 'cat', start: 0, end: 9 },
            { label: 'text', start: 14, end: 16 },
          ],
        }
      : { spans: [] },
  );
  const ls = JSON.parse(
    (await ok<{ exportLabels: string }>('scientist', EXPORT, { p: source, f: 'LABEL_STUDIO' })).exportLabels,
  );
  assert.equal(
    ls[0].annotations[0].result[1].value.text,
    '李四',
    'Label Studio spans carry their text (UTF-16 offsets)',
  );
  const target = await createProject('spans import', textVersion, 'ENTITY_SPAN', {
    textColumn: 'text',
    assignAll: false,
    annotators: [],
  });
  for (const format of ['LABEL_STUDIO', 'CSV'] as const) {
    const content = (await ok<{ exportLabels: string }>('scientist', EXPORT, { p: source, f: format })).exportLabels;
    await ok('scientist', IMPORT, { p: target, f: format, c: content });
    for (const t of await tasksOf(target))
      assert.deepEqual(JSON.parse(t.annotations[0]!.value), accepted.get(t.item), format);
  }
  // Who annotated in the other tool is not kept, and the result says so.
  const withWho = 'item,annotator,value_json\n1,somebody@elsewhere,"{""spans"":[]}"\n';
  const told = await ok<{ importLabels: { ignoredFields: string[]; replaced: number } }>('scientist', IMPORT, {
    p: target,
    f: 'CSV',
    c: withWho,
  });
  assert.deepEqual(told.importLabels, { ...told.importLabels, ignoredFields: ['annotator'], replaced: 1 });
  const lsWho = JSON.stringify([{ data: { item: '1' }, annotations: [{ completed_by: 7, result: [] }] }]);
  const toldLs = await ok<{ importLabels: { ignoredFields: string[] } }>('scientist', IMPORT, {
    p: target,
    f: 'LABEL_STUDIO',
    c: lsWho,
  });
  assert.deepEqual(toldLs.importLabels.ignoredFields, ['annotations[].completed_by']);
});

test('malformed imports: a clear error naming the place, and the project unchanged', { timeout: 60_000 }, async () => {
  const target = await createProject('malformed', imageVersion, 'BOUNDING_BOX');
  const [a, b] = images.map((f) => f.name);
  const box = (x: number) => ({
    type: 'rectanglelabels',
    value: { x, y: 10, width: 20, height: 20, rectanglelabels: ['cat'] },
  });
  const cases: Array<[string, string, RegExp]> = [
    ['LABEL_STUDIO', '[{"data": {"item": ', /the file: not valid JSON/],
    [
      'LABEL_STUDIO',
      JSON.stringify([
        {
          data: { item: a },
          annotations: [{ result: [{ ...box(10), value: { ...box(10).value, rectanglelabels: ['horse'] } }] }],
        },
      ]),
      /\[0\]\.annotations\[0\]\.result\[0\]\.value\.label: unknown label "horse"/,
    ],
    [
      'LABEL_STUDIO',
      JSON.stringify([
        { data: { item: a }, annotations: [{ result: [box(10)] }] },
        { data: { item: 'images/none.png' }, annotations: [] },
      ]),
      /\[1\]\.data\.item: unknown item "images\/none.png"/,
    ],
    [
      'LABEL_STUDIO',
      JSON.stringify([{ data: { item: b }, annotations: [{ result: [box(90)] }] }]),
      /\[0\]\.annotations\[0\]\.result\[0\]\.value: the box reaches past the image edge/,
    ],
    ['LABEL_STUDIO', JSON.stringify([{ data: { item: a } }]), /\[0\]\.annotations: missing field annotations/],
    ['COCO', JSON.stringify({ images: [], annotations: [] }), /categories: missing field categories/],
    [
      'YOLO',
      JSON.stringify({ classes: ['cat'], files: { 'images/cat-1.txt': '0 0.5 0.5 0.2' } }),
      /files\["images\/cat-1.txt"\] line 1: 4 fields/,
    ],
    [
      'CSV',
      `item,value_json\n${a},"{""boxes"":[{""label"":""cat"",""x"":0.9,""y"":0,""w"":0.5,""h"":0.1}]}"\n`,
      /line 2 value_json boxes\[0\]: the box reaches past the image edge/,
    ],
  ];
  const before = await fingerprint(target);
  const events = async () =>
    Number(
      (
        await hub.driver.executeQuery(`MATCH (e:AuditEvent {targetId: $target}) RETURN count(e) AS n`, { target })
      ).records[0]!.get('n'),
    );
  const eventsBefore = await events();
  for (const [format, content, expected] of cases) {
    const res = await call('scientist', IMPORT, { p: target, f: format, c: content });
    assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${format}: ${JSON.stringify(res.errors)}`);
    assert.match(res.errors![0]!.message, expected);
  }
  assert.equal(await fingerprint(target), before, 'no annotation written, no task changed');
  assert.equal(await events(), eventsBefore, 'no audit event');
  // The tasks are the annotator's (overlap 1): an import would be a second annotator past the overlap.
  const full = await call('scientist', IMPORT, {
    p: target,
    f: 'LABEL_STUDIO',
    c: JSON.stringify([{ data: { item: a }, annotations: [{ result: [box(10)] }] }]),
  });
  assert.match(
    full.errors?.[0]?.message ?? '',
    /already have 1 annotator\(s\) \(the project's overlap\) and scientist is not one/,
  );
  assert.equal(await fingerprint(target), before, 'nothing written past the overlap');
  // An annotator may not import at all.
  const valid = JSON.stringify([{ data: { item: a }, annotations: [{ result: [box(10)] }] }]);
  assert.ok((await call('annotator', IMPORT, { p: target, f: 'LABEL_STUDIO', c: valid })).errors?.length);
});
