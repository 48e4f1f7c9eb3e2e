// Recipes end to end through the gateway (issue #14, "must show"): a raw CSV uploaded with a real
// scientist token; cleaned (dedupe + impute + cast), features (one-hot + bucketize + date parts) and a
// seeded split derived by runRecipe, each a recipeWorkflow on an in-process worker against the real
// Temporal dev server, Neo4j and Keycloak; the compliance officer walks lineage from the split back to the
// upload and reads each step's SQL; the same recipe twice gives the same digest; sandboxed SQL that
// reads /etc/passwd or COPYs out is refused, visibly in recipeRun, leaving no version.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { config, paths } from '../lib/config.js';
import { blobKey } from '../lib/storage/index.js';
import { closeTemporalClient, temporalClient } from '../domain/temporal/client.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { IntegrityError, readVersionBytes } from '../domain/datasets/integrity.js';
import { recipeClientOptions } from '../domain/recipe/client.js';
import type { RecipeInput, RecipeResult } from '../domain/recipe/shared.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { deletePrefix, listKeys, s3Admin, s3StoreEnv, setEnv } from './helpers/s3.js';

const tag = `recipe-${randomBytes(4).toString('hex')}`;
const previousStore = process.env.PLINTH_STORE;
let store: string;
let hub: Hub;
let running: InProcessWorker | undefined;
const workflowIds: string[] = [];
const datasets: Record<string, string> = {};
const versions: Record<string, string> = {};
const runs: Record<string, RecipeRun> = {};

// 8 rows, two of them the same, two amounts and one city missing.
const RAW = `id,city,amount,day
1,Nanjing,10.5,2024-01-05
2,Suzhou,,2024-02-10
2,Suzhou,,2024-02-10
3,Nanjing,30,2024-03-15
4,Wuxi,40,2024-12-31
5,,50,2025-06-01
6,Suzhou,,2025-07-04
7,Wuxi,70.25,2025-08-09
`;

const token = (user: string) => tokenFor(user);

async function call<T>(user: string, query: string, variables: Record<string, unknown> = {}) {
  return gql<T>(hub.gateway.url, query, { token: await token(user), variables });
}

async function newDataset(name: string): Promise<string> {
  const res = await call<{ registerDataset: { id: string } }>(
    'scientist',
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    { input: { name: `${tag} ${name}`, tags: [tag] } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.registerDataset.id;
}

const RUN = `mutation($input: RunRecipeInput!) { runRecipe(input: $input) { workflowId recipeId } }`;
const RECIPE_RUN = `query($w: String!) { recipeRun(workflowId: $w) { id status error sql workflowId runId
  inputs { id } version { id version contentHash rowCount origin format schema sql derivedFrom { id } } } }`;

interface RecipeRun {
  id: string;
  status: string;
  error: string | null;
  sql: string | null;
  workflowId: string;
  runId: string | null;
  inputs: { id: string }[];
  version: {
    id: string;
    version: number;
    contentHash: string;
    rowCount: number;
    origin: string;
    format: string;
    schema: { columns: { name: string; type: string }[] };
    sql: string;
    derivedFrom: { id: string }[];
  } | null;
}

/** Starts a recipe as the scientist and waits (polling recipeRun) until it has an outcome. */
async function runRecipe(inputs: string[], steps: unknown[], targetDatasetId: string): Promise<RecipeRun> {
  const started = await call<{ runRecipe: { workflowId: string; recipeId: string } }>('scientist', RUN, {
    input: { inputs, steps, targetDatasetId, name: `${tag} recipe` },
  });
  assert.equal(started.body.errors, undefined, JSON.stringify(started.body.errors));
  const { workflowId, recipeId } = started.body.data!.runRecipe;
  workflowIds.push(workflowId);
  for (const until = Date.now() + 180_000; Date.now() < until;) {
    const res = await call<{ recipeRun: RecipeRun | null }>('scientist', RECIPE_RUN, { w: workflowId });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const run = res.body.data!.recipeRun!;
    assert.equal(run.id, recipeId);
    if (run.status !== 'RUNNING') return run;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`recipe ${workflowId} did not finish within 180 s`);
}

async function versionCount(datasetId: string): Promise<number> {
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Dataset {id: $id})-[:HAS_VERSION]->(v:DatasetVersion) RETURN count(v) AS n',
    { id: datasetId },
  );
  return Number(records[0]!.get('n'));
}

before(async () => {
  // A store of this file's own: every blob it holds is removed with the folder.
  store = await mkdtemp(join(tmpdir(), 'plinth-recipes-store-'));
  process.env.PLINTH_STORE = store;
  hub = await startHub();
  running = await startInProcessWorker(hub, 'test-recipes');
  recipeClientOptions.taskQueue = running.taskQueue;
  for (const name of ['raw', 'cleaned', 'features', 'split', 'again']) datasets[name] = await newDataset(name);
});

after(async () => {
  await running?.stop();
  await closeTemporalClient();
  await profilesSettled();
  await hub.driver.executeQuery(
    `MATCH (d:Dataset) WHERE $tag IN d.tags OPTIONAL MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion) DETACH DELETE d, v`,
    { tag },
  );
  await hub.driver.executeQuery('MATCH (r:Recipe) WHERE r.workflowId IN $ids DETACH DELETE r', { ids: workflowIds });
  await hub.close();
  await rm(store, { recursive: true, force: true });
  if (previousStore === undefined) delete process.env.PLINTH_STORE;
  else process.env.PLINTH_STORE = previousStore;
  console.log(`recipe workflow ids: ${workflowIds.join(' ')}`);
});

const CLEAN = [
  { op: 'deduplicate' },
  { op: 'impute', column: 'amount', strategy: 'mean' },
  { op: 'impute', column: 'city', strategy: 'constant', value: 'unknown' },
  { op: 'cast', column: 'day', type: 'DATE' },
];
const FEATURES = [
  { op: 'oneHot', column: 'city', maxCategories: 3 },
  { op: 'bucketize', column: 'amount', boundaries: [20, 45] },
  { op: 'dateParts', column: 'day', parts: ['year', 'month', 'dow'] },
];
const SPLIT = [{ op: 'split', testFraction: 0.3, seed: 7 }];

test('raw → cleaned → features → split: derived versions with DERIVED_FROM, the recipe and its SQL', async () => {
  const upload = await fetch(new URL(`/api/datasets/${datasets.raw}/versions?format=csv`, hub.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('scientist')}`, 'content-type': 'text/csv' },
    body: RAW,
  });
  const raw = (await upload.json()) as { id: string; rowCount: number };
  assert.equal(upload.status, 201, JSON.stringify(raw));
  assert.equal(raw.rowCount, 8);
  versions.raw = raw.id;

  const cleaned = await runRecipe([versions.raw], CLEAN, datasets.cleaned!);
  assert.equal(cleaned.status, 'SUCCEEDED', cleaned.error ?? '');
  assert.equal(cleaned.error, null);
  assert.ok(cleaned.runId);
  const v1 = cleaned.version!;
  assert.equal(v1.rowCount, 7, 'one duplicate row removed');
  assert.equal(v1.origin, 'RECIPE');
  assert.equal(v1.format, 'PARQUET');
  assert.deepEqual(
    v1.derivedFrom.map((v) => v.id),
    [versions.raw],
  );
  assert.equal(v1.sql, cleaned.sql);
  assert.match(v1.sql, /SELECT DISTINCT \* FROM input/);
  assert.match(v1.sql, /coalesce\("amount", \(SELECT avg\("amount"\) FROM step1\)\)/);
  assert.deepEqual(
    v1.schema.columns.map((c) => `${c.name}:${c.type}`),
    ['id:BIGINT', 'city:VARCHAR', 'amount:DOUBLE', 'day:DATE'],
  );
  versions.cleaned = v1.id;
  runs.cleaned = cleaned;

  const features = await runRecipe([versions.cleaned], FEATURES, datasets.features!);
  assert.equal(features.status, 'SUCCEEDED', features.error ?? '');
  versions.features = features.version!.id;
  assert.deepEqual(
    features.version!.schema.columns.map((c) => c.name),
    [
      'id',
      'amount',
      'day',
      'city_Nanjing',
      'city_Suzhou',
      'city_Wuxi',
      'amount_bucket',
      'day_year',
      'day_month',
      'day_dow',
    ],
  );

  const split = await runRecipe([versions.features], SPLIT, datasets.split!);
  assert.equal(split.status, 'SUCCEEDED', split.error ?? '');
  versions.split = split.version!.id;
  assert.equal(split.version!.rowCount, 7);
  assert.equal(split.version!.schema.columns.at(-1)!.name, 'split');

  // The version names its recipe: steps as given, the SQL, the inputs.
  const recipe = await call<{
    datasetVersion: { recipe: { steps: unknown; sql: string; workflowId: string; inputs: { id: string }[] } };
  }>('scientist', `query($id: ID!) { datasetVersion(id: $id) { recipe { steps sql workflowId inputs { id } } } }`, {
    id: versions.split,
  });
  assert.equal(recipe.body.errors, undefined, JSON.stringify(recipe.body.errors));
  assert.deepEqual(recipe.body.data!.datasetVersion.recipe.steps, SPLIT);
  assert.equal(recipe.body.data!.datasetVersion.recipe.workflowId, split.workflowId);
  assert.deepEqual(recipe.body.data!.datasetVersion.recipe.inputs, [{ id: versions.features }]);
  assert.match(recipe.body.data!.datasetVersion.recipe.sql, /hash\(7, "id", "amount"/);
});

test('the compliance officer walks lineage from the split back to the upload, seeing each step’s SQL', async () => {
  assert.ok(versions.split, 'the chain was derived');
  const res = await call<{
    lineage: {
      nodes: { edges: { node: { id: string; kind: string; distance: number; properties: Record<string, unknown> } }[] };
      edges: { from: string; to: string; relationship: string }[];
    };
  }>(
    'auditor',
    `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 10, kinds: [DATASET_VERSION], first: 100) {
       nodes { edges { node { id kind distance properties } } } edges { from to relationship } } }`,
    { id: versions.split },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const nodes = new Map(res.body.data!.lineage.nodes.edges.map((e) => [e.node.id, e.node]));
  const chain = [versions.split!, versions.features!, versions.cleaned!, versions.raw!];
  assert.deepEqual(
    chain.map((id) => nodes.get(id)?.distance),
    [0, 1, 2, 3],
  );
  const derived = res.body.data!.lineage.edges.filter((e) => e.relationship === 'DERIVED_FROM');
  for (let i = 0; i < 3; i++)
    assert.ok(
      derived.some((e) => e.from === chain[i] && e.to === chain[i + 1]),
      `${chain[i]} DERIVED_FROM ${chain[i + 1]}`,
    );
  const sqlOf = (id: string) => nodes.get(id)!.properties.sql as string | undefined;
  assert.match(sqlOf(versions.split!)!, /CASE WHEN hash\(7,/);
  assert.match(sqlOf(versions.features!)!, /AS "city_Nanjing"/);
  assert.match(sqlOf(versions.cleaned!)!, /SELECT DISTINCT \* FROM input/);
  assert.equal(sqlOf(versions.raw!), undefined, 'an upload ran no SQL');
  assert.equal(nodes.get(versions.raw!)!.properties.origin, 'UPLOAD');
  for (const id of chain.slice(0, 3)) {
    assert.equal(nodes.get(id)!.properties.origin, 'RECIPE');
    assert.match(String(nodes.get(id)!.properties.workflowId), /^recipe\/[^/]+\/[0-9a-f-]{36}$/);
  }
});

test('the same recipe on the same input gives the same digest; into the same dataset it is refused, naming the version', async () => {
  assert.ok(versions.features, 'the chain was derived');
  const first = await call<{ datasetVersion: { contentHash: string } }>(
    'scientist',
    `query($id: ID!) { datasetVersion(id: $id) { contentHash } }`,
    { id: versions.split },
  );
  const again = await runRecipe([versions.features!], SPLIT, datasets.again!);
  assert.equal(again.status, 'SUCCEEDED', again.error ?? '');
  assert.equal(again.version!.contentHash, first.body.data!.datasetVersion.contentHash);
  assert.notEqual(again.version!.id, versions.split);

  const refused = await runRecipe([versions.features!], SPLIT, datasets.split!);
  assert.equal(refused.status, 'FAILED');
  assert.match(refused.error!, /version 1 of dataset .* already has content [0-9a-f]{64}/);
  assert.equal(refused.version, null);
  assert.equal(await versionCount(datasets.split!), 1);
});

test('a rerun of a finished recipe workflow (as after a crash) finds its version and registers none', async () => {
  assert.ok(runs.cleaned, 'the chain was derived');
  const { records } = await hub.driver.executeQuery(
    `MATCH (r:Recipe {workflowId: $w})-[:ASSOCIATED_WITH]->(u:User)
     RETURN r.id AS recipeId, r.name AS name, r.inputs AS inputs, r.steps AS steps, r.targetDatasetId AS target,
            u.id AS sub, u.username AS username`,
    { w: runs.cleaned.workflowId },
  );
  const r = records[0]!.toObject() as Record<string, unknown>;
  const input: RecipeInput = {
    recipeId: r.recipeId as string,
    name: r.name as string,
    inputs: r.inputs as string[],
    steps: JSON.parse(r.steps as string) as RecipeInput['steps'],
    targetDatasetId: r.target as string,
    requestedBy: { sub: r.sub as string, username: r.username as string, org: 'hq' },
  };
  // The same workflow id again: every activity runs anew against what the first run left.
  const result = (await (
    await temporalClient()
  ).workflow.execute('recipeWorkflow', {
    taskQueue: recipeClientOptions.taskQueue,
    workflowId: runs.cleaned.workflowId,
    args: [input],
  })) as RecipeResult;
  assert.equal(result.created, false);
  assert.equal(result.versionId, versions.cleaned);
  assert.equal(await versionCount(datasets.cleaned!), 1);
  const recipes = await hub.driver.executeQuery('MATCH (r:Recipe {workflowId: $w}) RETURN count(r) AS n', {
    w: runs.cleaned.workflowId,
  });
  assert.equal(Number(recipes.records[0]!.get('n')), 1);
});

const REFUSED = `${tag} refused`;

/** runRecipe as `user` must answer `code` with `message`; the caller checks no run was left (noRunStarted). */
async function assertRefused(user: string, input: Record<string, unknown>, code: string, message: RegExp) {
  const res = await call<{ runRecipe: unknown }>(user, RUN, { input: { ...input, name: REFUSED } });
  const error = res.body.errors?.[0];
  assert.equal(error?.extensions?.code, code, JSON.stringify(res.body.errors));
  assert.match(error?.message ?? '', message);
  assert.equal(res.body.data?.runRecipe ?? null, null);
}

/** No Recipe node named REFUSED, and no workflow on this file's task queue started since `since`. */
async function assertNoRunStarted(since: Date): Promise<void> {
  const { records } = await hub.driver.executeQuery('MATCH (r:Recipe {name: $name}) RETURN count(r) AS n', {
    name: REFUSED,
  });
  assert.equal(Number(records[0]!.get('n')), 0, 'no Recipe node was created');
  const started: string[] = [];
  for await (const wf of (await temporalClient()).workflow.list({
    query: `TaskQueue = '${recipeClientOptions.taskQueue}' AND StartTime >= '${since.toISOString()}'`,
  }))
    started.push(wf.workflowId);
  assert.deepEqual(started, [], 'no recipe workflow was started');
}

test('sandboxed SQL that reads /etc/passwd, COPYs out or ATTACHes is refused at runRecipe, naming the step; no run starts', async () => {
  assert.ok(versions.cleaned, 'the chain was derived');
  const since = new Date();
  const before = await versionCount(datasets.again!);
  const filesBefore = (await readdir(store, { recursive: true })).length;
  const run = (query: string) => ({
    inputs: [versions.cleaned],
    steps: [{ op: 'sql', query }],
    targetDatasetId: datasets.again,
  });
  await assertRefused(
    'scientist',
    run("SELECT * FROM input UNION ALL BY NAME SELECT * FROM read_csv('/etc/passwd')"),
    'BAD_USER_INPUT',
    /step 1 \(sql\): Permission Error: Cannot access file "\/etc\/passwd"/,
  );
  await assertRefused(
    'scientist',
    run(`COPY (SELECT * FROM input) TO '${join(store, 'stolen.csv')}' (FORMAT csv)`),
    'BAD_USER_INPUT',
    /step 1 \(sql\): only one SELECT statement is allowed; this is a COPY statement/,
  );
  await assertRefused(
    'scientist',
    run("SELECT 1 AS x; ATTACH '/tmp/x.db'"),
    'BAD_USER_INPUT',
    /step 1 \(sql\): only one SELECT statement is allowed; the query has 2 statements/,
  );
  await assertNoRunStarted(since);
  assert.equal(await versionCount(datasets.again!), before);
  assert.equal((await readdir(store, { recursive: true })).length, filesBefore);
});

test('defence in depth: a COPY step that reaches the workflow without runRecipe is refused by the activity, leaving no version', async () => {
  assert.ok(versions.cleaned, 'the chain was derived');
  const filesBefore = (await readdir(store, { recursive: true })).length;
  const { records } = await hub.driver.executeQuery('MATCH (u:User {username: $u}) RETURN u.id AS sub', {
    u: 'scientist',
  });
  const workflowId = `recipe-${randomUUID()}`;
  workflowIds.push(workflowId);
  const input: RecipeInput = {
    recipeId: randomUUID(),
    name: `${tag} direct`,
    inputs: [versions.cleaned!],
    steps: [{ op: 'sql', query: `COPY (SELECT * FROM input) TO '${join(store, 'stolen.csv')}' (FORMAT csv)` }],
    targetDatasetId: datasets.again!,
    requestedBy: { sub: records[0]!.get('sub') as string, username: 'scientist', org: 'hq' },
  };
  await assert.rejects(
    (await temporalClient()).workflow.execute('recipeWorkflow', {
      taskQueue: recipeClientOptions.taskQueue,
      workflowId,
      args: [input],
    }),
  );
  const res = await call<{ recipeRun: RecipeRun }>('scientist', RECIPE_RUN, { w: workflowId });
  assert.equal(res.body.data!.recipeRun.status, 'FAILED');
  assert.match(
    res.body.data!.recipeRun.error!,
    /step 1 \(sql\): only one SELECT statement is allowed; this is a COPY statement/,
  );
  assert.equal(res.body.data!.recipeRun.version, null);
  assert.equal((await readdir(store, { recursive: true })).length, filesBefore);
});

test('a branch scientist cannot start a recipe on an HQ-private join version, an unknown column, COPY/ATTACH or an external version', async () => {
  assert.ok(versions.raw, 'the raw version was uploaded');
  const since = new Date();
  const branch = 'scientist.jiangsu';
  const registered = await call<{ registerDataset: { id: string } }>(
    branch,
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    { input: { name: `${tag} branch`, tags: [tag] } },
  );
  assert.equal(registered.body.errors, undefined, JSON.stringify(registered.body.errors));
  const target = registered.body.data!.registerDataset.id;
  const upload = await fetch(new URL(`/api/datasets/${target}/versions?format=csv`, hub.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(branch)}`, 'content-type': 'text/csv' },
    // Not HQ's bytes: the external version below carries HQ's digest, which this dataset must not hold.
    body: `${RAW}8,Wuxi,80,2025-09-10\n`,
  });
  const own = (await upload.json()) as { id: string };
  assert.equal(upload.status, 201, JSON.stringify(own));
  const base = { inputs: [own.id], targetDatasetId: target };

  // (a) A join naming HQ's version: NOT_FOUND, as every version the branch may not see; and a visible
  // version that is not among the inputs is refused too, so a join reads only checked inputs.
  await assertRefused(
    branch,
    { ...base, steps: [{ op: 'join', version: versions.raw, on: ['id'] }] },
    'NOT_FOUND',
    new RegExp(`step 1 \\(join\\): dataset version ${versions.raw} not found`),
  );
  await assertRefused(
    branch,
    { ...base, inputs: [own.id, versions.raw], steps: [{ op: 'join', version: versions.raw, on: ['id'] }] },
    'NOT_FOUND',
    new RegExp(`dataset version\\(s\\) ${versions.raw} not found`),
  );
  await assertRefused(
    branch,
    { ...base, steps: [{ op: 'join', version: own.id, on: ['id'] }] },
    'BAD_USER_INPUT',
    /step 1 \(join\): version .* is not one of the recipe's other inputs/,
  );
  // (b) An unknown column, checked against the recorded schema (no bytes read).
  await assertRefused(
    branch,
    { ...base, steps: [{ op: 'deduplicate' }, { op: 'filter', column: 'salary', operator: 'gt', value: 1 }] },
    'BAD_USER_INPUT',
    /step 2 \(filter\): no column "salary" \(the columns here are "id", "city", "amount", "day"\)/,
  );
  // (c) Statements that are not one SELECT.
  await assertRefused(
    branch,
    { ...base, steps: [{ op: 'sql', query: "COPY input TO '/tmp/x.csv'" }] },
    'BAD_USER_INPUT',
    /step 1 \(sql\): only one SELECT statement is allowed; this is a COPY statement/,
  );
  await assertRefused(
    branch,
    {
      ...base,
      steps: [
        { op: 'cast', column: 'id', type: 'VARCHAR' },
        { op: 'sql', query: "SELECT 1; ATTACH '/tmp/x.db'" },
      ],
    },
    'BAD_USER_INPUT',
    /step 2 \(sql\): only one SELECT statement is allowed; the query has 2 statements/,
  );
  // (d) An external version carrying the digest of HQ's stored bytes: never read by that hash.
  const hq = await call<{ datasetVersion: { contentHash: string } }>(
    'scientist',
    `query($id: ID!) { datasetVersion(id: $id) { contentHash } }`,
    { id: versions.raw },
  );
  const external = await call<{ registerDatasetVersion: { id: string } }>(
    branch,
    `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`,
    {
      input: {
        datasetId: target,
        contentHash: hq.body.data!.datasetVersion.contentHash,
        schema: { columns: [{ name: 'id', type: 'BIGINT' }] },
        rowCount: 8,
        storageUri: 's3://branch-bucket/copy.csv',
        format: 'CSV',
      },
    },
  );
  assert.equal(external.body.errors, undefined, JSON.stringify(external.body.errors));
  const externalId = external.body.data!.registerDatasetVersion.id;
  await assertRefused(
    branch,
    { ...base, inputs: [externalId], steps: [{ op: 'deduplicate' }] },
    'BAD_USER_INPUT',
    new RegExp(`input version ${externalId} is external and unverified`),
  );
  await assertRefused(
    branch,
    { ...base, inputs: [own.id, externalId], steps: [{ op: 'join', version: externalId, on: ['id'] }] },
    'BAD_USER_INPUT',
    new RegExp(`input version ${externalId} is external and unverified`),
  );
  await assert.rejects(readVersionBytes(hub.driver, externalId, 'recipes test'), (error: unknown) => {
    assert.ok(error instanceof IntegrityError);
    assert.equal(error.integrity, 'UNVERIFIED');
    return true;
  });
  await assertNoRunStarted(since);
  assert.equal(await versionCount(target), 2, 'the upload and the external version, nothing derived');
});

test('runRecipe: a malformed step is refused up front, naming it; a viewer may not run recipes; a branch sees no HQ run', async () => {
  const bad = await call('scientist', RUN, {
    input: {
      inputs: [versions.raw],
      steps: [{ op: 'impute', column: 'amount', strategy: 'max' }],
      targetDatasetId: datasets.again,
    },
  });
  assert.match(
    bad.body.errors?.[0]?.message ?? '',
    /step 1 \(impute\): strategy must be one of mean, median, mode, constant/,
  );
  const viewer = await call('viewer', RUN, {
    input: { inputs: [versions.raw], steps: [{ op: 'deduplicate' }], targetDatasetId: datasets.again },
  });
  assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  // Another org sees neither the run nor the recipe behind the version.
  const branch = await call<{ recipeRun: unknown; datasetVersion: unknown }>(
    'scientist.jiangsu',
    `query($w: String!, $id: ID!) { recipeRun(workflowId: $w) { id } datasetVersion(id: $id) { recipe { sql } } }`,
    { w: runs.cleaned!.workflowId, id: versions.cleaned },
  );
  assert.equal(branch.body.errors, undefined, JSON.stringify(branch.body.errors));
  assert.deepEqual(branch.body.data, { recipeRun: null, datasetVersion: null });
});

test('on the S3 store (s3proxy): the recipe reads its input from S3, stores its output there, and gives the local run’s digest', async () => {
  assert.ok(runs.cleaned?.version, 'the local chain was derived');
  const prefix = `recipes-${tag}`;
  const s3 = s3Admin();
  const restore = setEnv(s3StoreEnv(prefix));
  const digests: string[] = [];
  try {
    const rawS3 = await newDataset('raw on s3');
    const cleanedS3 = await newDataset('cleaned on s3');
    const upload = await fetch(new URL(`/api/datasets/${rawS3}/versions?format=csv`, hub.gateway.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('scientist')}`, 'content-type': 'text/csv' },
      body: RAW,
    });
    const raw = (await upload.json()) as { id: string; contentHash: string; storageUri: string };
    assert.equal(upload.status, 201, JSON.stringify(raw));
    assert.match(raw.storageUri, /^s3:\/\//);
    digests.push(raw.contentHash);
    const cleaned = await runRecipe([raw.id], CLEAN, cleanedS3);
    assert.equal(cleaned.status, 'SUCCEEDED', cleaned.error ?? '');
    digests.push(cleaned.version!.contentHash);
    assert.equal(cleaned.version!.contentHash, runs.cleaned.version.contentHash);
    const keys = await listKeys(s3, config.s3.bucket, `${prefix}/`);
    assert.ok(keys.includes(`${prefix}/${blobKey(cleaned.version!.contentHash)}`), keys.join(', '));
  } finally {
    restore();
    await deletePrefix(s3, config.s3.bucket, `${prefix}/`);
    s3.destroy();
    // The store's local copies for readers that need a file.
    for (const digest of digests) await unlink(join(paths.home, 's3-cache', blobKey(digest))).catch(() => undefined);
  }
});
