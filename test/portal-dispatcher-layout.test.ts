// The dispatcher console's evidence-graph layout (ui/src/pages/knowledge/evidenceLayout.ts), without a
// browser: layers follow the relations, steps keep their procedure order, nothing overlaps, a cycle ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutEvidence, NODE_H, NODE_W } from '../ui/src/pages/knowledge/evidenceLayout.js';

const node = (id: string, label: string) => ({ id, label, name: `${id} / ${id}` });

test('layers left to right along the relations; steps in their order; no overlaps', () => {
  const evidence = {
    nodes: [
      node('p#3', 'Step'),
      node('fault', 'FaultType'),
      node('p#1', 'Step'),
      node('proc', 'Procedure'),
      node('rule', 'SafetyRule'),
      node('p#2', 'Step'),
      node('model', 'Model'),
    ],
    relationships: [
      { type: 'HAS_STEP', from: 'proc', to: 'p#3', order: 3 },
      { type: 'HANDLED_BY', from: 'fault', to: 'proc' },
      { type: 'HAS_STEP', from: 'proc', to: 'p#1', order: 1 },
      { type: 'REQUIRES', from: 'proc', to: 'rule' },
      { type: 'HAS_STEP', from: 'proc', to: 'p#2', order: 2 },
      { type: 'DETECTS', from: 'model', to: 'fault' },
    ],
  };
  const { placed, height } = layoutEvidence(evidence);
  const at = new Map(placed.map((p) => [p.id, p]));
  assert.equal(placed.length, evidence.nodes.length);
  const col = (id: string) => at.get(id)!.x / at.get('fault')!.x;
  assert.equal(at.get('model')!.x, 0);
  assert.ok(at.get('fault')!.x > 0);
  assert.equal(col('proc'), 2);
  for (const id of ['p#1', 'p#2', 'p#3', 'rule']) assert.equal(col(id), 3, id);
  assert.ok(at.get('p#1')!.y < at.get('p#2')!.y && at.get('p#2')!.y < at.get('p#3')!.y, 'steps in order');
  for (const a of placed)
    for (const b of placed)
      if (a !== b)
        assert.ok(Math.abs(a.x - b.x) >= NODE_W || Math.abs(a.y - b.y) >= NODE_H, `${a.id} overlaps ${b.id}`);
  for (const p of placed) assert.ok(p.y >= 0 && p.y + NODE_H <= height + 0.001);
});

test('a cycle and relations to unknown nodes still give a finite layout', () => {
  const { placed } = layoutEvidence({
    nodes: [node('a', 'Equipment'), node('b', 'Equipment')],
    relationships: [
      { type: 'FEEDS', from: 'a', to: 'b' },
      { type: 'FEEDS', from: 'b', to: 'a' },
      { type: 'FEEDS', from: 'a', to: 'ghost' },
    ],
  });
  assert.equal(placed.length, 2);
  for (const p of placed) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
});
