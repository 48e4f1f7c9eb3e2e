// Journey steps of deployment requests (slice B), each taking an already signed-in Playwright page:
//   requestDeployment(page, origin, { serviceId, modelVersionId, canaryWeight?, windowSeconds? }) → workflowId
//     as an ML engineer (or platform admin): the request form prefilled from ?serviceId&modelVersionId, the
//     suggested accelerator (first of ModelVersion.compatibleAccelerators) kept; ends on the request's page.
//     The service must route its traffic to a READY deployment (a canary takes a share of it).
//   approveFromInbox(page, origin, workflowId, comment?) as an approver who did not request it: finds the
//     request in /approvals (Awaiting approval), opens it, approves with a comment; resolves once the page
//     shows the request past approval.
//   waitForPromotion(page, origin, workflowId, { serviceId, inputs, timeoutMs? }) → final step (PROMOTED):
//     on the request page, sends predictions on the service from the page (the signed-in user's token, the
//     public GraphQL predict) so the canary has traffic to be judged on — domain/deployment/health.ts judges a
//     window without requests unhealthy and rolls it back — until the page shows the request ended; throws
//     when it ended otherwise. Call it right after approveFromInbox: the window starts moments after approval. `inputs`: a predict input the version accepts, e.g. {x: {dtype, shape, data}}.
// Every wait is on the page's elements or the API; no fixed sleeps.
import type { Page } from 'playwright-core';

const ENDED = ['PROMOTED', 'ROLLED_BACK', 'REJECTED', 'FAILED', 'CANCELLED'];
const requestPath = (workflowId: string) =>
  `/deployment-requests/${workflowId.split('/').map(encodeURIComponent).join('/')}`;

export async function requestDeployment(
  page: Page,
  origin: string,
  opts: { serviceId: string; modelVersionId: string; canaryWeight?: number; windowSeconds?: number },
): Promise<string> {
  const q = new URLSearchParams({ serviceId: opts.serviceId, modelVersionId: opts.modelVersionId });
  await page.goto(`${origin}/deployment-requests/new?${q.toString()}`);
  const form = page.getByTestId('request-deployment-form');
  // The suggestion is chosen once the placement answers; the prefilled service and version are shown by then.
  await form.getByTestId('suggested').waitFor({ timeout: 30_000 });
  await form.getByRole('radio').first().check();
  await form.getByLabel(/^Canary weight/).fill(String(opts.canaryWeight ?? 50));
  await form.getByLabel(/^Watch window/).fill(String(opts.windowSeconds ?? 10));
  await form.getByRole('button', { name: 'Request deployment' }).click();
  const request = page.getByTestId('deployment-request');
  await request.waitFor({ timeout: 30_000 });
  const workflowId = await request.getAttribute('data-workflow-id');
  if (!workflowId) throw new Error('the request page names no workflow');
  return workflowId;
}

export async function approveFromInbox(
  page: Page,
  origin: string,
  workflowId: string,
  comment = 'Metrics and placement reviewed; approved for canary.',
): Promise<void> {
  await page.goto(`${origin}/approvals`);
  const row = page.locator(`[data-testid="inbox-row"][data-workflow-id="${workflowId}"]`);
  await row.waitFor({ timeout: 30_000 });
  await row.getByTestId('open-request').click();
  const request = page.locator(`[data-testid="deployment-request"][data-workflow-id="${workflowId}"]`);
  await request.waitFor({ timeout: 30_000 });
  // The workflow records AWAITING_APPROVAL a moment after the request: the buttons show from then on.
  await request.getByLabel(/^Comment/).fill(comment);
  await request.getByRole('button', { name: 'Approve' }).click();
  await page
    .locator(
      `[data-testid="deployment-request"][data-workflow-id="${workflowId}"]:not([data-step="AWAITING_APPROVAL"]):not([data-step="VALIDATING"])`,
    )
    .waitFor({ timeout: 60_000 });
}

export async function waitForPromotion(
  page: Page,
  origin: string,
  workflowId: string,
  opts: { serviceId: string; inputs: unknown; timeoutMs?: number },
): Promise<string> {
  if (new URL(page.url()).pathname !== requestPath(workflowId)) await page.goto(`${origin}${requestPath(workflowId)}`);
  const request = page.locator(`[data-testid="deployment-request"][data-workflow-id="${workflowId}"]`);
  await request.waitFor({ timeout: 30_000 });
  const ended = page.locator(
    ENDED.map((s) => `[data-testid="deployment-request"][data-workflow-id="${workflowId}"][data-step="${s}"]`).join(
      ', ',
    ),
  );
  // Traffic from the page itself, as the signed-in user, until the page shows the request ended.
  // Traffic from the page itself, as the signed-in user, until the page shows the request ended. (No named
  // functions inside: tsx would wrap them in a helper the browser does not have.)
  const pump = page.evaluate(
    async ({ serviceId, inputs, deadline, ended }) => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
      const token = key ? (JSON.parse(sessionStorage.getItem(key)!) as { access_token: string }).access_token : '';
      let n = 0;
      const failures: string[] = [];
      while (
        Date.now() < deadline &&
        !ended.includes(document.querySelector('[data-testid="deployment-request"]')?.getAttribute('data-step') ?? '')
      ) {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query:
              'mutation JourneyCanaryTraffic($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }',
            variables: { s: serviceId, k: `journey-${n++}`, i: inputs },
          }),
        });
        const body = (await res.json()) as { errors?: { message: string }[] };
        if (body.errors?.[0]) failures.push(body.errors[0].message);
        await new Promise((r) => setTimeout(r, 20));
      }
      return { sent: n, failures: failures.slice(0, 3), failed: failures.length };
    },
    {
      serviceId: opts.serviceId,
      inputs: opts.inputs,
      deadline: Date.now() + (opts.timeoutMs ?? 120_000),
      ended: ENDED,
    },
  );
  await ended.first().waitFor({ timeout: opts.timeoutMs ?? 120_000 });
  const traffic = await pump;
  const step = (await request.getAttribute('data-step')) ?? '';
  if (step !== 'PROMOTED') {
    const reason = await page
      .getByTestId('canary-health')
      .innerText()
      .catch(() => '');
    throw new Error(
      `deployment request ${workflowId} ended ${step}, not PROMOTED: ${reason}; predictions sent ${traffic.sent}, ` +
        `failed ${traffic.failed} (${traffic.failures.join('; ')})`,
    );
  }
  return step;
}
