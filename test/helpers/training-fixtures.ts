// The training tests' fixture: a CSV with a known rule, a Dataset/DatasetVersion pointing at it and a
// Model to register versions under, and the cleanup of everything a run leaves behind.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { seededRandom } from '../../domain/random.js';
import { artifactPath } from '../../domain/models/artifacts.js';
import { paths } from '../../lib/config.js';

/**
 * A fresh folder under the first data root (paths.dataRoots) for a test's CSVs: training reads dataset
 * files only from there. The caller removes it in its cleanup.
 */
export async function dataDir(prefix: string): Promise<string> {
  const root = paths.dataRoots[0]!;
  await mkdir(root, { recursive: true });
  return mkdtemp(join(root, prefix));
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

export const newTrainingFixtureIds = (): TrainingFixtureIds => ({
  dataset: randomUUID(),
  datasetVersion: randomUUID(),
  model: randomUUID(),
});

/** Writes the ground-truth CSV into dir and creates the Dataset, its version and the Model, owned by 'hq'. */
export async function seedTrainingFixture(
  driver: Driver,
  dir: string,
  ids: TrainingFixtureIds,
  tag: string,
): Promise<void> {
  const csv = join(dir, 'ground-truth.csv');
  await writeFile(csv, groundTruthCsv());
  await driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (d:Dataset {id: $dataset, name: $tag, description: 'ground truth', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                        createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     CREATE (d)-[:HAS_VERSION]->(:DatasetVersion {id: $datasetVersion, datasetId: $dataset, version: 1, ownerOrgId: 'hq',
            contentHash: $hash, schema: '{}', rowCount: 600, storageUri: $uri, format: 'csv', createdAt: datetime()})
     CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                      createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { ...ids, tag, hash: '0'.repeat(64), uri: pathToFileURL(csv).href },
  );
}

/**
 * Deletes the Model and its versions, the training runs whose workflow ids start with workflowPrefix,
 * the Dataset and its version, and the artifacts (by digest) that no remaining ModelVersion names.
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
  await driver.executeQuery(
    `MATCH (d:Dataset {id: $dataset}) OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) DETACH DELETE d, dv`,
    ids,
  );
  for (const digest of digests) {
    const { records } = await driver.executeQuery(
      'MATCH (v:ModelVersion {artifactDigest: $digest}) RETURN count(v) AS n',
      { digest },
    );
    if (Number(records[0]?.get('n')) === 0) await rm(artifactPath(digest), { force: true });
  }
}
