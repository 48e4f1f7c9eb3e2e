// The dispatcher console in Chromium against the real hub, Keycloak and the demo knowledge graph: a
// dispatcher asks in Chinese and in English and sees the answer, the evidence path drawn as a graph, the
// procedure as a tickable checklist and the safety-rule and responsible-team callouts (checked against the
// API's own answer); symptom autocomplete from the knowledge graph (names and aliases) turns into chips
// and ranked candidate faults (the API's ranking); recent questions re-ask, with the checklist ticks
// remembered for the session; the base selector (knowledgeBases, the org's by default, ?base=), the verdict
// of a yes/no question and what was understood (intent, entities with how and confidence) match the API's
// answer, a no-answer included; a viewer gets neither the console nor its navigation entry.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { importKnowledgeBase, knowledgeIsEmpty } from '../subgraphs/knowledge/kb/import.js';
import { addSymptomChips, askDispatcherQuestion } from './helpers/journey/dispatcher.js';
import { apiQuery, screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

const ZH = '主变油温过高怎么处理？';
const EN = 'How to handle SF6 low pressure?';

let portal: PortalHarness;
let page: Page;

before(async () => {
  portal = await startPortal({ demoSeed: true });
  if (await knowledgeIsEmpty(portal.hub.driver)) await importKnowledgeBase(portal.hub.driver);
  ({ page } = await portal.newPage());
  await signIn(page, portal.origin, 'dispatcher', '/knowledge');
});

after(async () => {
  await portal?.close();
});

interface ApiAnswer {
  ask: {
    steps: { order: number }[];
    entities: { kind: string; nameEn: string }[];
    evidence: { nodes: { id: string }[]; relationships: { type: string }[] };
  };
}
const apiAsk = (question: string) =>
  apiQuery<ApiAnswer>(
    portal,
    'dispatcher',
    'query($q: String!) { ask(question: $q) { steps { order } entities { kind nameEn } evidence { nodes { id } relationships { type } } } }',
    { q: question },
  );

/** axe-core (WCAG 2.1 AA) violations of serious or critical impact on the page as it stands. */
async function seriousViolations(p: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

describe('dispatcher console', () => {
  test('asks in Chinese and English: answer, evidence graph, checklist, safety and team callouts', async () => {
    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link', { name: 'Knowledge Q&A' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Dispatcher console' }).waitFor();

    const zh = await askDispatcherQuestion(page, portal.origin, ZH);
    const api = (await apiAsk(ZH)).ask;
    assert.equal(zh.noAnswer, false);
    assert.match(zh.answer, /主变油温过高/);
    // The graph draws every evidence entity, of several kinds, and the relations are listed.
    assert.equal(zh.evidenceNodes, api.evidence.nodes.length);
    for (const kind of ['FaultType', 'Procedure', 'Step', 'SafetyRule', 'DutyRole'])
      assert.ok(zh.evidenceKinds.includes(kind), kind);
    assert.equal(zh.evidenceRelations, api.evidence.relationships.length);
    assert.equal(zh.steps, api.steps.length);
    assert.equal(zh.steps, 6);
    // Callouts: exactly the API's safety rules (with their requirement) and duty roles, in English (UI language).
    const rules = api.entities.filter((e) => e.kind === 'SafetyRule').map((e) => e.nameEn);
    const roles = api.entities.filter((e) => e.kind === 'DutyRole').map((e) => e.nameEn);
    assert.ok(rules.length > 0 && roles.length > 0);
    assert.deepEqual(
      zh.safetyRules.map((r) => r.split(':')[0]!.trim()),
      rules,
    );
    for (const r of zh.safetyRules) assert.match(r, /: \S/, 'the requirement is spelled out');
    assert.deepEqual(zh.team, roles);
    // The linked entities show how they were matched and with what confidence.
    assert.match(await page.getByTestId('ask-linked-entity').first().innerText(), /exact 1/);

    // Tick two steps: the progress follows.
    const checklist = page.getByTestId('ask-steps');
    await checklist.getByRole('checkbox').nth(0).check();
    await checklist.getByRole('checkbox').nth(2).check();
    assert.equal(await page.getByTestId('ask-steps-progress').innerText(), '2 of 6 done');
    assert.deepEqual(await seriousViolations(page), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dispatcher-console');
    await page.getByTestId('evidence-graph').scrollIntoViewIfNeeded();
    await screenshot(page, 'dispatcher-evidence');

    // English, answered in English (the question's language), its evidence drawn too.
    const en = await askDispatcherQuestion(page, portal.origin, EN);
    assert.equal(en.noAnswer, false);
    assert.match(en.answer, /SF6/);
    assert.doesNotMatch(en.answer, /\p{Script=Han}/u);
    assert.ok(en.evidenceNodes > 1 && en.steps > 0 && en.safetyRules.length > 0);
    // The same question answered in Chinese when asked so.
    const enZh = await askDispatcherQuestion(page, portal.origin, EN, { reply: 'zh' });
    assert.match(enZh.answer, /\p{Script=Han}/u);
    assert.equal(new URL(page.url()).searchParams.get('reply'), 'zh');
    // A question the graph cannot answer says so, with what was understood.
    const none = await askDispatcherQuestion(page, portal.origin, '今天午饭吃什么？');
    assert.equal(none.noAnswer, true);
    assert.match(none.answer, /What was understood/);
  });

  test('history: recent questions newest first, a click re-asks, checklist ticks remembered', async () => {
    const items = page.getByTestId('history-item');
    await items.first().waitFor();
    const texts = await items.allInnerTexts();
    assert.match(texts[0]!, /今天午饭吃什么/);
    assert.ok(texts.some((x) => x.includes(EN)));
    const zhItem = items.filter({ hasText: ZH });
    assert.equal(await zhItem.count(), 1);
    await zhItem.click();
    await page.waitForFunction(
      (q) => document.querySelector('[data-testid="ask-result"]')?.getAttribute('data-asked') === q,
      ZH,
    );
    assert.equal(new URL(page.url()).searchParams.get('q'), ZH);
    await page.getByTestId('evidence-graph-node').first().waitFor();
    assert.equal(await page.getByTestId('ask-steps-progress').innerText(), '2 of 6 done');
    // History is kept per user across a reload; the re-asked question moved to the top.
    await page.reload();
    await page.getByTestId('history-item').first().waitFor();
    assert.match(await page.getByTestId('history-item').first().innerText(), /主变油温过高/);
  });

  test('base selector, an ALLOWED verdict and what was understood, as the API answers them', async () => {
    interface Understood {
      ask: {
        base: { id: string };
        intent: string;
        verdict: string | null;
        noAnswer: boolean;
        entities: { id: string; nameEn: string }[];
        understood: { intent: string; entities: { id: string; how: string; confidence: number }[] };
      };
    }
    const apiUnderstood = (q: string, base: string | null) =>
      apiQuery<Understood>(
        portal,
        'dispatcher',
        'query($q: String!, $b: String) { ask(question: $q, base: $b) { base { id } intent verdict noAnswer entities { id nameEn } understood { intent entities { id how confidence } } } }',
        { q, b: base },
      );
    const shown = async () => ({
      base: await page.getByTestId('ask-base').getAttribute('data-base'),
      intent: await page.getByTestId('ask-understood-intent').getAttribute('data-intent'),
      linked: await page
        .getByTestId('ask-linked-entity')
        .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')} ${e.getAttribute('data-how')}`)),
      verdict: (await page.getByTestId('ask-verdict').count())
        ? await page.getByTestId('ask-verdict').getAttribute('data-verdict')
        : null,
    });
    const expected = (a: Understood['ask']) => ({
      base: a.base.id,
      intent: a.understood.intent,
      linked: a.understood.entities.map((e) => `${e.id} ${e.how}`),
      verdict: a.verdict,
    });

    // The org's default base: the demo grid for HQ. A yes/no question gets the verdict and its deciding rule.
    const allowedZh = '刀闸发热挺严重的，能带着负荷直接拉开吗？';
    const grid = await askDispatcherQuestion(page, portal.origin, allowedZh);
    const gridApi = (await apiUnderstood(allowedZh, null)).ask;
    assert.equal(gridApi.intent, 'ALLOWED', JSON.stringify(gridApi));
    assert.equal(grid.noAnswer, gridApi.noAnswer);
    assert.deepEqual(await shown(), expected(gridApi));
    assert.equal(gridApi.base.id, 'grid');
    assert.match(await page.getByTestId('ask-verdict').innerText(), new RegExp(gridApi.entities[0]!.nameEn));
    // Each recognised entity shows the words it came from, how it was matched and the confidence.
    assert.match(await page.getByTestId('ask-linked-entity').first().innerText(), /from “.+” · \S+ [01](\.\d+)?$/);

    // Another base, chosen in the selector (listed from knowledgeBases), kept in the URL.
    await page.getByTestId('base-select').click();
    await page.getByRole('option', { name: /Urban water supply \(water\)/ }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('base') === 'water');
    const waterQ = '氯瓶漏气了，能不能拿水冲一下降降温？';
    await askDispatcherQuestion(page, portal.origin, waterQ);
    const waterApi = (await apiUnderstood(waterQ, 'water')).ask;
    assert.equal(waterApi.base.id, 'water');
    assert.equal(waterApi.intent, 'ALLOWED', JSON.stringify(waterApi));
    assert.ok(waterApi.verdict === 'YES' || waterApi.verdict === 'NO', JSON.stringify(waterApi));
    assert.deepEqual(await shown(), expected(waterApi));
    assert.equal(new URL(page.url()).searchParams.get('base'), 'water');
    assert.deepEqual(await seriousViolations(page), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dispatcher-verdict');

    // A question the base cannot answer says what was understood: the kind and the entities, if any.
    const none = '水厂今天的电价是多少？';
    const noneShown = await askDispatcherQuestion(page, portal.origin, none);
    const noneApi = (await apiUnderstood(none, 'water')).ask;
    assert.equal(noneShown.noAnswer, true);
    assert.equal(noneApi.noAnswer, true);
    assert.deepEqual(await shown(), expected(noneApi));
    await page.getByTestId('ask-no-answer').getByTestId('ask-understood').waitFor();

    // Back to the org's default.
    await page.getByTestId('base-select').click();
    await page.getByRole('option', { name: "My organisation's base" }).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('base'));
  });

  test('symptom autocomplete from the knowledge graph → chips → ranked candidate faults', async () => {
    // '绕温' is only an alias (of "Winding temperature high"): the suggestion comes from the graph's aliases.
    const { chips, candidates } = await addSymptomChips(page, ['oil temp', '绕温']);
    assert.deepEqual(chips, ['Oil temperature high alarm', 'Winding temperature high']);
    const api = await apiQuery<{ faultHandlingPath: { candidates: { fault: { id: string } }[] } }>(
      portal,
      'dispatcher',
      'query($s: [String!]!) { faultHandlingPath(symptoms: $s) { candidates { fault { id } } } }',
      { s: chips },
    );
    assert.deepEqual(
      candidates,
      api.faultHandlingPath.candidates.map((c) => c.fault.id),
    );
    assert.ok(candidates.length > 0);
    // The best candidate is open with its handling: safety rules, the team and the procedure checklist.
    const best = page.getByTestId('fault-candidate').first();
    await best.getByTestId('candidate-steps').waitFor();
    assert.ok((await best.getByTestId('candidate-steps').getByRole('checkbox').count()) > 0);
    await best.getByTestId('candidate-safety').waitFor();
    assert.deepEqual(new URL(page.url()).searchParams.getAll('s'), chips);
    await page.keyboard.press('Escape');
    assert.deepEqual(await seriousViolations(page), []);
    await best.scrollIntoViewIfNeeded();
    await screenshot(page, 'dispatcher-symptoms');
  });

  test('a viewer can reach neither the console nor its navigation entry', async () => {
    const { page: viewer, context } = await portal.newPage();
    await signIn(viewer, portal.origin, 'viewer', '/knowledge');
    await viewer.getByTestId('not-allowed').waitFor();
    assert.equal(await viewer.getByTestId('ask-question').count(), 0);
    assert.equal(await viewer.getByTestId('symptom-input').count(), 0);
    const nav = viewer.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link').first().waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Knowledge Q&A' }).count(), 0);
    await context.close();
  });
});
