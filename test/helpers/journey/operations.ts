// Journey steps of the operations slice (deployment operations charts, edge rollout progress), each on an
// already signed-in Playwright page; test/portal-operations.test.ts runs them, the cross-role journey
// reuses them. Contracts:
//   seeDeploymentTraffic(page, origin, deploymentId, { requests, errors? }) opens the deployment page
//     and waits until its Operations section counts at least `requests` requests (and `errors` errors)
//     over the default 15-minute window, with every chart drawn; returns the counts shown. The traffic
//     must have been served by the hub process that answers the page (the charts are its samples).
//   startEdgeRolloutFromForm(page, origin, { modelVersionId, edgeNodeIds, batchSize, failureBudget,
//     reportTimeoutSeconds? }) fills the start form (ML engineers) and submits it; resolves with the
//     workflow id once the rollout's progress page shows it.
//   waitForRolloutNodes(page, states) waits on the progress page (it polls by itself) until each listed
//     node shows its state (PENDING, PUSHED, ACTIVE, FAILED, ROLLED_BACK), and a FAILED one its message.
import type { Page } from 'playwright-core';

const TIMEOUT = 60_000;

export async function seeDeploymentTraffic(
  page: Page,
  origin: string,
  deploymentId: string,
  expected: { requests: number; errors?: number },
): Promise<{ requests: number; errors: number }> {
  await page.goto(`${origin}/deployments/${encodeURIComponent(deploymentId)}`);
  const ops = page.getByTestId('operations');
  await ops.getByRole('heading', { name: /^(Operations|运行监控)$/ }).waitFor({ timeout: TIMEOUT });
  // The section refetches every 10 s by itself: wait in the page until its counts reach what was sent.
  // (A string, not a function: tsx's helpers would travel into the page with a function's source.)
  const reached = (id: string, n: number) =>
    `Number((document.querySelector('[data-testid="${id}"]')?.textContent ?? '-1').replace(/[^\\d-]/g, '')) >= ${n}`;
  await page.waitForFunction(
    `${reached('ops-requests', expected.requests)} && ${reached('ops-errors', expected.errors ?? 0)}`,
    null,
    {
      timeout: TIMEOUT,
    },
  );
  // Each chart drew its points: a line through them, or dots while there are too few for a line (a flat
  // line has no height, so attached, not visible).
  for (const chart of ['ops-chart-traffic', 'ops-chart-latency', 'ops-chart-batch'])
    await ops
      .getByTestId(chart)
      .locator('path.recharts-line-curve[d*="L"], .recharts-line-dot')
      .first()
      .waitFor({ state: 'attached', timeout: TIMEOUT });
  const count = async (id: string) => Number((await ops.getByTestId(id).innerText()).replace(/[^\d]/g, ''));
  return { requests: await count('ops-requests'), errors: await count('ops-errors') };
}

export interface RolloutForm {
  modelVersionId: string;
  edgeNodeIds: string[];
  batchSize: number;
  failureBudget: number;
  reportTimeoutSeconds?: number;
}

export async function startEdgeRolloutFromForm(page: Page, origin: string, form: RolloutForm): Promise<string> {
  const query = new URLSearchParams([
    ['modelVersion', form.modelVersionId],
    ...form.edgeNodeIds.map((id) => ['edgeNode', id] as [string, string]),
  ]);
  await page.goto(`${origin}/edge-rollouts/new?${query.toString()}`);
  await page
    .getByRole('heading', { level: 1, name: /^(Start edge rollout|发起边缘发布)$/ })
    .waitFor({ timeout: TIMEOUT });
  // The preset version is chosen once its model has loaded into the pickers.
  await page.locator('[data-testid="start-rollout-form"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
  await page.getByLabel(/^(Batch size|每批节点数)$/).fill(String(form.batchSize));
  await page.getByLabel(/^(Failure budget|失败预算)/).fill(String(form.failureBudget));
  await page.getByLabel(/^(Report timeout|上报超时)/).fill(String(form.reportTimeoutSeconds ?? 600));
  await page.getByRole('button', { name: /^(Start rollout|开始发布)$/ }).click();
  await page.waitForURL(/\/edge-rollouts\/edge-rollout/, { timeout: TIMEOUT });
  return (await page.getByTestId('rollout-workflow-id').innerText({ timeout: TIMEOUT })).trim();
}

export async function waitForRolloutNodes(
  page: Page,
  states: Record<string, { state: string; message?: string }>,
): Promise<void> {
  for (const [id, want] of Object.entries(states)) {
    const row = page.locator(`[data-testid="rollout-node"][data-node-id="${id}"][data-state="${want.state}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    if (want.message) await row.getByTestId('rollout-node-message').filter({ hasText: want.message }).waitFor();
  }
}
