// Slice A's steps of the portal journey (issue #17): training and AutoML from a dataset version page,
// driven in an already signed-in Playwright page (a data scientist's for the forms). Contract:
//   trainOnDatasetVersion(page, origin, datasetVersionId, run) → TrainOutcome
//     opens /dataset-versions/:id, fills "Train a model" (model by name, target column, task, algorithm,
//     the hyperparameters given; the rest keep the form's defaults), starts it, lands on
//     /training-runs/:id and waits (the page polls) until the run SUCCEEDED and its metrics charts are
//     drawn: ROC, confusion matrix and feature importance for a binary task, residuals for regression.
//     Throws with the run's failure reason if it FAILED.
//   trainingFails(page, origin, datasetVersionId, run) → FailedOutcome
//     the same form, but expects the run to FAIL: resolves with the reason shown and the run log's ERROR lines.
//   trainingFormRefuses(page, origin, datasetVersionId, run) → string
//     the same form, but expects the API to refuse the request: resolves with the error shown under the form.
//   trainingFormProblems(page, origin, datasetVersionId, run) → string
//     the same form with a value that is not a number (e.g. "NaN"): expects the form itself to refuse it,
//     without a request; resolves with the problems listed under the form (each names its field).
//   startAutoMLStudy(page, origin, datasetVersionId, study) → StudyOutcome
//     the "AutoML study" tab: model, target, task, metric, strategy, trials, concurrency and the algorithms
//     searched; lands on /automl-studies/:id and waits until the study SUCCEEDED with its leaderboard,
//     trial curves, best run and registered model version.
// Every wait is on an element (test ids train-form, run-status, run-progress, chart-*, leaderboard, …), no sleeps.
import type { Locator, Page } from 'playwright-core';

export type Task = 'BINARY' | 'MULTICLASS' | 'REGRESSION';
export type Algorithm = 'LOGISTIC_REGRESSION' | 'CART' | 'RANDOM_FOREST' | 'GRADIENT_BOOSTED_TREES';

export interface TrainRequest {
  /** The model's name as the form lists it (the run registers a version under it). */
  modelName: string;
  targetColumn: string;
  task: Task;
  algorithm: Algorithm;
  /** Typed into the hyperparameter inputs named so; others keep the learner's defaults. */
  hyperparameters?: Record<string, number | string>;
  testFraction?: number | string;
  seed?: number;
  /** How long the run may take (default 150 s). */
  timeoutMs?: number;
}

export interface TrainOutcome {
  runId: string;
  modelVersionId: string;
  /** Whether the run page showed the live progress bar before the run finished. */
  sawProgress: boolean;
}

export interface FailedOutcome {
  runId: string;
  /** The failure as the page shows it: "Failed at step <step> (<code>)" and the message. */
  reason: string;
  /** The run log's ERROR entries (their messages). */
  logErrors: string[];
}

export interface StudyRequest {
  modelName: string;
  targetColumn: string;
  task: Task;
  metric: string;
  strategy: 'RANDOM' | 'SUCCESSIVE_HALVING';
  trials: number;
  concurrency: number;
  /** Algorithms to search, by their labels in the form (e.g. "Decision tree (CART)"); default: all offered. */
  algorithms?: string[];
  timeoutMs?: number;
}

export interface StudyOutcome {
  studyId: string;
  /** Leaderboard rows. */
  trials: number;
  bestRunId: string;
  modelVersionId: string;
}

const lastSegment = (url: string): string => decodeURIComponent(new URL(url).pathname.split('/').pop()!);

async function openForm(
  page: Page,
  origin: string,
  datasetVersionId: string,
  tab: 'train' | 'automl',
): Promise<Locator> {
  await page.goto(`${origin}/dataset-versions/${encodeURIComponent(datasetVersionId)}`);
  await page.getByTestId('train-form').waitFor();
  if (tab === 'train') return page.getByTestId('train-form');
  await page.getByRole('tab', { name: 'AutoML study' }).click();
  const form = page.getByTestId('automl-form');
  await form.waitFor();
  return form;
}

async function fillBasics(form: Locator, request: { modelName: string; targetColumn: string; task: Task }) {
  await form.getByLabel(/^Model/).selectOption({ label: request.modelName });
  // Picking a target guesses the task from its profile: the task is set after it.
  await form.getByLabel(/^Target column/).selectOption(request.targetColumn);
  await form.getByLabel(/^Task/).selectOption(request.task);
}

async function fillTraining(page: Page, origin: string, datasetVersionId: string, request: TrainRequest) {
  const form = await openForm(page, origin, datasetVersionId, 'train');
  await fillBasics(form, request);
  await form.getByLabel(/^Algorithm/).selectOption(request.algorithm);
  for (const [name, value] of Object.entries(request.hyperparameters ?? {}))
    await form.getByLabel(name, { exact: true }).fill(String(value));
  if (request.testFraction !== undefined) await form.getByLabel(/^Test fraction/).fill(String(request.testFraction));
  if (request.seed !== undefined) await form.getByLabel(/^Seed/).fill(String(request.seed));
  await form.getByRole('button', { name: 'Start training' }).click();
  return form;
}

/** Starts the run from the form and follows it on its page until it finishes. */
async function runToEnd(
  page: Page,
  origin: string,
  datasetVersionId: string,
  request: TrainRequest,
): Promise<{ runId: string; status: string; sawProgress: boolean }> {
  await fillTraining(page, origin, datasetVersionId, request);
  await page.waitForURL(/\/training-runs\/[^/?#]+$/);
  const runId = lastSegment(page.url());
  const timeout = request.timeoutMs ?? 150_000;
  // The first of: the progress bar (RUNNING) or a final status; polled every frame, so a bar shown even
  // briefly is seen.
  const first = await page.waitForFunction(
    () => {
      if (document.querySelector('[data-testid="run-progress"]')) return 'progress';
      const status = document.querySelector('[data-testid="run-status"]')?.textContent ?? '';
      return /SUCCEEDED|FAILED/.test(status) ? 'done' : null;
    },
    undefined,
    { timeout, polling: 'raf' },
  );
  const sawProgress = (await first.jsonValue()) === 'progress';
  const status = page.getByTestId('run-status').filter({ hasText: /SUCCEEDED|FAILED/ });
  await status.waitFor({ timeout });
  return { runId, status: (await status.innerText()).trim(), sawProgress };
}

export async function trainOnDatasetVersion(
  page: Page,
  origin: string,
  datasetVersionId: string,
  request: TrainRequest,
): Promise<TrainOutcome> {
  const { runId, status, sawProgress } = await runToEnd(page, origin, datasetVersionId, request);
  if (status !== 'SUCCEEDED')
    throw new Error(`training run ${runId} ${status}: ${await page.getByTestId('run-error').innerText()}`);
  const charts =
    request.task === 'REGRESSION'
      ? ['chart-residuals', 'chart-importance']
      : request.task === 'BINARY'
        ? ['chart-roc', 'chart-confusion', 'chart-importance']
        : ['chart-confusion', 'chart-importance'];
  for (const chart of charts) await page.getByTestId(chart).waitFor();
  const generated = page.getByTestId('generated-version').first();
  await generated.waitFor();
  return { runId, modelVersionId: (await generated.getAttribute('data-version-id'))!, sawProgress };
}

export async function trainingFails(
  page: Page,
  origin: string,
  datasetVersionId: string,
  request: TrainRequest,
): Promise<FailedOutcome> {
  const { runId, status } = await runToEnd(page, origin, datasetVersionId, request);
  if (status !== 'FAILED') throw new Error(`training run ${runId} was expected to fail; it ${status}`);
  const reason = await page.getByTestId('run-error').innerText();
  const errors = page.getByTestId('run-log').locator('tr[data-level="ERROR"] td:last-child');
  await errors.first().waitFor();
  return { runId, reason, logErrors: await errors.allInnerTexts() };
}

export async function trainingFormRefuses(
  page: Page,
  origin: string,
  datasetVersionId: string,
  request: TrainRequest,
): Promise<string> {
  const form = await fillTraining(page, origin, datasetVersionId, request);
  const error = form.getByTestId('train-error');
  await error.waitFor();
  return error.innerText();
}

export async function trainingFormProblems(
  page: Page,
  origin: string,
  datasetVersionId: string,
  request: TrainRequest,
): Promise<string> {
  const form = await fillTraining(page, origin, datasetVersionId, request);
  const problems = form.getByTestId('train-form-problems');
  await problems.waitFor();
  return problems.innerText();
}

export async function startAutoMLStudy(
  page: Page,
  origin: string,
  datasetVersionId: string,
  request: StudyRequest,
): Promise<StudyOutcome> {
  const form = await openForm(page, origin, datasetVersionId, 'automl');
  await fillBasics(form, request);
  await form.getByLabel(/^Metric/).selectOption(request.metric);
  await form.getByLabel(/^Strategy/).selectOption(request.strategy);
  await form.getByLabel(/^Trials/).fill(String(request.trials));
  await form.getByLabel(/^Concurrency/).fill(String(request.concurrency));
  if (request.algorithms) {
    const boxes = form.getByRole('checkbox');
    for (const box of await boxes.all()) {
      const label = await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? '');
      await box.setChecked(request.algorithms.includes(label));
    }
  }
  await form.getByRole('button', { name: 'Start study' }).click();
  await page.waitForURL(/\/automl-studies\/[^/?#]+$/);
  const studyId = lastSegment(page.url());
  const timeout = request.timeoutMs ?? 170_000;
  const status = page.getByTestId('study-status').filter({ hasText: /SUCCEEDED|FAILED/ });
  await status.waitFor({ timeout });
  if ((await status.innerText()).trim() !== 'SUCCEEDED')
    throw new Error(`AutoML study ${studyId} failed: ${await page.getByTestId('study-error').innerText()}`);
  await page.getByTestId('leaderboard').waitFor();
  await page.getByTestId('trial-curves').waitFor();
  const best = page.getByTestId('best-run');
  const version = page.getByTestId('study-model-version');
  await version.waitFor();
  return {
    studyId,
    trials: await page.getByTestId('trial-row').count(),
    bestRunId: (await best.getAttribute('data-run-id'))!,
    modelVersionId: (await version.getAttribute('data-version-id'))!,
  };
}
