// Accepted labels become a version that trains a model, with the labelers in its lineage (#19), all
// through the gateway: two annotators label a text-classification project and disagree on some rows, a
// data scientist reviews, acceptLabelSnapshot makes a label version (digest and row count computed by
// Plinth from the bytes, DERIVED_FROM the source, PROV agents), a second identical snapshot is refused,
// startTraining on the label version succeeds and USED it, and the compliance officer's upstream lineage
// of the model version names both annotators and the reviewer. Real Neo4j, Keycloak, Temporal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { closeTemporalClient } from '../domain/temporal/client.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { seededRandom } from '../domain/random.js';
import { blobStore } from '../lib/storage/index.js';
import { csvRecords } from '../domain/labeling/formats/csv.js';
import { greyPixels } from '../domain/labeling/items.js';
import { collection, zip } from './helpers/archives.js';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';

const tag = `lsnap-${randomUUID().slice(0, 8)}`;
const ids = {
  source: randomUUID(),
  sourceVersion: '',
  project: '',
  labelDataset: '',
  model: randomUUID(),
  deployment: randomUUID(),
};
const tokens: Record<string, string> = {};
let hub: Hub;
let worker: InProcessWorker | undefined;
/** The image test's projects and datasets (source and label datasets). */
const imageProjects: string[] = [];
const imageDatasets: string[] = [];
const ROWS = 24;
/** Rows where annotator2 disagrees with annotator. */
const DISAGREE = new Set([3, 10, 17]);

/** text, a, b: the true class is pos when a > 0. */
function sourceCsv(): string {
  const rand = seededRandom(7);
  const lines = ['text,a,b'];
  for (let i = 0; i < ROWS; i++) {
    const a = (i % 2 === 0 ? 1 : -1) * (0.2 + rand());
    lines.push(`"review ${i}, ${a > 0 ? 'good' : 'bad'}",${a.toFixed(4)},${rand().toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}
const truth = (row: number): string => (row % 2 === 0 ? 'pos' : 'neg');

async function call<T>(user: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await gql<T>(hub.gateway.url, query, { token: tokens[user], variables });
  return res.body;
}
async function ok<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await call<T>(user, query, variables);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data!;
}

interface Task {
  id: string;
  item: string;
}
const TASKS = `query($id: ID!) { labelingProject(id: $id) { tasks(assignedToMe: true, first: 100) { edges { node { id item } } } } }`;
const SUBMIT = `mutation($t: ID!, $v: String!) { submitAnnotation(taskId: $t, value: $v) { id } }`;
const SNAPSHOT = `mutation($p: ID!) { acceptLabelSnapshot(projectId: $p) { id taskCount annotators reviewers
  agreement { measure value tasksCompared } version { id version contentHash rowCount origin format integrity
  derivedFrom { id } dataset { id } } } }`;

before(async () => {
  hub = await startHub();
  for (const u of ['scientist', 'annotator', 'annotator2', 'auditor']) tokens[u] = await tokenFor(u);
  await createFixtureDataset(hub.driver, ids.source, tag);
  ids.sourceVersion = (await uploadFixtureVersion(hub.driver, ids.source, sourceCsv())).id;
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
                     ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { model: ids.model, tag },
  );
  worker = await startInProcessWorker(hub, 'test-labeling-snapshot');
  trainingClientOptions.taskQueue = worker.taskQueue;
});

after(async () => {
  await worker?.stop();
  await closeTemporalClient();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS digests',
    ids,
  );
  await hub.driver.executeQuery(`OPTIONAL MATCH (d:Deployment {id: $deployment}) DETACH DELETE d`, ids);
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v)
     OPTIONAL MATCH (r:TrainingRun)-[:GENERATED]->(v) OPTIONAL MATCH (e:Evaluation)-[:EVALUATES]->(v)
     DETACH DELETE m, v, r, e`,
    ids,
  );
  await hub.driver.executeQuery(
    `MATCH (p:LabelingProject {id: $project})
     OPTIONAL MATCH (t:LabelTask {projectId: $project}) OPTIONAL MATCH (a:Annotation)-[:ANNOTATES]->(t)
     OPTIONAL MATCH (s:LabelSnapshot {projectId: $project})
     DETACH DELETE p, t, a, s`,
    ids,
  );
  await hub.driver.executeQuery(
    `UNWIND $projects AS id MATCH (p:LabelingProject {id: id})
     OPTIONAL MATCH (t:LabelTask {projectId: id}) OPTIONAL MATCH (a:Annotation)-[:ANNOTATES]->(t)
     OPTIONAL MATCH (s:LabelSnapshot {projectId: id})
     DETACH DELETE p, t, a, s`,
    { projects: imageProjects },
  );
  await removeDatasetsAndBlobs(
    hub.driver,
    [ids.source, ids.labelDataset, ...imageDatasets].filter(Boolean),
    (records[0]?.get('digests') as string[] | undefined) ?? [],
  );
  await hub.close();
});

test(
  'two annotators and a reviewer: snapshot version by Plinth, refused when unchanged, trains a model whose lineage names them',
  { timeout: 240_000 },
  async () => {
    const created = await ok<{ createLabelingProject: { id: string; labelDataset: { id: string } } }>(
      'scientist',
      `mutation($i: CreateLabelingProjectInput!) { createLabelingProject(input: $i) { id labelDataset { id } } }`,
      {
        i: {
          name: `${tag} sentiment`,
          sourceVersionId: ids.sourceVersion,
          taskType: 'TEXT_CLASSIFICATION',
          labels: [
            { value: 'pos', name: '正面', nameEn: 'positive', hotkey: '1' },
            { value: 'neg', name: '负面', nameEn: 'negative', hotkey: '2' },
          ],
          textColumn: 'text',
          overlap: 2,
          annotators: ['annotator', 'annotator2'],
        },
      },
    );
    ids.project = created.createLabelingProject.id;
    ids.labelDataset = created.createLabelingProject.labelDataset.id;

    for (const user of ['annotator', 'annotator2']) {
      const tasks = (
        await ok<{ labelingProject: { tasks: { edges: { node: Task }[] } } }>(user, TASKS, { id: ids.project })
      ).labelingProject.tasks.edges.map((e) => e.node);
      assert.equal(tasks.length, ROWS, `${user} has every task (overlap 2 of 2 annotators)`);
      for (const t of tasks) {
        const row = Number(t.item);
        const label = user === 'annotator2' && DISAGREE.has(row) ? (truth(row) === 'pos' ? 'neg' : 'pos') : truth(row);
        await ok(user, SUBMIT, { t: t.id, v: JSON.stringify({ label }) });
      }
    }

    // Cohen's kappa, computed here from the counts: annotator chose pos on 12 rows; annotator2 flipped 3
    // (rows 3 and 17 neg→pos, row 10 pos→neg), so it chose pos on 13.
    const po = (ROWS - DISAGREE.size) / ROWS;
    const pe = (12 / ROWS) * (13 / ROWS) + (12 / ROWS) * (11 / ROWS);
    const agreement = (
      await ok<{
        labelingProject: { agreement: { measure: string; value: number; tasksCompared: number; pairs: number } };
      }>(
        'scientist',
        `query($id: ID!) { labelingProject(id: $id) { agreement { measure value tasksCompared pairs } } }`,
        { id: ids.project },
      )
    ).labelingProject.agreement;
    assert.equal(agreement.measure, 'COHEN_KAPPA');
    assert.equal(agreement.tasksCompared, ROWS);
    assert.equal(agreement.pairs, ROWS);
    assert.ok(Math.abs(agreement.value - (po - pe) / (1 - pe)) < 1e-9, `${agreement.value}`);

    // Whether others agreed is for reviewers: an annotator's view of a task has no agreement.
    const mine = await ok<{ labelingProject: { tasks: { edges: { node: { agreement: number | null } }[] } } }>(
      'annotator',
      `query($id: ID!) { labelingProject(id: $id) { tasks(assignedToMe: true, first: 1) { edges { node { agreement } } } } }`,
      { id: ids.project },
    );
    assert.equal(mine.labelingProject.tasks.edges[0]!.node.agreement, null);
    // Nor of the project: its figure, watched after each submission, would tell them the same per task.
    const theirs = await ok<{ labelingProject: { agreement: { value: number | null; tasksCompared: number } } }>(
      'annotator',
      `query($id: ID!) { labelingProject(id: $id) { agreement { value tasksCompared pairs } } }`,
      { id: ids.project },
    );
    assert.deepEqual(theirs.labelingProject.agreement, { value: null, tasksCompared: 0, pairs: 0 });

    // Nothing accepted yet: no snapshot.
    const early = await call('scientist', SNAPSHOT, { p: ids.project });
    assert.match(early.errors?.[0]?.message ?? '', /no accepted task yet/);

    const review = (
      await ok<{ labelingProject: { tasks: { edges: { node: Task & { agreement: number } }[] } } }>(
        'scientist',
        `query($id: ID!) { labelingProject(id: $id) { tasks(first: 100, status: IN_REVIEW) { edges { node { id item agreement } } } } }`,
        { id: ids.project },
      )
    ).labelingProject.tasks.edges.map((e) => e.node);
    assert.equal(review.length, ROWS);
    for (const t of review) {
      const row = Number(t.item);
      assert.equal(t.agreement, DISAGREE.has(row) ? 0 : 1, `task agreement of row ${row}`);
      // Agreeing rows: the consensus. Disagreeing rows: the reviewer picks the true class.
      await ok(
        'scientist',
        `mutation($t: ID!, $v: String) { reviewLabelTask(taskId: $t, decision: ACCEPT, value: $v) { id status } }`,
        { t: t.id, v: DISAGREE.has(row) ? JSON.stringify({ label: truth(row) }) : null },
      );
    }

    // Two snapshots of the same labels at once: one version; the other caller is told the labels are
    // unchanged since it (whichever check refuses it: before ingest, or the dataset's same-content rule).
    type Snapshot = {
      acceptLabelSnapshot: {
        id: string;
        taskCount: number;
        annotators: string[];
        reviewers: string[];
        agreement: { measure: string; value: number; tasksCompared: number };
        version: {
          id: string;
          version: number;
          contentHash: string;
          rowCount: number;
          origin: string;
          format: string;
          integrity: string;
          derivedFrom: { id: string }[];
          dataset: { id: string };
        };
      };
    };
    const both = await Promise.all([0, 1].map(() => call<Snapshot>('scientist', SNAPSHOT, { p: ids.project })));
    const won = both.filter((b) => !b.errors);
    assert.equal(won.length, 1, JSON.stringify(both.map((b) => b.errors)));
    const lost = both.find((b) => b.errors)!.errors![0]!;
    assert.equal(lost.extensions?.code, 'BAD_USER_INPUT');
    assert.match(lost.message, /unchanged since snapshot version 1 \(same content/);
    const snap = won[0]!.data!.acceptLabelSnapshot;
    assert.equal(snap.taskCount, ROWS);
    assert.deepEqual(snap.annotators, ['annotator', 'annotator2']);
    assert.deepEqual(snap.reviewers, ['scientist']);
    assert.equal(snap.agreement.measure, 'COHEN_KAPPA');
    const v = snap.version;
    assert.equal(v.dataset.id, ids.labelDataset);
    assert.deepEqual(v.derivedFrom, [{ id: ids.sourceVersion }]);
    assert.equal(v.origin, 'LABELS');
    assert.equal(v.format, 'CSV');
    assert.equal(v.integrity, 'VERIFIED');
    // The digest and row count are the bytes' own: read the stored blob and count independently.
    const bytes = await readFile(await blobStore().localFile(v.contentHash));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), v.contentHash);
    const [header, ...rows] = csvRecords(bytes.toString('utf8'));
    assert.deepEqual(header!.fields, ['text', 'a', 'b', 'label']);
    assert.equal(rows.length, ROWS);
    assert.equal(v.rowCount, ROWS);
    rows.forEach((r, i) => {
      assert.equal(r.fields[3], truth(i), `row ${i} carries the reviewed label`);
      assert.equal(Number(r.fields[1]) > 0, truth(i) === 'pos');
    });

    // The same accepted labels again: refused, no second version.
    const again = await call('scientist', SNAPSHOT, { p: ids.project });
    assert.equal(again.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(again.errors![0]!.message, /unchanged since snapshot version 1 \(same content/);
    const versions = await hub.driver.executeQuery(
      'MATCH (:Dataset {id: $labelDataset})-[:HAS_VERSION]->(v) RETURN count(v) AS n',
      ids,
    );
    assert.equal(Number(versions.records[0]!.get('n')), 1);
    // The label dataset takes only snapshots: an upload of forged labels is refused before any byte is read.
    const forged = await fetch(new URL(`/api/datasets/${ids.labelDataset}/versions?format=csv`, hub.gateway.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.scientist}`, 'content-type': 'text/csv' },
      body: 'text,a,b,label\nforged,1,1,pos\n',
    });
    const forgedBody = (await forged.json()) as { error?: string; message?: string };
    assert.equal(forged.status, 400, JSON.stringify(forgedBody));
    assert.match(JSON.stringify(forgedBody), /accepted labels: its versions come only from acceptLabelSnapshot/);
    // An annotator may not take a snapshot.
    const refused = await call('annotator', SNAPSHOT, { p: ids.project });
    assert.ok(refused.errors?.length, 'an annotator is refused');

    // Training consumes the label version.
    const started = await ok<{ startTraining: { id: string } }>(
      'scientist',
      `mutation($i: StartTrainingInput!) { startTraining(input: $i) { id } }`,
      {
        i: {
          datasetVersionId: v.id,
          modelId: ids.model,
          targetColumn: 'label',
          task: 'BINARY',
          algorithm: 'CART',
          hyperparameters: { maxDepth: 2 },
          testFraction: 0.25,
          seed: 1,
        },
      },
    );
    let run: {
      status: string;
      generated: { id: string }[];
      usedDatasetVersions: { id: string }[];
      error: { message: string } | null;
    };
    const deadline = Date.now() + 180_000;
    for (;;) {
      run = (
        await ok<{ trainingRun: typeof run }>(
          'scientist',
          `query($id: ID!) { trainingRun(id: $id) { status error { message } generated { id } usedDatasetVersions { id } } }`,
          { id: started.startTraining.id },
        )
      ).trainingRun;
      if (run.status !== 'RUNNING') break;
      assert.ok(Date.now() < deadline, 'training still running');
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(run.status, 'SUCCEEDED', run.error?.message ?? '');
    assert.deepEqual(run.usedDatasetVersions, [{ id: v.id }]);
    const modelVersion = run.generated[0]!.id;

    // The compliance officer walks upstream from the model version to the people who labeled its data.
    const graph = (
      await ok<{
        lineage: {
          nodes: { edges: { node: { id: string; kind: string; name: string } }[] };
          edges: { from: string; to: string; relationship: string; properties: { role?: string } | null }[];
        };
      }>(
        'auditor',
        `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 10, first: 100) {
           nodes { edges { node { id kind name } } } edges { from to relationship properties } } }`,
        { id: modelVersion },
      )
    ).lineage;
    const nodes = graph.nodes.edges.map((e) => e.node);
    const snapshotNode = nodes.find((n) => n.kind === 'LABEL_SNAPSHOT');
    assert.equal(snapshotNode?.id, snap.id);
    assert.ok(
      nodes.some((n) => n.id === v.id) && nodes.some((n) => n.id === ids.sourceVersion),
      'label and source versions',
    );
    const users = new Map(nodes.filter((n) => n.kind === 'USER').map((n) => [n.id, n.name]));
    const agents = graph.edges
      .filter((e) => e.from === snap.id && e.relationship === 'ASSOCIATED_WITH')
      .map((e) => `${e.properties?.role}:${users.get(e.to)}`)
      .sort();
    assert.deepEqual(agents, ['annotator:annotator', 'annotator:annotator2', 'reviewer:scientist']);

    // The compliance provenance of a deployment serving that version lists the snapshot and its people.
    await hub.driver.executeQuery(
      `MATCH (hq:Org {id: 'hq'}), (mv:ModelVersion {id: $mv})
       CREATE (d:Deployment {id: $dep, name: $tag + ' deployment', status: 'READY', replicas: 1, ownerOrgId: 'hq'})-[:OWNED_BY]->(hq)
       CREATE (d)-[:SERVES]->(mv)`,
      { mv: modelVersion, dep: ids.deployment, tag },
    );
    const provenance = (
      await ok<{
        provenance: {
          labelSnapshots: {
            labelSnapshot: { id: string };
            annotators: { username: string }[];
            reviewers: { username: string }[];
            usedDatasetVersionIds: string[];
            producedDatasetVersionIds: string[];
          }[];
        };
      }>(
        'auditor',
        `query($d: ID) { provenance(deploymentId: $d) { labelSnapshots { labelSnapshot { id } annotators { username }
           reviewers { username } usedDatasetVersionIds producedDatasetVersionIds } } }`,
        { d: ids.deployment },
      )
    ).provenance;
    assert.deepEqual(provenance.labelSnapshots, [
      {
        labelSnapshot: { id: snap.id },
        annotators: [{ username: 'annotator' }, { username: 'annotator2' }],
        reviewers: [{ username: 'scientist' }],
        usedDatasetVersionIds: [ids.sourceVersion],
        producedDatasetVersionIds: [v.id],
      },
    ]);
  },
);

test(
  'image snapshots: file,label,px0..px63 from the image bytes for classes; file,width,height,boxes_json for boxes',
  { timeout: 120_000 },
  async () => {
    const files = collection().files.slice(0, 4);
    const sourceSet = randomUUID();
    imageDatasets.push(sourceSet);
    await createFixtureDataset(hub.driver, sourceSet, tag);
    const sourceVersion = (
      await uploadFixtureVersion(
        hub.driver,
        sourceSet,
        zip(files.map((f) => ({ name: f.name, data: f.data }))),
        'IMAGES_ZIP',
      )
    ).id;
    const byName = new Map(files.map((f) => [f.name, f]));
    const valueOf = {
      IMAGE_CLASSIFICATION: (item: string) => ({ label: item.includes('cat') ? 'cat' : 'dog' }),
      BOUNDING_BOX: (item: string) => ({
        boxes: [{ label: item.includes('cat') ? 'cat' : 'dog', x: 0.1, y: 0.2, w: 0.5, h: 0.25 }],
      }),
    };
    for (const taskType of ['IMAGE_CLASSIFICATION', 'BOUNDING_BOX'] as const) {
      const { createLabelingProject: project } = await ok<{
        createLabelingProject: { id: string; labelDataset: { id: string } };
      }>(
        'scientist',
        `mutation($i: CreateLabelingProjectInput!) { createLabelingProject(input: $i) { id labelDataset { id } } }`,
        {
          i: {
            name: `${tag} ${taskType}`,
            sourceVersionId: sourceVersion,
            taskType,
            labels: [
              { value: 'cat', name: '猫' },
              { value: 'dog', name: '狗' },
            ],
            annotators: ['annotator'],
          },
        },
      );
      imageProjects.push(project.id);
      imageDatasets.push(project.labelDataset.id);
      const tasks = (
        await ok<{ labelingProject: { tasks: { edges: { node: Task }[] } } }>('annotator', TASKS, { id: project.id })
      ).labelingProject.tasks.edges.map((e) => e.node);
      assert.equal(tasks.length, files.length);
      for (const t of tasks) await ok('annotator', SUBMIT, { t: t.id, v: JSON.stringify(valueOf[taskType](t.item)) });
      for (const t of tasks)
        await ok('scientist', `mutation($t: ID!) { reviewLabelTask(taskId: $t, decision: ACCEPT) { id } }`, {
          t: t.id,
        });
      const snap = (
        await ok<{
          acceptLabelSnapshot: {
            taskCount: number;
            version: { contentHash: string; rowCount: number; schema: { columns: { name: string; type: string }[] } };
          };
        }>(
          'scientist',
          `mutation($p: ID!) { acceptLabelSnapshot(projectId: $p) { taskCount version { contentHash rowCount schema } } }`,
          { p: project.id },
        )
      ).acceptLabelSnapshot;
      assert.equal(snap.taskCount, files.length);
      assert.equal(snap.version.rowCount, files.length);
      const bytes = await readFile(await blobStore().localFile(snap.version.contentHash));
      const [header, ...rows] = csvRecords(bytes.toString('utf8'));
      const types = new Map(snap.version.schema.columns.map((c) => [c.name, c.type]));
      if (taskType === 'IMAGE_CLASSIFICATION') {
        assert.deepEqual(header!.fields, ['file', 'label', ...Array.from({ length: 64 }, (_, i) => `px${i}`)]);
        assert.equal(types.get('px0'), 'DOUBLE', 'pixels are numbers a classifier trains on');
        for (const r of rows) {
          const file = byName.get(r.fields[0]!)!;
          assert.equal(r.fields[1], valueOf.IMAGE_CLASSIFICATION(file.name).label);
          const grey = await greyPixels(file.data, 8);
          r.fields.slice(2).forEach((v, i) => assert.ok(Math.abs(Number(v) - grey[i]!) < 1e-6, `${file.name} px${i}`));
        }
      } else {
        assert.deepEqual(header!.fields, ['file', 'width', 'height', 'boxes_json']);
        for (const r of rows) {
          const file = byName.get(r.fields[0]!)!;
          assert.deepEqual(
            r.fields.slice(1, 3).map(Number),
            [file.width, file.height],
            `${file.name}: size from its header`,
          );
          assert.deepEqual(JSON.parse(r.fields[3]!), valueOf.BOUNDING_BOX(file.name).boxes);
        }
      }
    }
  },
);
