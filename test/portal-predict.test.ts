// The predict playground and OCR in Chromium (issue #17), over the demo seed plus one tabular deployment
// this test makes the way training would: a logistic regression fitted here (workflows/training/ml.ts) on
// named columns (two numbers, one category) and exported with its ONNX front, uploaded, deployed on a CPU
// accelerator and routed by a service. A viewer (any signed-in user who may see them) then:
//   - predicts two rows typed into the form built from the signature: the page's outputs equal the API's
//     answer for the same inputs, with the latency and the provider the serving host reports;
//   - sends a number column that is not a number: the page shows the API's own error;
//   - loads a CSV into the form and predicts through the service: the page names the deployment that answered;
//   - drops a rendered PNG on /ocr: one box per line drawn over it, with the lines' text; a text file is
//     refused before anything is sent.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { deployableVersion, deployOnCpu } from './helpers/deployable.js';
import { gql } from './helpers/hub.js';
import { ocrShowsBoxes, predictShowsError, predictWithForm } from './helpers/journey/predict.js';
import { screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';
import { LINES, registerCjkFont, render, squash } from './helpers/render-text.js';
import { tokenFor } from './helpers/tokens.js';
import { removeUnreferencedBlobs } from './helpers/training-fixtures.js';
import { seededRandom } from '../domain/random.js';
import { encodeRows, featureNames, fitColumn, type InputColumn } from '../workflows/training/columns.js';
import { toOnnx, train } from '../workflows/training/ml.js';

const tag = `ppred-${randomUUID().slice(0, 8)}`;
const ids: Record<string, string> = {};
let portal: PortalHarness;
let admin: string;
let dir: string;
let page: Page;

async function ok<T>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
  const res = await gql<T>(portal.hub.gateway.url, query, { token, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

/** A credit-style scorer on named columns, trained the way a training run trains one. */
function tabularModel(): Uint8Array {
  const rand = seededRandom(17);
  const industries = ['energy', 'retail', 'steel'];
  const raw: Record<string, (number | string | null)[]> = { debt_ratio: [], overdue_days: [], industry: [] };
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const debt = Math.round(rand() * 100) / 100;
    const overdue = Math.floor(rand() * 60);
    const industry = industries[i % 3]!;
    raw.debt_ratio!.push(debt);
    raw.overdue_days!.push(overdue);
    raw.industry!.push(industry);
    y.push(4 * debt + overdue / 20 + (industry === 'steel' ? 1 : 0) + rand() > 3.2 ? 1 : 0);
  }
  const rows = y.map((_, i) => i);
  const inputs = [
    fitColumn('debt_ratio', 'numeric', raw.debt_ratio!, rows),
    fitColumn('overdue_days', 'numeric', raw.overdue_days!, rows),
    fitColumn('industry', 'categorical', raw.industry!, rows),
  ] as InputColumn[];
  const data = {
    features: featureNames(inputs),
    classes: ['0', '1'],
    X: encodeRows(inputs, raw, rows),
    y,
    inputs,
    raw,
  };
  return toOnnx(train(data, rows, 'logistic-regression', 'binary', {}));
}

before(async () => {
  registerCjkFont();
  dir = await mkdtemp(join(tmpdir(), 'plinth-portal-predict-'));
  portal = await startPortal({ demoSeed: true });
  admin = await tokenFor('admin');
  const scorer = { name: 'credit scorer', task: 'tabular-classification', framework: 'ml.js', onnx: tabularModel() };
  const d = await deployableVersion(portal.hub.gateway.url, admin, tag, {}, scorer);
  Object.assign(ids, d);
  ids.deployment = await deployOnCpu(portal.hub.gateway.url, admin, tag, d, 'scorer on cpu');
  ids.service = (
    await ok<{ registerService: { id: string } }>(
      `mutation { registerService(input: {name: "${tag} credit scoring", tags: ["${tag}"]}) { id } }`,
    )
  ).registerService.id;
  await ok(`mutation($s: ID!, $r: [ServiceRouteInput!]!) { setServiceRoutes(serviceId: $s, routes: $r) { id } }`, {
    s: ids.service,
    r: [{ deploymentId: ids.deployment, weight: 100 }],
  });
  page = (await portal.newPage()).page;
  await signIn(page, portal.origin, 'viewer', '/ocr');
});

after(async () => {
  if (ids.service)
    await gql(portal.hub.gateway.url, `mutation { setServiceRoutes(serviceId: "${ids.service}", routes: []) { id } }`, {
      token: admin,
    });
  if (ids.deployment)
    await gql(portal.hub.gateway.url, `mutation { stopDeployment(id: "${ids.deployment}") { id } }`, { token: admin });
  if (portal) {
    const { records } = await portal.hub.driver.executeQuery(
      `MATCH (:Model {id: $model})-[:HAS_VERSION]->(v) RETURN collect(v.artifactDigest) AS digests`,
      { model: ids.model ?? '' },
    );
    await portal.hub.driver.executeQuery(
      `MATCH (n) WHERE (n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
      { tag },
    );
    await removeUnreferencedBlobs(portal.hub.driver, (records[0]?.get('digests') as string[] | undefined) ?? []);
    await portal.close();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** axe-core's serious and critical WCAG 2.1 AA violations on the page as it stands (ids and where). */
async function seriousViolations(): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const ROWS = [
  { debt_ratio: '0.82', overdue_days: '45', industry: 'steel' },
  { debt_ratio: '0.2', overdue_days: '0', industry: 'retail' },
];

describe('portal: predict playground and OCR', () => {
  test('a prediction typed into the form: the API’s outputs, latency and provider', async () => {
    const shown = await predictWithForm(page, portal.origin, { deploymentId: ids.deployment! }, ROWS);
    assert.deepEqual(shown.headings, ['Row', 'label', 'probabilities[0]', 'probabilities[1]']);
    // The same inputs through the API: the page shows its answer (probabilities to 4 places).
    const api = await ok<{
      predict: { outputs: Record<string, { data: number[] }>; executionProvider: string };
    }>('mutation($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { outputs executionProvider } }', {
      d: ids.deployment,
      i: { debt_ratio: [0.82, 0.2], overdue_days: [45, 0], industry: ['steel', 'retail'] },
    });
    const { label, probabilities } = api.predict.outputs;
    assert.deepEqual(
      shown.rows.map((r) => r.slice(1).map(Number)),
      [0, 1].map((i) => [
        label!.data[i]!,
        ...[0, 1].map((k) => Math.round(probabilities!.data[i * 2 + k]! * 1e4) / 1e4),
      ]),
    );
    assert.deepEqual(
      label!.data.map((l) => l),
      [1, 0],
      'the high-debt, overdue steel borrower scores as a default; the other does not',
    );
    assert.match(shown.latency, /^\d[\d,.]* ms$/);
    assert.ok(Number(shown.latency.replace(/[^\d.]/g, '')) > 0, shown.latency);
    assert.equal(shown.provider, api.predict.executionProvider);
    assert.equal(shown.provider, 'cpu');
    assert.equal(shown.deployment, `${tag} scorer on cpu`);
    await screenshot(page, 'predict');
    assert.deepEqual(await seriousViolations(), []);
  });

  test('a number column given text: the API’s error, naming the column, under the form', async () => {
    const message = await predictShowsError(page, portal.origin, { deploymentId: ids.deployment! }, [
      { debt_ratio: '0.5', overdue_days: 'many', industry: 'energy' },
    ]);
    const api = await gql(
      portal.hub.gateway.url,
      'mutation($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { deploymentId } }',
      {
        token: await tokenFor('viewer'),
        variables: { d: ids.deployment, i: { debt_ratio: [0.5], overdue_days: ['many'], industry: ['energy'] } },
      },
    );
    const apiMessage = api.body.errors?.[0]?.message ?? '';
    assert.match(apiMessage, /overdue_days.*must be a number/);
    assert.ok(message.includes(apiMessage), `page: ${message}\nAPI: ${apiMessage}`);
  });

  test('a CSV loaded into the form, predicted through the service: the deployment that answered', async () => {
    const csv = join(dir, 'borrowers.csv');
    await writeFile(
      csv,
      'borrower_id,industry,debt_ratio,overdue_days\nB1,steel,0.82,45\nB2,retail,0.2,0\nB3,energy,,3\n',
    );
    await page.goto(`${portal.origin}/services/${ids.service}/predict`);
    await page.getByRole('tab', { name: 'File' }).click();
    await page.getByTestId('predict-file').setInputFiles(csv);
    const notes = await page.getByTestId('predict-notes').innerText();
    assert.match(notes, /Loaded 3 rows from borrowers\.csv/);
    assert.match(notes, /left out: borrower_id/);
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const table = page.getByTestId('prediction-outputs');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 3, 'a missing debt ratio is imputed, not refused');
    assert.equal(await page.getByTestId('prediction-deployment').innerText(), `${tag} scorer on cpu`);
    await page.getByTestId('prediction-deployment').getByRole('link').click();
    await page.waitForURL(`**/deployments/${ids.deployment}`);
    await page.getByTestId('predict-link').waitFor();
  });

  test('OCR: a rendered image shows one box per line with its text; a text file is refused before sending', async () => {
    const { png } = render(LINES);
    const image = join(dir, 'contract.png');
    await writeFile(image, png);
    const shown = await ocrShowsBoxes(page, portal.origin, image);
    assert.equal(shown.boxes, LINES.length);
    assert.deepEqual(
      shown.lines.map(squash),
      LINES.map((l) => squash(l.text)),
    );
    // Selecting a line highlights its box.
    await page.getByTestId('ocr-line').nth(1).click();
    assert.equal(await page.getByTestId('ocr-box').nth(1).getAttribute('data-selected'), 'true');
    assert.equal(await page.getByTestId('ocr-box').nth(0).getAttribute('data-selected'), 'false');
    assert.match(
      await page.getByTestId('ocr-providers').innerText(),
      /detection: \w+ · direction: cpu · recognition: cpu/,
    );
    assert.match(await page.getByTestId('ocr-timings').innerText(), /total [\d.,]+ ms/);
    await screenshot(page, 'ocr');
    assert.deepEqual(await seriousViolations(), []);

    const text = join(dir, 'notes.png');
    await writeFile(text, 'not an image, whatever its name says');
    await page.getByTestId('ocr-file').setInputFiles(text);
    assert.match(await page.getByTestId('ocr-error').innerText(), /notes\.png is not a PNG or JPEG image/);
    assert.equal(await page.getByTestId('ocr-box').count(), 0);
  });
});
