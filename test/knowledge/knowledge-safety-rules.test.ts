// Safety-rule (SAFETY_RULE) answers about a situation through the real pipeline on both bases in the real Neo4j:
// a question about a fault or a piece of work on an equipment type is answered with every rule that situation's
// procedure requires, not only the rule whose words it repeats; a rule the question names stays first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { createDriver } from '../../lib/graph/driver.js';
import { basesDir, importKnowledgeBase, loadBase } from '../../subgraphs/knowledge/kb/import.js';
import { ask } from '../../subgraphs/knowledge/qa/ask.js';

const admin: Identity = { sub: 'ks-admin', username: 'ks-admin', roles: ['platform-admin'], org: 'hq' };
let driver: Driver;

before(async () => {
  driver = createDriver();
  await importKnowledgeBase(driver);
  await importKnowledgeBase(driver, loadBase(join(basesDir, 'water')));
});
after(async () => {
  await driver.close();
});

// [base, question, rules the answer must hold, the rule that must come first?]
type Row = [string, string, string[], string?];
const TABLE: Row[] = [
  // A fault named beside a rule it repeats: the rule first, then the rest of the fault's procedure's rules.
  [
    'water',
    'the plant is sending out water above the turbidity limit, which rules are we bound by',
    ['w-sr-turbidity-limit', 'w-sr-quality-report'],
  ],
  // Only the rule is named; the situation ("too low ... while we fix it") is the fault that rule belongs to: of
  // the two alike in meaning (chlorine low / high), the one whose direction the question says.
  [
    'water',
    'residual chlorine has dropped too low, what regulations apply while we sort it out',
    ['w-sr-chlorine-residual', 'w-sr-chlorine-cylinder', 'w-sr-quality-report'],
    'w-sr-chlorine-residual',
  ],
  // Work on a piece of equipment whose one fault's procedure needs both chemical safety and lockout.
  ['water', '检修计量泵要注意哪些安全规定', ['w-sr-chemical', 'w-sr-lockout']],
  // Everyday names of a fault: "diff" is the differential protection, "stuck closed" a breaker that will not open.
  [
    'grid',
    'the diff has tripped our main transformer, which safety rules do we keep to',
    ['sr-no-forced-energize', 'sr-verify-dead', 'sr-work-permit'],
  ],
  [
    'grid',
    'a circuit breaker hung closed on a fault, what rules apply while we isolate it',
    ['sr-switching-order', 'sr-two-person', 'sr-locked-breaker'],
  ],
  // A cause that leads to one fault names it.
  ['grid', '导线上挂着杂物要去清理，安全上要注意什么', ['sr-live-patrol', 'sr-safe-distance']],
];

for (const [base, question, rules, first] of TABLE)
  test(`${base}: ${question} → ${rules.join(', ')}`, async () => {
    const a = await ask(driver, admin, question, { base });
    assert.equal(a.intent, 'SAFETY_RULE', a.answer);
    const ids = a.entities.map((e) => e.id);
    for (const id of rules) assert.ok(ids.includes(id), `${id} missing from ${ids.join(', ')}: ${a.answer}`);
    if (first) assert.equal(ids[0], first, a.answer);
  });
