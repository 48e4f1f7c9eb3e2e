// What the embedding head reads of a question: its asking clause and linked names as plain words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askingPart, naturalText } from './semantic.js';
import { combine } from '../intent.js';

test('the asking part is the clause that asks, after a description of what was seen', () => {
  const cases: [string, string][] = [
    ['GIS局放信号反复出现，根子在哪', '根子在哪'],
    ['今天38度，主变油温报警了，现场该先查啥再干啥', '现场该先查啥再干啥'],
    ['main transformer tripped, gas relay operated and the pressure relief valve blew. what first?', 'what first?'],
    ['capacitor bank dropped out and a couple of cans look swollen. whats the procedure', 'whats the procedure'],
    [
      'line locked out after a failed reclose - what must the repair crew observe out there',
      'what must the repair crew observe out there',
    ],
    // The question first and a description after: the clause with the question word.
    ["what's eating the arrester? leakage current creeps up every month", "what's eating the arrester?"],
    // One clause: the whole text.
    ['主变油温过高怎么处理', '主变油温过高怎么处理'],
    ['嗯，主变油温过高怎么处理', '嗯，主变油温过高怎么处理'],
  ];
  for (const [q, want] of cases) assert.equal(askingPart(q), want, q);
});

test('slot tokens become plain words of their kind, in the question language', () => {
  assert.equal(naturalText('{fault}怎么处理', 'zh'), '故障怎么处理');
  assert.equal(naturalText('what causes {symptom} on {equipment}?', 'en'), 'what causes the alarm on the equipment?');
  assert.equal(naturalText('{unknown_slot} stays', 'en'), '{unknown_slot} stays');
  // The question's own determiner is kept, not doubled.
  assert.equal(naturalText('can i shorten the {rule} to 5 seconds', 'en'), 'can i shorten the rule to 5 seconds');
  assert.equal(naturalText('this {symptom}, what does it mean', 'en'), 'this alarm, what does it mean');
});

test('the product of experts is a distribution that both experts pull', () => {
  const sparse = Float64Array.from([0.6, 0.3, 0.1]);
  const dense = Float64Array.from([0.1, 0.8, 0.1]);
  const p = combine(sparse, dense, 0.3);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(p[1]! > p[0]!, 'the heavier expert (dense, 0.7) wins where they disagree');
  assert.deepEqual(
    combine(sparse, dense, 1).map((x) => Math.round(x * 1e9)),
    sparse.map((x) => Math.round(x * 1e9)),
  );
});
