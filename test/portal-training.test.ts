// Training and AutoML in the portal (issue #17), in Chromium over the demo enterprise with a Temporal
// worker of the test's own: a scientist trains the credit scorer on the seeded credit table through the
// form and sees its progress, then its ROC, confusion matrix and importance charts (a regression: its
// residuals); a run whose target cannot be trained as asked shows its reason and log; input the API
// refuses shows the API's message; a viewer is offered no form; an AutoML study started from the form
// fills its leaderboard and curves.
// Everything the test creates (runs, trials, the study, the versions they registered, their blobs) is
// removed afterwards; the seeded dataset and model stay.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { closeTemporalClient } from '../domain/temporal/client.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { trainingWorkdir } from '../workflows/training/activities.js';
import { gql } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import {
  startAutoMLStudy,
  trainOnDatasetVersion,
  trainingFails,
  trainingFormProblems,
  trainingFormRefuses,
} from './helpers/journey/training.js';
import { screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';
import { tokenFor } from './helpers/tokens.js';
import { removeUnreferencedBlobs } from './helpers/training-fixtures.js';

const CREDIT_DATASET = '信贷风险 Group finance credit-risk table';
const CREDIT_MODEL = '信贷违约评分 Credit default scorer';

let portal: PortalHarness;
let worker: InProcessWorker | undefined;
const savedQueue = trainingClientOptions.taskQueue;
let versionId = '';
const created = { runs: [] as string[], studies: [] as string[] };
let scientist: Page;

/** axe-core's serious and critical WCAG 2.1 AA violations on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function api<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await gql<T>(portal.hub.gateway.url, query, { token: await tokenFor(user), variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!;
}

/** Training runs on the version under test, any status: a form that refuses must not add one. */
async function runCount(): Promise<number> {
  const { records } = await portal.hub.driver.executeQuery(
    'MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $versionId}) RETURN count(r) AS n',
    { versionId },
  );
  return Number(records[0]?.get('n'));
}

before(async () => {
  portal = await startPortal({ demoSeed: true });
  worker = await startInProcessWorker(portal.hub, 'portal-training');
  // AutoML starts on the training client's queue too (domain/automl/client.ts).
  trainingClientOptions.taskQueue = worker.taskQueue;
  const { search } = await api<{ search: { edges: { node: { id: string; name: string } }[] } }>(
    'scientist',
    'query($q: String!) { search(query: $q, kinds: [DATASET], first: 10) { edges { node { id name } } } }',
    { q: CREDIT_DATASET },
  );
  const datasetId = search.edges.find((e) => e.node.name === CREDIT_DATASET)?.node.id;
  assert.ok(datasetId, 'the seeded credit table');
  const { dataset } = await api<{ dataset: { versions: { id: string; version: number; integrity: string }[] } }>(
    'scientist',
    'query($id: ID!) { dataset(id: $id) { versions { id version integrity } } }',
    { id: datasetId },
  );
  const held = dataset.versions.filter((v) => v.integrity === 'VERIFIED').sort((a, b) => a.version - b.version)[0];
  assert.ok(held, 'the seeded credit table has a verified version');
  versionId = held.id;
  ({ page: scientist } = await portal.newPage());
  await signIn(scientist, portal.origin, 'scientist', `/dataset-versions/${encodeURIComponent(versionId)}`);
});

after(async () => {
  trainingClientOptions.taskQueue = savedQueue;
  const driver = portal?.hub.driver;
  if (driver) {
    const { records } = await driver.executeQuery(
      `MATCH (r:TrainingRun) WHERE r.id IN $runs OR r.studyId IN $studies
       OPTIONAL MATCH (r)-[:GENERATED]->(v:ModelVersion)
       RETURN collect(DISTINCT v.artifactDigest) AS digests, collect(DISTINCT r.workflowId) AS workflows`,
      { runs: created.runs, studies: created.studies },
    );
    await driver.executeQuery(
      `MATCH (r:TrainingRun) WHERE r.id IN $runs OR r.studyId IN $studies
       OPTIONAL MATCH (r)-[:GENERATED]->(v:ModelVersion) OPTIONAL MATCH (e:Evaluation)-[:EVALUATES]->(v)
       OPTIONAL MATCH (s:AutoMLStudy) WHERE s.id IN $studies
       DETACH DELETE r, v, e, s`,
      { runs: created.runs, studies: created.studies },
    );
    // A failed run keeps its working files (a retry would reuse them); nothing will retry these.
    for (const workflowId of (records[0]?.get('workflows') as string[] | undefined) ?? [])
      if (workflowId) await rm(trainingWorkdir(workflowId), { recursive: true, force: true });
    await removeUnreferencedBlobs(driver, (records[0]?.get('digests') as string[] | undefined) ?? []);
  }
  await portal?.close();
  await worker?.stop();
  await closeTemporalClient();
});

describe('portal: training and AutoML', { timeout: 300_000 }, () => {
  test('a scientist trains through the form: live progress, then ROC, confusion matrix and importance', async () => {
    const trained = await trainOnDatasetVersion(scientist, portal.origin, versionId, {
      modelName: CREDIT_MODEL,
      targetColumn: 'default',
      task: 'BINARY',
      algorithm: 'RANDOM_FOREST',
      hyperparameters: { nEstimators: 60, maxDepth: 6 },
      seed: 11,
    });
    created.runs.push(trained.runId);
    assert.ok(trained.sawProgress, 'the run page showed its progress while the run was RUNNING');
    assert.deepEqual(await seriousViolations(scientist), []);
    await scientist.getByTestId('chart-roc').scrollIntoViewIfNeeded();
    await screenshot(scientist, 'training-run');
    // The page shows what the API recorded: the run's test AUC in the ROC chart's title, its version linked.
    const { trainingRun } = await api<{
      trainingRun: {
        metrics: { rocAuc: number; rocCurve: unknown[] };
        generated: { id: string }[];
        params: { nEstimators: number };
      };
    }>('scientist', 'query($id: ID!) { trainingRun(id: $id) { metrics params generated { id } } }', {
      id: trained.runId,
    });
    assert.equal(trainingRun.generated[0]?.id, trained.modelVersionId);
    assert.equal(trainingRun.params.nEstimators, 60, 'the hyperparameter typed into the form');
    assert.ok(trainingRun.metrics.rocCurve.length > 2 && trainingRun.metrics.rocCurve.length <= 101);
    const rocTitle = await scientist.getByTestId('chart-roc').locator('figcaption').innerText();
    assert.ok(rocTitle.includes(trainingRun.metrics.rocAuc.toFixed(3)), `${rocTitle} vs ${trainingRun.metrics.rocAuc}`);
    // The model version page links back to the run.
    await scientist.getByTestId('generated-version').click();
    await scientist.getByTestId('training-run-link').click();
    await scientist.waitForURL(`**/training-runs/${trained.runId}`);
  });

  test('a regression run draws its residuals (predicted against actual − predicted)', async () => {
    const trained = await trainOnDatasetVersion(scientist, portal.origin, versionId, {
      modelName: CREDIT_MODEL,
      // Loan amounts run into the thousands: float32 leaves in ONNX differ from ml.js's by more than
      // 1e-5 absolutely, so verification compares them by magnitude (domain/training/shared.ts onnxDeviation).
      targetColumn: 'loan_amount_wan',
      task: 'REGRESSION',
      algorithm: 'CART',
      hyperparameters: { maxDepth: 5 },
    });
    created.runs.push(trained.runId);
    const { trainingRun } = await api<{ trainingRun: { metrics: { residuals: unknown[]; testRows: number } } }>(
      'scientist',
      'query($id: ID!) { trainingRun(id: $id) { metrics } }',
      { id: trained.runId },
    );
    const { residuals, testRows } = trainingRun.metrics;
    assert.equal(residuals.length, Math.min(500, testRows), 'every test row up to 500');
    // One dot per sample in the scatter.
    assert.equal(
      await scientist.getByTestId('chart-residuals').locator('.recharts-scatter-symbol').count(),
      residuals.length,
    );
    assert.equal(await scientist.getByTestId('chart-roc').count(), 0, 'no ROC curve for a regression');
  });

  test('a run that cannot train as asked shows its reason and its log; refused input shows the API message', async () => {
    // Five provinces cannot be a binary target: the API accepts the column, the load step refuses it.
    const failed = await trainingFails(scientist, portal.origin, versionId, {
      modelName: CREDIT_MODEL,
      targetColumn: 'province',
      task: 'BINARY',
      algorithm: 'CART',
    });
    created.runs.push(failed.runId);
    assert.match(failed.reason, /load \(BAD_INPUT\)/);
    assert.match(failed.reason, /binary classification needs 2 classes in "province", found 5/);
    assert.ok(
      failed.logErrors.some((e) => /needs 2 classes/.test(e)),
      failed.logErrors.join('\n'),
    );
    assert.deepEqual(await seriousViolations(scientist), []);
    await screenshot(scientist, 'training-run-failed');

    // A value that is not a number is refused by the form, naming the field, before any request (it was
    // dropped and the run started on the learner's default).
    const runsBefore = await runCount();
    const problems = await trainingFormProblems(scientist, portal.origin, versionId, {
      modelName: CREDIT_MODEL,
      targetColumn: 'default',
      task: 'BINARY',
      algorithm: 'LOGISTIC_REGRESSION',
      hyperparameters: { learningRate: 'NaN', numSteps: '12.5' },
      testFraction: 'abc',
    });
    assert.match(problems, /learningRate: "NaN" is not a number/);
    assert.match(problems, /numSteps: "12.5" is not a whole number/);
    assert.match(problems, /Test fraction: "abc" is not a number/);
    assert.equal(await scientist.getByTestId('train-error').count(), 0);
    assert.doesNotMatch(scientist.url(), /\/training-runs\//, 'no run page: nothing was started');
    assert.equal(await runCount(), runsBefore, 'no run was created');

    // Several fields out of range: the API's one answer names every one, its range in words.
    const refused = await trainingFormRefuses(scientist, portal.origin, versionId, {
      modelName: CREDIT_MODEL,
      targetColumn: 'default',
      task: 'BINARY',
      algorithm: 'LOGISTIC_REGRESSION',
      hyperparameters: { numSteps: 99_999_999, learningRate: -5 },
      testFraction: 2,
    });
    assert.match(refused, /numSteps = 99999999 is out of range: it must be an integer from 1 to 100000/);
    assert.match(refused, /learningRate = -5 is out of range: it must be a number greater than 0 and at most 1/);
    assert.match(refused, /testFraction = 2 is out of range: it must be a number greater than 0 and less than 1/);
    // The dataset version page with the form and the API's refusal under it.
    assert.deepEqual(await seriousViolations(scientist), []);
    await scientist.getByTestId('train-form').scrollIntoViewIfNeeded();
    await screenshot(scientist, 'train-form');
  });

  test('a viewer sees the runs on the version but no form to train', async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.origin, 'viewer', `/dataset-versions/${encodeURIComponent(versionId)}`);
    const runs = page.getByTestId('training-runs');
    await runs.getByRole('link').first().waitFor();
    assert.equal(await page.getByTestId('train-form').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Start training' }).count(), 0);
    assert.equal(await page.getByRole('tab', { name: 'AutoML study' }).count(), 0);
    await page.close();
  });

  test('an AutoML study from the form: leaderboard of its trials, their curves, best run and version', async () => {
    const study = await startAutoMLStudy(scientist, portal.origin, versionId, {
      modelName: CREDIT_MODEL,
      targetColumn: 'default',
      task: 'BINARY',
      metric: 'rocAuc',
      strategy: 'SUCCESSIVE_HALVING',
      trials: 3,
      concurrency: 2,
      algorithms: ['Decision tree (CART)', 'Logistic regression'],
    });
    created.studies.push(study.studyId);
    assert.deepEqual(await seriousViolations(scientist), []);
    await scientist.getByTestId('leaderboard').scrollIntoViewIfNeeded();
    await screenshot(scientist, 'automl-study');
    const { autoMLStudy } = await api<{
      autoMLStudy: {
        status: string;
        trials: { run: { id: string; algorithm: string }; curve: { rung: number; score: number | null }[] }[];
        bestRun: { id: string };
        modelVersion: { id: string };
      };
    }>(
      'scientist',
      'query($id: ID!) { autoMLStudy(id: $id) { status trials { run { id algorithm } curve { rung score } } bestRun { id } modelVersion { id } } }',
      { id: study.studyId },
    );
    assert.equal(autoMLStudy.status, 'SUCCEEDED');
    assert.equal(study.trials, 3, 'one leaderboard row per trial');
    assert.equal(autoMLStudy.trials.length, 3);
    assert.ok(autoMLStudy.trials.every((t) => ['cart', 'logistic-regression'].includes(t.run.algorithm)));
    // Successive halving over 3 trials: 3 rungs; the best went through every one of them.
    const best = autoMLStudy.trials.find((t) => t.run.id === autoMLStudy.bestRun.id)!;
    assert.deepEqual(
      best.curve.map((p) => p.rung),
      [0, 1, 2],
    );
    assert.equal(study.bestRunId, autoMLStudy.bestRun.id);
    assert.equal(study.modelVersionId, autoMLStudy.modelVersion.id);
    // One line per trial in the curves chart.
    assert.equal(await scientist.getByTestId('trial-curves').locator('.recharts-line').count(), 3);
  });
});
