// The dispatcher's part of the portal journey (issue #17: "a dispatcher asks a question and sees the
// evidence path"), used by test/portal-dispatcher.test.ts and by the cross-role journey.
//
// Contract: `page` is already signed in (signIn from test/helpers/portal.ts) as a user with the `knowledge`
// capability (dispatcher, compliance officer or admin); `origin` is the portal's origin. The portal may be
// in either UI language; the functions find elements by test id and label-independent means only where
// the text differs. Every wait is on an element or a condition (no sleeps); each gives up after `timeout`.
//
// askDispatcherQuestion(page, origin, question, { reply }) opens the console at /knowledge, types the
// question, asks, and waits until the answer for THIS question is shown (ask-result[data-asked]) and, when
// there is an answer, until its evidence graph is drawn (one xyflow node per evidence entity). It returns
// what the dispatcher sees: the answer text, whether there was no answer, the evidence graph's node count
// and kinds, the checklist's step count, and the texts of the safety-rule and responsible-team callouts.
//
// addSymptomChips(page, prefixes) types each prefix into the symptom box and picks the first suggestion;
// it returns the chips and the candidate faults' ids, best first.
import type { Page } from 'playwright-core';

export interface DispatcherAnswer {
  answer: string;
  noAnswer: boolean;
  /** xyflow nodes drawn in the evidence graph. */
  evidenceNodes: number;
  /** The kinds (knowledge labels) of the drawn nodes, without repeats. */
  evidenceKinds: string[];
  /** Relations listed for the evidence path. */
  evidenceRelations: number;
  steps: number;
  safetyRules: string[];
  team: string[];
}

export async function askDispatcherQuestion(
  page: Page,
  origin: string,
  question: string,
  { reply, timeout = 30_000 }: { reply?: 'zh' | 'en'; timeout?: number } = {},
): Promise<DispatcherAnswer> {
  if (new URL(page.url()).pathname !== '/knowledge' || (await page.getByTestId('ask-question').count()) === 0) {
    await page.goto(`${origin}/knowledge`);
  }
  const box = page.getByTestId('ask-question');
  await box.waitFor({ timeout });
  if (reply) await page.getByTestId(`reply-${reply}`).click();
  await box.fill(question);
  await page.getByTestId('ask-submit').click();
  // The answer to THIS question (and answer language): the previous answer may still be on screen.
  await page.waitForFunction(
    ([q, r]) => {
      const shown = document.querySelector('[data-testid="ask-result"]');
      return shown?.getAttribute('data-asked') === q && (r === null || shown.getAttribute('data-reply') === r);
    },
    [question.trim(), reply ?? null] as const,
    { timeout },
  );
  const result = page.getByTestId('ask-result');
  const noAnswer = (await result.getByTestId('ask-no-answer').count()) > 0;
  if (noAnswer)
    return {
      answer: await result.getByTestId('ask-no-answer').innerText(),
      noAnswer,
      evidenceNodes: 0,
      evidenceKinds: [],
      evidenceRelations: 0,
      steps: 0,
      safetyRules: [],
      team: [],
    };
  const listed = await result.getByTestId('ask-evidence-node').count();
  const drawn = result.getByTestId('evidence-graph-node');
  if (listed > 0) await drawn.nth(listed - 1).waitFor({ timeout });
  const texts = async (testId: string) =>
    (await result.getByTestId(testId).count()) === 0
      ? []
      : result.getByTestId(testId).getByRole('listitem').allInnerTexts();
  const badges = async (testId: string) =>
    (await result.getByTestId(testId).count()) === 0
      ? []
      : (await result.getByTestId(testId).locator('.mantine-Badge-root').allInnerTexts()).map((t) => t.trim());
  return {
    answer: await result.getByTestId('ask-answer-text').innerText(),
    noAnswer,
    evidenceNodes: await drawn.count(),
    evidenceKinds: [...new Set(await drawn.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? '')))],
    evidenceRelations: await result.getByTestId('ask-evidence-relation').count(),
    steps:
      (await result.getByTestId('ask-steps').count()) === 0
        ? 0
        : await result.getByTestId('ask-steps').getByRole('checkbox').count(),
    safetyRules: await texts('callout-safety'),
    team: await badges('callout-team'),
  };
}

export async function addSymptomChips(
  page: Page,
  prefixes: string[],
  { timeout = 30_000 }: { timeout?: number } = {},
): Promise<{ chips: string[]; candidates: string[] }> {
  const input = page.getByTestId('symptom-input');
  const pills = page.getByTestId('symptom-panel').locator('.mantine-Pill-label');
  const before = await pills.count();
  for (const [i, prefix] of prefixes.entries()) {
    await input.fill(prefix);
    // The first suggestion for this prefix: wait until the list answers this text (it keeps the previous
    // list while the new one loads), i.e. its first option's matched text contains the prefix.
    const option = page
      .getByRole('option')
      .filter({ has: page.getByTestId('symptom-option') })
      .first();
    await page.waitForFunction(
      (p) => {
        const first = document.querySelector('[data-testid="symptom-option"]');
        return first?.getAttribute('data-prefix') === p;
      },
      prefix,
      { timeout },
    );
    await option.click();
    // The chip lands through a URL change (?s=), a navigation that renders after the click returns.
    await pills.nth(before + i).waitFor({ timeout });
  }
  const chips = (await pills.allInnerTexts()).map((c) => c.trim());
  await page.waitForFunction(
    (key) => document.querySelector('[data-testid="fault-candidates"]')?.getAttribute('data-symptoms') === key,
    chips.join('|'),
    { timeout },
  );
  const candidates = await page
    .getByTestId('fault-candidate')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-fault-id') ?? ''));
  return { chips, candidates };
}
