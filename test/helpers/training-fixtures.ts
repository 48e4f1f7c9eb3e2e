// The training tests' fixture: a CSV with a known rule uploaded as a Dataset's version (through the same
// ingest as POST /api/datasets/:id/versions, so training reads it by digest from the store), a Model to
// register versions under, and the cleanup of everything a run leaves behind, stored bytes included.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { seededRandom } from '../../domain/random.js';
import { ingestCopy } from '../../domain/datasets/ingest-copy.js';
import type { DatasetFormat } from '../../domain/datasets/formats.js';
import { profilesSettled } from '../../domain/datasets/profile-job.js';
import { digestReferenced, type DatasetVersionRecord } from '../../domain/datasets/versions.js';
import { blobStore } from '../../lib/storage/index.js';
import { Label } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import { gql } from './hub.js';

/** Who fixtures upload as: a data scientist at hq, where the fixtures' datasets live. */
export const FIXTURE_UPLOADER: Identity = {
  sub: 'plinth-test-fixture',
  username: 'test',
  roles: ['data-scientist'],
  org: 'hq',
};

/** Creates a Dataset owned by 'hq' (straight in the graph, as the fixtures always have). */
export async function createFixtureDataset(driver: Driver, id: string, tag: string, description = ''): Promise<void> {
  await driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (d:Dataset {id: $id, name: $tag + ' ' + $id, description: $description, tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                        createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     ${tally('d', Label.Dataset)}`,
    { id, tag, description },
  );
}

/** Uploads `content` as the next version of dataset `datasetId`; training reads it by its digest. */
export async function uploadFixtureVersion(
  driver: Driver,
  datasetId: string,
  content: string | Uint8Array,
  format: DatasetFormat = 'CSV',
): Promise<DatasetVersionRecord> {
  return ingestCopy(driver, FIXTURE_UPLOADER, { datasetId, source: { bytes: content }, declared: format });
}

/** The content digests of these datasets' versions (collect before deleting the nodes). */
export async function datasetDigests(driver: Driver, datasetIds: string[]): Promise<string[]> {
  const { records } = await driver.executeQuery(
    'MATCH (d:Dataset)-[:HAS_VERSION]->(v:DatasetVersion) WHERE d.id IN $ids RETURN collect(DISTINCT v.contentHash) AS digests',
    { ids: datasetIds },
  );
  return (records[0]?.get('digests') as string[] | undefined) ?? [];
}

/** Removes stored dataset bytes that no node names any more (after the test deleted its versions). */
export async function removeUnreferencedBlobs(driver: Driver, digests: Iterable<string>): Promise<void> {
  // A profile still computing would read a blob removed under it; let it finish first.
  await profilesSettled();
  for (const digest of digests) {
    if (!/^[0-9a-f]{64}$/.test(digest)) continue;
    if (!(await digestReferenced(driver, digest))) await blobStore().remove(digest);
  }
}

/** 600 rows, y = 1 when 2a − b + noise > 0; c is pure noise. */
export function groundTruthCsv(): string {
  const rand = seededRandom(20240611);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 600; i++) {
    const [a, b, c] = [gauss(), gauss(), gauss()];
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${2 * a - b + 0.3 * gauss() > 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface TrainingFixtureIds {
  dataset: string;
  datasetVersion: string;
  model: string;
}

/** datasetVersion is set by seedTrainingFixture: the upload decides a version's id. */
export const newTrainingFixtureIds = (): TrainingFixtureIds => ({
  dataset: randomUUID(),
  datasetVersion: '',
  model: randomUUID(),
});

/** Uploads the ground-truth CSV as the Dataset's version and creates the Dataset and the Model, owned by 'hq'. */
export async function seedTrainingFixture(driver: Driver, ids: TrainingFixtureIds, tag: string): Promise<void> {
  await createFixtureDataset(driver, ids.dataset, tag, 'ground truth');
  ids.datasetVersion = (await uploadFixtureVersion(driver, ids.dataset, groundTruthCsv())).id;
  await driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                      createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     ${tally('m', Label.Model)}`,
    { model: ids.model, tag },
  );
}

/**
 * Deletes the Model and its versions, the training runs whose workflow ids start with workflowPrefix,
 * the Dataset, its versions and their stored bytes, and the artifacts (by digest) that no remaining ModelVersion names.
 */
export async function cleanupTrainingFixture(
  driver: Driver,
  ids: TrainingFixtureIds,
  workflowPrefix: string,
  digests: Iterable<string>,
): Promise<void> {
  await driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v:ModelVersion) OPTIONAL MATCH (r:TrainingRun)-[:GENERATED|USED]->()
     WHERE r.workflowId STARTS WITH $prefix
     WITH collect(DISTINCT m) + collect(DISTINCT v) + collect(DISTINCT r) AS nodes UNWIND nodes AS n DETACH DELETE n`,
    { model: ids.model, prefix: workflowPrefix },
  );
  await driver.executeQuery(`MATCH (r:TrainingRun) WHERE r.workflowId STARTS WITH $prefix DETACH DELETE r`, {
    prefix: workflowPrefix,
  });
  const stored = await datasetDigests(driver, [ids.dataset]);
  // Evaluations (a training run's on its test split, and any later ones) used the dataset's versions.
  await driver.executeQuery(
    `MATCH (d:Dataset {id: $dataset}) OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) OPTIONAL MATCH (e:Evaluation)-[:USED]->(dv)
     DETACH DELETE d, dv, e`,
    ids,
  );
  // Model artifacts live in the same store: removed once no version names them.
  await removeUnreferencedBlobs(driver, [...stored, ...digests]);
}

/** Starts a binary CART training through the gateway (a quick, deterministic run) and returns the run's id. */
export async function startCartTraining(
  gatewayUrl: string,
  token: string,
  run: { datasetVersionId: string; modelId: string; targetColumn: string; maxDepth: number; seed: number },
): Promise<string> {
  const { maxDepth, ...rest } = run;
  const started = await gql<{ startTraining: { id: string } }>(
    gatewayUrl,
    'mutation($i: StartTrainingInput!) { startTraining(input: $i) { id } }',
    {
      token,
      variables: {
        i: { ...rest, task: 'BINARY', algorithm: 'CART', hyperparameters: { maxDepth }, testFraction: 0.25 },
      },
    },
  );
  assert.equal(started.body.errors, undefined, JSON.stringify(started.body.errors));
  return started.body.data!.startTraining.id;
}
