// Random forest and gradient-boosted trees through trainingWorkflow on an in-process worker against the
// real Temporal dev server and Neo4j: a binary table and a regression table with known rules, metrics,
// ONNX within 1e-5 of the library's scores on the test split, and a registered ModelVersion. The binary
// table is uploaded as CSV, the regression table as Parquet: training reads both by digest from the store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { createActivities } from '../workflows/activities.js';
import { trainingWorkflow } from '../workflows/workflows.js';
import { seededRandom } from '../domain/random.js';
import type { TrainingInput, TrainingTask } from '../domain/training/shared.js';
import { withDuck, sqlString } from '../domain/datasets/duck.js';
import {
  createFixtureDataset,
  datasetDigests,
  removeUnreferencedBlobs,
  uploadFixtureVersion,
} from './helpers/training-fixtures.js';

const workflowsPath = fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url));

/** 600 rows: y = 1 when 2a − b + noise > 0 (binary), or y = 3a − 2b + noise (regression); c is pure noise. */
function groundTruthCsv(task: 'binary' | 'regression'): string {
  const rand = seededRandom(20240611);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 600; i++) {
    const [a, b, c] = [gauss(), gauss(), gauss()];
    const y = task === 'binary' ? (2 * a - b + 0.3 * gauss() > 0 ? 1 : 0) : (3 * a - 2 * b + 0.5 * gauss()).toFixed(4);
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${y}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('trainingWorkflow: tree ensembles', { timeout: 300_000 }, () => {
  const tag = `test-training-ensembles-${randomUUID()}`;
  const ids = { dataset: randomUUID(), binary: '', regression: '', model: randomUUID() };
  const requestedBy = { sub: `sub-${tag}`, username: `ds-${tag.slice(-8)}`, org: 'hq' };
  const digests = new Set<string>();
  let driver: Driver;
  let connection: Connection;
  let client: Client;
  let workerConnection: NativeConnection;

  before(async () => {
    driver = createDriver();
    await createFixtureDataset(driver, ids.dataset, tag, 'ground truth');
    ids.binary = (await uploadFixtureVersion(driver, ids.dataset, groundTruthCsv('binary'))).id;
    // The regression table as Parquet, written by DuckDB from the CSV (same columns, DOUBLE values).
    const dir = await mkdtemp(join(tmpdir(), 'plinth-training-ensembles-'));
    try {
      await writeFile(join(dir, 'regression.csv'), groundTruthCsv('regression'));
      await withDuck((db) =>
        db.run(
          `COPY (SELECT * FROM read_csv(${sqlString(join(dir, 'regression.csv'))}, header = true)) TO ${sqlString(join(dir, 'regression.parquet'))} (FORMAT parquet)`,
        ),
      );
      const parquet = await readFile(join(dir, 'regression.parquet'));
      ids.regression = (await uploadFixtureVersion(driver, ids.dataset, parquet, 'PARQUET')).id;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await driver.executeQuery(
      `MATCH (o:Org {id: 'hq'})
       CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                        createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
      { model: ids.model, tag },
    );
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace: config.temporal.namespace });
    workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  });

  after(async () => {
    const prefix = `training-test-${tag}`;
    await driver.executeQuery(
      `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v:ModelVersion) WITH collect(DISTINCT m) + collect(DISTINCT v) AS nodes
       UNWIND nodes AS n DETACH DELETE n`,
      { model: ids.model },
    );
    await driver.executeQuery('MATCH (r:TrainingRun) WHERE r.workflowId STARTS WITH $prefix DETACH DELETE r', {
      prefix,
    });
    const stored = await datasetDigests(driver, [ids.dataset]);
    await driver.executeQuery(
      // The runs' Evaluations (on their test splits) used the dataset's versions.
      'MATCH (d:Dataset {id: $dataset}) OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) OPTIONAL MATCH (e:Evaluation)-[:USED]->(dv) DETACH DELETE d, dv, e',
      ids,
    );
    await removeUnreferencedBlobs(driver, [...stored, ...digests]);
    await workerConnection?.close();
    await connection?.close();
    await driver?.close();
  });

  const cases = [
    ['random-forest', 'binary'],
    ['gradient-boosted-trees', 'binary'],
    ['random-forest', 'regression'],
    ['gradient-boosted-trees', 'regression'],
  ] as const;

  for (const [algorithm, task] of cases) {
    test(`${algorithm} (${task}): metrics, feature importances, ONNX within 1e-5, a ModelVersion`, async () => {
      const taskQueue = `test-training-${randomUUID()}`;
      const worker = await Worker.create({
        connection: workerConnection,
        namespace: config.temporal.namespace,
        taskQueue,
        workflowsPath,
        activities: createActivities({ driver }),
      });
      const workflowId = `training-test-${tag}-${algorithm}-${task}`;
      const input: TrainingInput = {
        datasetVersionId: task === 'binary' ? ids.binary : ids.regression,
        targetColumn: 'y',
        task: task as TrainingTask,
        algorithm,
        hyperparameters: {
          nEstimators: 10,
          maxDepth: 4,
          ...(algorithm === 'gradient-boosted-trees' ? { learningRate: 0.3 } : {}),
        },
        split: { test: 0.2 },
        seed: 7,
        requestedBy,
        modelId: ids.model,
      };
      const result = await worker.runUntil(async () => {
        const handle = await client.workflow.start(trainingWorkflow, {
          taskQueue,
          workflowId,
          args: [input],
          workflowExecutionTimeout: '4 minutes',
        });
        return handle.result();
      });
      digests.add(result.artifactDigest);
      const m = result.metrics as Record<string, number> & { featureImportances: Record<string, number> };
      if (task === 'binary') {
        for (const key of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'ks'])
          assert.ok(m[key]! >= 0 && m[key]! <= 1, `${key} = ${m[key]}`);
        assert.ok(m.rocAuc! > 0.9, `rocAuc ${m.rocAuc}`);
        assert.ok(m.accuracy! > 0.85, `accuracy ${m.accuracy}`);
        assert.equal(m.onnxLabelAgreement, 1);
      } else {
        assert.ok(m.r2! > 0.85, `r2 ${m.r2}`);
        assert.ok(m.rmse! > 0 && m.mae! > 0, JSON.stringify(m));
      }
      assert.ok(m.onnxMaxAbsDiff! <= 1e-5, `onnxMaxAbsDiff ${m.onnxMaxAbsDiff}`);
      const importances = m.featureImportances;
      assert.ok(
        Math.abs(Object.values(importances).reduce((s, v) => s + v, 0) - 1) < 1e-9,
        JSON.stringify(importances),
      );
      assert.ok(importances.a! > importances.c! && importances.b! > importances.c!, JSON.stringify(importances));
      const { records } = await driver.executeQuery(
        `MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion {id: $version})<-[:GENERATED]-(r:TrainingRun {id: $run})
         RETURN v.artifactDigest AS digest, v.trainingWorkflowId AS workflowId, r.status AS status`,
        { model: ids.model, version: result.modelVersionId, run: result.trainingRunId },
      );
      assert.deepEqual(records[0]?.toObject(), { digest: result.artifactDigest, workflowId, status: 'SUCCEEDED' });
    });
  }
});
