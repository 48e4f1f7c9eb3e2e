// The compliance pages and the knowledge Q&A page in Chromium, signed in through the real Keycloak against
// the demo seed: the audit explorer filters and pages, chain verification finds a real tampered event as
// the first break, the OCR deployment's compliance report opens inside the portal with the user's token,
// and roles without the capability see neither the pages nor their navigation.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { writeAudit } from '../lib/graph/audit.js';
import { verifyAuditChain } from '../lib/graph/audit-verify.js';
import { Label } from '../lib/graph/ontology.js';
import { importKnowledgeBase, knowledgeIsEmpty } from '../subgraphs/knowledge/kb/import.js';
import { screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

const OCR_DEPLOYMENT = 'seed-dep-ocr-det-a100';
const tag = randomUUID().slice(0, 8);
// Scratch audit events of this run only: an actor and an action prefix no other event has. Audit events
// are links of the one hash chain, so they stay (deleting one would break the chain for everyone); the
// tampered one is restored, and the chain is verified intact again at the end.
const ACTOR = { sub: `portal-test-${tag}`, username: `portal-audit-${tag}`, roles: [], org: 'hq' };
const ACTION_PREFIX = `portaltest${tag}`;
const EVENTS = 25; // one full page of 20 and a second page of 5

let portal: PortalHarness;
let auditor: Page;
const seqs: number[] = [];

before(async () => {
  portal = await startPortal({ demoSeed: true });
  if (await knowledgeIsEmpty(portal.hub.driver)) await importKnowledgeBase(portal.hub.driver);
  for (let i = 0; i < EVENTS; i += 1) {
    const session = portal.hub.driver.session();
    try {
      const record = await session.executeWrite((tx) =>
        writeAudit(tx, {
          action: `${ACTION_PREFIX}.append`,
          actor: ACTOR,
          // No such node: the event is listed to compliance officers of the actor's org (hq).
          targetId: `portal-test-target-${tag}-${i}`,
          targetLabel: Label.Dataset,
          after: { i },
        }),
      );
      seqs.push(record.seq);
    } finally {
      await session.close();
    }
  }
  ({ page: auditor } = await portal.newPage());
  await signIn(auditor, portal.origin, 'auditor', '/compliance/audit');
});

after(async () => {
  await portal?.close();
});

const rows = (page: Page) => page.getByTestId('audit-row');

describe('portal compliance pages', () => {
  test('auditor filters the audit trail by actor and action, pages forward and back, state in the URL', async () => {
    await auditor.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await auditor.getByLabel('Actor (username or id)').fill(ACTOR.username);
    await auditor.getByLabel('Action (exact or prefix)').fill(ACTION_PREFIX);
    await auditor.getByRole('button', { name: 'Apply filters' }).click();
    await auditor
      .getByTestId('audit-total')
      .filter({ hasText: `${EVENTS} matching events · page 1` })
      .waitFor();
    await auditor.locator(`[data-testid="audit-row"][data-seq="${seqs.at(-1)}"]`).waitFor();
    assert.equal(await rows(auditor).count(), 20);
    for (const actor of await auditor.getByTestId('audit-actor').allInnerTexts()) assert.match(actor, /portal-audit-/);
    for (const action of await auditor.getByTestId('audit-action').allInnerTexts())
      assert.equal(action, `${ACTION_PREFIX}.append`);
    const url = new URL(auditor.url());
    assert.equal(url.searchParams.get('actor'), ACTOR.username);
    assert.equal(url.searchParams.get('action'), ACTION_PREFIX);
    // The target (no entity page for a node that does not exist) still links somewhere sensible.
    assert.match(
      (await auditor.getByRole('link', { name: `portal-test-target-${tag}-24` }).getAttribute('href')) ?? '',
      /^\/datasets\//,
    );
    await screenshot(auditor, 'compliance-audit');

    await auditor.getByRole('button', { name: 'Next page' }).click();
    await auditor.getByTestId('audit-total').filter({ hasText: 'page 2' }).waitFor();
    await auditor.locator(`[data-testid="audit-row"][data-seq="${seqs[0]}"]`).waitFor();
    assert.equal(await rows(auditor).count(), EVENTS - 20);
    assert.equal(new URL(auditor.url()).searchParams.getAll('c').length, 1, 'the cursor is in the URL');
    assert.ok(await auditor.getByRole('button', { name: 'Next page' }).isDisabled());

    // Reloading the URL restores filters and page; "previous" returns to the first page.
    await auditor.reload();
    await auditor.getByTestId('audit-total').filter({ hasText: 'page 2' }).waitFor();
    assert.equal(await auditor.getByLabel('Actor (username or id)').inputValue(), ACTOR.username);
    await auditor.getByRole('button', { name: 'Previous page' }).click();
    await auditor.getByTestId('audit-total').filter({ hasText: 'page 1' }).waitFor();
    await auditor.locator(`[data-testid="audit-row"][data-seq="${seqs.at(-1)}"]`).waitFor();
  });

  test('auditor verifies the chain (intact), then a really tampered event is shown as the first break', async () => {
    const from = seqs[0]!;
    const to = seqs.at(-1)!;
    await auditor.goto(`${portal.origin}/compliance/chain`);
    await auditor.getByLabel('From seq').fill(String(from));
    await auditor.getByLabel('To seq').fill(String(to));
    await auditor.getByRole('button', { name: 'Verify' }).click();
    const ok = auditor.getByTestId('chain-ok');
    await ok.waitFor();
    assert.match(await ok.innerText(), new RegExp(`${EVENTS} links checked, from seq ${from} to ${to}`));
    await screenshot(auditor, 'compliance-chain');

    const victim = seqs[10]!;
    const { records } = await portal.hub.driver.executeQuery(
      'MATCH (e:AuditEvent {seq: $seq}) RETURN e.action AS action, e.hash AS hash',
      { seq: victim },
    );
    const original = records[0]!.get('action') as string;
    const storedHash = records[0]!.get('hash') as string;
    await portal.hub.driver.executeQuery("MATCH (e:AuditEvent {seq: $seq}) SET e.action = 'portal-test.rewritten'", {
      seq: victim,
    });
    try {
      await auditor.getByRole('button', { name: 'Verify' }).click();
      const broken = auditor.getByTestId('chain-broken');
      await broken.waitFor();
      assert.equal(await broken.getAttribute('data-seq'), String(victim));
      assert.equal(await auditor.getByTestId('chain-break-seq').innerText(), `Chain broken at seq ${victim}`);
      assert.match(await auditor.getByTestId('chain-break-reason').innerText(), /altered/);
      assert.equal(await auditor.getByTestId('chain-found').innerText(), storedHash);
      const expected = await auditor.getByTestId('chain-expected').innerText();
      assert.match(expected, /^[0-9a-f]{64}$/);
      assert.notEqual(expected, storedHash);
      assert.match(await broken.innerText(), new RegExp(`${victim - from} links held before this one`));
      assert.match(await auditor.getByTestId('chain-break-event').innerText(), /portal-test\.rewritten/);
      await screenshot(auditor, 'compliance-chain-broken');
    } finally {
      await portal.hub.driver.executeQuery('MATCH (e:AuditEvent {seq: $seq}) SET e.action = $original', {
        seq: victim,
        original,
      });
    }
    assert.equal((await verifyAuditChain(portal.hub.driver, { fromSeq: from, toSeq: to })).intact, true, 'restored');
  });

  test("auditor opens the OCR deployment's compliance report inside the portal and can print it", async () => {
    const response = auditor.waitForResponse((r) => r.url().includes('/api/compliance/'));
    await auditor.goto(`${portal.origin}/compliance/report/${OCR_DEPLOYMENT}`);
    const report = auditor.getByTestId('compliance-report');
    await report.waitFor();
    const fetched = await response;
    assert.equal(fetched.status(), 200, 'fetched with the token: no 401');
    assert.match(
      await auditor.getByRole('heading', { level: 1 }).innerText(),
      /^Compliance report: 铭牌OCR检测 det on A100/,
    );
    // The verdict shown is the report's own (the shared graph's chain may be broken by other suites'
    // clean-ups, which the report must then say, not hide).
    const { auditChain } = (await fetched.json()) as {
      auditChain: { intact: boolean; checked: number; firstBreak: { seq: number } | null };
    };
    assert.match(
      await auditor.getByTestId('report-chain').innerText(),
      auditChain.intact
        ? new RegExp(`Audit chain intact: ${auditChain.checked} event`)
        : new RegExp(`Audit chain BROKEN at seq ${auditChain.firstBreak!.seq} `),
    );
    assert.match(await auditor.getByTestId('report-sha256').innerText(), /^[0-9a-f]{64}$/);
    // Integrity data is kept: the model version's artifact digest is on the page.
    assert.match(await report.innerText(), /Artifact digest \(sha256\)[\s\S]*[0-9a-f]{64}/);
    const print = auditor.getByRole('button', { name: 'Print' });
    assert.ok(await print.isVisible());
    await screenshot(auditor, 'compliance-report');
    // The print stylesheet hides the shell (navigation, header) and the page's own buttons.
    await auditor.emulateMedia({ media: 'print' });
    try {
      assert.equal(await auditor.getByRole('navigation', { name: 'Navigation' }).isVisible(), false);
      assert.equal(await print.isVisible(), false);
      assert.ok(await auditor.getByRole('heading', { level: 1 }).isVisible());
    } finally {
      await auditor.emulateMedia({ media: 'screen' });
    }
    // An unknown deployment is the not-found page, not an error.
    await auditor.goto(`${portal.origin}/compliance/report/no-such-deployment-${tag}`);
    await auditor.getByTestId('not-found').waitFor();
  });

  test('scientist is not allowed on the compliance pages and has no compliance navigation', async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.origin, 'scientist', '/compliance/audit');
    await page.getByTestId('not-allowed').waitFor();
    assert.equal(await page.getByTestId('audit-table').count(), 0);
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link', { name: 'Catalog' }).waitFor();
    for (const name of ['Audit trail', 'Chain verification', 'Lineage', 'Knowledge Q&A'])
      assert.equal(await nav.getByRole('link', { name }).count(), 0, `${name} is not offered`);
    await page.goto(`${portal.origin}/compliance/report/${OCR_DEPLOYMENT}`);
    await page.getByTestId('not-allowed').waitFor();
    await page.context().close();
  });

  test('dispatcher asks in Chinese and sees the answer, its steps and the evidence path', async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.origin, 'dispatcher', '/knowledge');
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link', { name: 'Knowledge Q&A' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Audit trail' }).count(), 0);
    await page.getByLabel('Your question (Chinese or English)').fill('主变油温过高怎么处理？');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByTestId('ask-answer').waitFor();
    assert.match(await page.getByTestId('ask-answer-text').innerText(), /主变油温过高/);
    const steps = page.getByTestId('ask-steps').getByRole('listitem');
    assert.equal(await steps.count(), 6);
    for (const step of await steps.allInnerTexts()) assert.ok(step.trim().length > 0, 'no empty step');
    assert.ok((await page.getByTestId('ask-evidence-node').count()) > 1);
    assert.match(await page.getByTestId('ask-evidence').innerText(), /HAS_STEP/);
    assert.match(new URL(page.url()).searchParams.get('q') ?? '', /主变油温过高/);
    await screenshot(page, 'knowledge-ask');
    // A question the graph does not support says so, with what was understood.
    await page.getByLabel('Your question (Chinese or English)').fill('今天午饭吃什么？');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByTestId('ask-no-answer').waitFor();
    assert.match(await page.getByTestId('ask-no-answer').innerText(), /What was understood/);
    await page.context().close();
  });
});
