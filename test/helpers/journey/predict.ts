// Slice C's steps of the portal journey (issue #17): the predict playground and OCR, driven in an
// already signed-in Playwright page. Contract:
//   predictWithForm(page, origin, target, rows) → PredictOutcome
//     opens /deployments/:id/predict (or /services/:id/predict), types each row into the form built from
//     the model signature (adding rows as needed; row = column name → the text to type), presses Predict and
//     waits for the result: the outputs table, the latency, the execution provider and the deployment that
//     answered, read from the page. Throws with the page's error if the API refused the request.
//   predictShowsError(page, origin, target, rows) → string
//     the same form, but expects the API to refuse: resolves with the error shown under the form.
//   ocrShowsBoxes(page, origin, imagePath) → OcrOutcome
//     opens /ocr, picks the image file, waits for the boxes drawn over it: how many, and each line's text.
// Every wait is on an element (test ids data-testid="prediction", "predict-error", "ocr-box", …), no sleeps.
import type { Page } from 'playwright-core';

export type PredictTarget = { deploymentId: string } | { serviceId: string };

export interface PredictOutcome {
  /** The outputs table's column headings (row number first), e.g. ['Row', 'label', 'probabilities[0]', …]. */
  headings: string[];
  /** Its cells, one array per input row. */
  rows: string[][];
  /** The latency as shown, e.g. "1.23 ms". */
  latency: string;
  provider: string;
  /** The name of the deployment that answered, as linked. */
  deployment: string;
}

export interface OcrOutcome {
  boxes: number;
  lines: string[];
}

const TIMEOUT = 60_000;

const predictUrl = (origin: string, target: PredictTarget): string =>
  'deploymentId' in target
    ? `${origin}/deployments/${encodeURIComponent(target.deploymentId)}/predict`
    : `${origin}/services/${encodeURIComponent(target.serviceId)}/predict`;

async function fillAndSend(
  page: Page,
  origin: string,
  target: PredictTarget,
  rows: Record<string, string>[],
): Promise<void> {
  await page.goto(predictUrl(origin, target));
  const form = page.getByTestId('predict-form');
  await form.waitFor({ timeout: TIMEOUT });
  for (let i = 0; i < rows.length; i++) {
    // The form starts with one row; later rows are added.
    if (i > 0) await page.getByRole('button', { name: 'Add row' }).click();
    for (const [column, value] of Object.entries(rows[i]!))
      await form.getByRole('textbox', { name: new RegExp(`^${escape(column)} \\(.*\\), row ${i + 1}$`) }).fill(value);
  }
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await page.getByTestId('prediction').or(page.getByTestId('predict-error')).first().waitFor({ timeout: TIMEOUT });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function predictWithForm(
  page: Page,
  origin: string,
  target: PredictTarget,
  rows: Record<string, string>[],
): Promise<PredictOutcome> {
  await fillAndSend(page, origin, target, rows);
  const error = page.getByTestId('predict-error');
  if (await error.isVisible()) throw new Error(`predict was refused: ${await error.innerText()}`);
  const table = page.getByTestId('prediction-outputs');
  const headings = await table.locator('thead th').allInnerTexts();
  const cells = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return {
    headings,
    rows: cells,
    latency: await page.getByTestId('prediction-latency').innerText(),
    provider: await page.getByTestId('prediction-provider').innerText(),
    deployment: await page.getByTestId('prediction-deployment').innerText(),
  };
}

export async function predictShowsError(
  page: Page,
  origin: string,
  target: PredictTarget,
  rows: Record<string, string>[],
): Promise<string> {
  await fillAndSend(page, origin, target, rows);
  const error = page.getByTestId('predict-error');
  if (!(await error.isVisible())) throw new Error('predict answered, but an error was expected');
  return error.innerText();
}

export async function ocrShowsBoxes(page: Page, origin: string, imagePath: string): Promise<OcrOutcome> {
  await page.goto(`${origin}/ocr`);
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: TIMEOUT });
  await page.getByTestId('ocr-file').setInputFiles(imagePath);
  // The first run loads the PP-OCRv4 sessions on the serving host.
  await page.getByTestId('ocr-result').or(page.getByTestId('ocr-error')).first().waitFor({ timeout: 120_000 });
  const error = page.getByTestId('ocr-error');
  if (await error.isVisible()) throw new Error(`OCR failed: ${await error.innerText()}`);
  return {
    boxes: await page.getByTestId('ocr-box').count(),
    lines: await page.getByTestId('ocr-line-text').allInnerTexts(),
  };
}
