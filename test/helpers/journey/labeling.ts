// The labeling steps of the portal (issue #19), each driven in an already signed-in Playwright page.
// Contract (every wait is on an element or attribute, no sleeps):
//   createProjectInPortal(page, origin, form) → projectId
//     /labeling/new as a data scientist: name, task type, the source dataset (searched by name) and
//     version, text column, annotators per task, annotators, classes (value, names, hotkey); lands on the
//     project page /labeling/:id.
//   annotateAllWithKeys(page, origin, projectId, keyFor) → items annotated
//     /labeling/:id/annotate: for each task the workspace shows (data-testid task, data-item), presses
//     the keys keyFor(item, text) returns (e.g. ['1'] or ['n']), then Enter; the workspace moves to the
//     next task the viewer has not annotated, until it says all are done (data-testid all-done).
//   projectAgreement(page, origin, projectId) → { measure, value, shown }
//     the project page's agreement figure: its measure, the raw value (data-value) and the text shown.
//   reviewAllWithKeys(page, origin, projectId, fixKeys) → { accepted, fixed }
//     /labeling/:id/review: a task whose annotators agree is accepted with Enter; one flagged as a
//     disagreement (data-disagree) is fixed: F, the keys fixKeys(item, text) returns, Enter; until the queue
//     is empty (data-testid review-empty).
//   takeSnapshotInPortal(page, origin, projectId) → the snapshot's dataset version id
//     the project page's "Accept snapshot" button; waits for the new version's id (data-testid snapshot-taken).
//   preAnnotateInPortal(page, origin, projectId, serviceName) → { done, total, failed }
//     the project page's pre-annotation panel: picks the service by its name, starts, waits (the list polls)
//     until the newest run (the first data-testid pre-run) has left RUNNING; throws unless it SUCCEEDED.
//   startActiveLearningInPortal(page, origin, projectId, form) → the run's row (a Locator)
//     the project page's active-learning form: fills what `form` names (strategy, batch, budget, evaluation
//     size, plateau rounds, annotators), starts, waits for the newest run (first data-testid al-run) to show round 1.
import type { Locator, Page } from 'playwright-core';

export interface ProjectForm {
  name: string;
  taskType: 'TEXT_CLASSIFICATION' | 'IMAGE_CLASSIFICATION' | 'BOUNDING_BOX' | 'ENTITY_SPAN';
  /** Typed into the dataset search; the dataset is then picked by this exact name. */
  datasetName: string;
  /** The version number to label. */
  version: number;
  textColumn?: string;
  overlap: number;
  annotators: string[];
  classes: { value: string; name: string; nameEn?: string; hotkey?: string }[];
}

const STEP_TIMEOUT = 30_000;

export async function createProjectInPortal(page: Page, origin: string, form: ProjectForm): Promise<string> {
  await page.goto(`${origin}/labeling/new`);
  const f = page.getByTestId('create-project-form');
  await f.waitFor();
  await f.getByTestId('project-name').fill(form.name);
  await f.getByLabel('Task type', { exact: true }).selectOption(form.taskType);
  await f.getByLabel(/^Find the source dataset/).fill(form.datasetName);
  const dataset = f.getByLabel('Source dataset', { exact: true });
  await dataset.locator('option', { hasText: form.datasetName }).first().waitFor({ state: 'attached' });
  await dataset.selectOption({ label: form.datasetName });
  const version = f.getByLabel('Source version', { exact: true });
  await version.locator('option', { hasText: `Version ${form.version} ` }).waitFor({ state: 'attached' });
  const value = await version.locator('option', { hasText: `Version ${form.version} ` }).getAttribute('value');
  await version.selectOption(value!);
  if (form.textColumn) {
    const column = f.getByLabel('Text column', { exact: true });
    await column.locator('option', { hasText: form.textColumn }).waitFor({ state: 'attached' });
    await column.selectOption(form.textColumn);
  }
  await f.getByLabel(/^Annotators per task/).selectOption(String(form.overlap));
  await f.getByLabel(/^Annotators \(usernames/).fill(form.annotators.join(', '));
  for (let i = 0; i < form.classes.length; i++) {
    if (i >= 2) await f.getByTestId('add-class').click();
    const c = form.classes[i]!;
    await f.getByTestId(`class-value-${i}`).fill(c.value);
    await f.getByTestId(`class-name-${i}`).fill(c.name);
    if (c.nameEn) await f.getByTestId(`class-name-en-${i}`).fill(c.nameEn);
    if (c.hotkey) await f.getByTestId(`class-hotkey-${i}`).fill(c.hotkey);
  }
  await f.getByTestId('create-project').click();
  await page
    .waitForURL((url) => /^\/labeling\/[^/]+$/.test(url.pathname) && url.pathname !== '/labeling/new', {
      timeout: STEP_TIMEOUT,
    })
    .catch(async (e: unknown) => {
      const error = page.getByTestId('create-error');
      throw new Error((await error.isVisible()) ? `create refused: ${await error.innerText()}` : String(e));
    });
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

export async function annotateAllWithKeys(
  page: Page,
  origin: string,
  projectId: string,
  keyFor: (item: string, text: string) => string[],
): Promise<string[]> {
  await page.goto(`${origin}/labeling/${encodeURIComponent(projectId)}/annotate`);
  const done: string[] = [];
  for (;;) {
    const task = page.getByTestId('task');
    const allDone = page.getByTestId('all-done');
    await task.or(allDone).first().waitFor({ timeout: STEP_TIMEOUT });
    if (await allDone.isVisible()) return done;
    const taskId = (await task.getAttribute('data-task-id'))!;
    const item = (await task.getAttribute('data-item'))!;
    const text = (
      await page
        .getByTestId('task-text')
        .innerText()
        .catch(() => '')
    ).trim();
    for (const key of keyFor(item, text)) await page.keyboard.press(key);
    await page.keyboard.press('Enter');
    if (done.includes(item)) throw new Error(`task ${item} came back after it was submitted`);
    done.push(item);
    // Moved on: another task, or the end.
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-testid="all-done"]') !== null ||
        document.querySelector(`[data-testid="task"]:not([data-task-id="${id}"])`) !== null ||
        document.querySelector('[data-testid="submit-error"]') !== null,
      taskId,
      { timeout: STEP_TIMEOUT },
    );
    const error = page.getByTestId('submit-error');
    if (await error.isVisible()) throw new Error(`submit refused for ${item}: ${await error.innerText()}`);
  }
}

export async function projectAgreement(
  page: Page,
  origin: string,
  projectId: string,
): Promise<{ measure: string; value: number | null; shown: string }> {
  await page.goto(`${origin}/labeling/${encodeURIComponent(projectId)}`);
  const figure = page.getByTestId('project-agreement');
  await figure.waitFor({ timeout: STEP_TIMEOUT });
  const raw = await figure.getAttribute('data-value');
  return {
    measure: (await figure.getAttribute('data-measure'))!,
    value: raw ? Number(raw) : null,
    shown: (await figure.innerText()).trim(),
  };
}

export async function reviewAllWithKeys(
  page: Page,
  origin: string,
  projectId: string,
  fixKeys: (item: string, text: string) => string[],
): Promise<{ accepted: string[]; fixed: string[] }> {
  await page.goto(`${origin}/labeling/${encodeURIComponent(projectId)}/review`);
  const accepted: string[] = [];
  const fixed: string[] = [];
  for (;;) {
    const task = page.getByTestId('review-task');
    const empty = page.getByTestId('review-empty');
    await task.or(empty).first().waitFor({ timeout: STEP_TIMEOUT });
    if (await empty.isVisible()) return { accepted, fixed };
    const taskId = (await task.getAttribute('data-task-id'))!;
    const item = (await task.getAttribute('data-item'))!;
    const disagree = (await page.getByTestId('disagreement').getAttribute('data-disagree')) === 'true';
    if (disagree) {
      const text = (
        await page
          .getByTestId('review-text')
          .innerText()
          .catch(() => '')
      ).trim();
      await page.keyboard.press('f');
      await page.getByTestId('review-save-fix').waitFor();
      for (const key of fixKeys(item, text)) await page.keyboard.press(key);
      await page.keyboard.press('Enter');
      fixed.push(item);
    } else {
      await page.keyboard.press('Enter');
      accepted.push(item);
    }
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-testid="review-empty"]') !== null ||
        document.querySelector(`[data-testid="review-task"]:not([data-task-id="${id}"])`) !== null ||
        document.querySelector('[data-testid="review-error"]') !== null,
      taskId,
      { timeout: STEP_TIMEOUT },
    );
    const error = page.getByTestId('review-error');
    if (await error.isVisible()) throw new Error(`review refused for ${item}: ${await error.innerText()}`);
  }
}

export async function takeSnapshotInPortal(page: Page, origin: string, projectId: string): Promise<string> {
  await page.goto(`${origin}/labeling/${encodeURIComponent(projectId)}`);
  const button = page.getByTestId('take-snapshot');
  await button.waitFor({ timeout: STEP_TIMEOUT });
  await button.click();
  const taken = page.getByTestId('snapshot-taken');
  await taken.waitFor({ timeout: 120_000 });
  return (await taken.getAttribute('data-version-id'))!;
}

export async function preAnnotateInPortal(
  page: Page,
  origin: string,
  projectId: string,
  serviceName: string,
): Promise<{ done: number; total: number; failed: number }> {
  await page.goto(`${origin}/labeling/${encodeURIComponent(projectId)}`);
  const panel = page.getByTestId('pre-annotate');
  await panel.getByTestId('pre-start').waitFor();
  const before = await panel.getByTestId('pre-run').count();
  await panel.getByTestId('pre-service').selectOption({ label: serviceName });
  await panel.getByTestId('pre-start').click();
  await panel.getByTestId('pre-run').nth(before).waitFor({ timeout: STEP_TIMEOUT });
  const run = panel.getByTestId('pre-run').first();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="pre-run"]')?.getAttribute('data-status') !== 'RUNNING',
    null,
    { timeout: 240_000 },
  );
  const status = await run.getAttribute('data-status');
  if (status !== 'SUCCEEDED') throw new Error(`pre-annotation ended ${status}: ${await run.innerText()}`);
  return {
    done: Number(await run.getAttribute('data-done')),
    total: Number(await run.getAttribute('data-total')),
    failed: Number(await run.getByTestId('pre-failed').innerText()),
  };
}

export interface ActiveLearningForm {
  strategy?: 'LEAST_CONFIDENCE' | 'MARGIN' | 'ENTROPY' | 'RANDOM';
  batchSize: number;
  budget: number;
  evalSize: number;
  /** Rounds without gain before the run stops on a plateau; 0: never. Omitted: the API's default. */
  plateauRounds?: number;
  annotators: string[];
}

export async function startActiveLearningInPortal(
  page: Page,
  origin: string,
  projectId: string,
  form: ActiveLearningForm,
): Promise<Locator> {
  await page.goto(`${origin}/labeling/${encodeURIComponent(projectId)}`);
  const panel = page.getByTestId('active-learning');
  await panel.getByTestId('al-start').waitFor();
  const before = await panel.getByTestId('al-run').count();
  if (form.strategy) await panel.getByTestId('al-strategy').selectOption(form.strategy);
  await panel.getByTestId('al-batch').fill(String(form.batchSize));
  await panel.getByTestId('al-budget').fill(String(form.budget));
  await panel.getByTestId('al-eval').fill(String(form.evalSize));
  if (form.plateauRounds !== undefined) await panel.getByTestId('al-plateau').fill(String(form.plateauRounds));
  await panel.getByTestId('al-annotators').fill(form.annotators.join(', '));
  await panel.getByTestId('al-start').click();
  await panel.getByTestId('al-run').nth(before).waitFor({ timeout: STEP_TIMEOUT });
  const run = panel.getByTestId('al-run').first();
  await run.locator('[data-testid="al-round"][data-round="1"]').waitFor({ timeout: 120_000 });
  return run;
}
