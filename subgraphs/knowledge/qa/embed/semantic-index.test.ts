import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LexEntity } from '../linker.js';
import {
  THRESHOLDS,
  clausesOf,
  clearlyNearest,
  describes,
  nearest,
  semanticConfidence,
  textsOf,
  type SemanticIndex,
} from './semantic-index.js';

const entity = (id: string, kind: string, name = id, nameEn = id): LexEntity =>
  ({ id, kind, name, nameEn, ownerOrgId: null }) as LexEntity;

describe('semantic index: clauses', () => {
  it('splits a question into the parts it describes, with their places', () => {
    const q = 'T1 keeps losing oil, level is dropping and theres a leak at a radiator valve. how do we handle it';
    const clauses = clausesOf(q);
    assert.deepEqual(
      clauses.map((c) => c.text),
      ['T1 keeps losing oil', 'level is dropping', 'theres a leak at a radiator valve'],
    );
    for (const c of clauses) assert.equal(q.slice(c.start, c.end), c.text);
    assert.deepEqual(
      clausesOf('冻雨下了一夜，导线上挂满了冰，调度这边咋应对').map((c) => c.text),
      ['冻雨下了一夜', '导线上挂满了冰'],
    );
    // A decimal point is not a clause break.
    assert.deepEqual(
      clausesOf('化验说出厂水1.3 NTU，超标了').map((c) => c.text),
      ['化验说出厂水1.3 NTU'],
    );
  });

  it('keeps no clause that only asks', () => {
    for (const asking of ['这是啥情况', '咋回事', '现在咋处理', 'what kind of fault is that', 'how do we handle it'])
      assert.equal(describes(asking), false, asking);
    for (const describing of ['档位一直往上跑', 'bus has no volts', 'transformer growling'])
      assert.equal(describes(describing), true, describing);
  });
});

describe('semantic index: texts, nearest, confidence', () => {
  it('embeds a name per language, with the aliases written in it, falling back to the other name', () => {
    const e = entity('ft-x', 'FaultType', '主变油温过高', 'Transformer oil temperature high');
    assert.deepEqual(textsOf({ entity: e, aliases: ['油温高', 'hot oil'] }, 'zh'), ['主变油温过高', '油温高']);
    assert.deepEqual(textsOf({ entity: e, aliases: ['油温高', 'hot oil'] }, 'en'), [
      'Transformer oil temperature high',
      'hot oil',
    ]);
    assert.deepEqual(textsOf({ entity: { ...e, nameEn: '' }, aliases: [] }, 'en'), ['主变油温过高']);
  });

  // Unit vectors in 3 dimensions stand for texts: the query is compared by cosine (dot product).
  const unit = (...v: number[]): Float32Array => {
    const n = Math.hypot(...v);
    return Float32Array.from(v.map((x) => x / n));
  };
  const fault = entity('ft-a', 'FaultType');
  const symptomOfA = entity('sym-a', 'Symptom');
  const other = entity('ft-b', 'FaultType');
  const index: SemanticIndex = {
    entries: {
      zh: [
        { entity: fault, text: 'a', vector: unit(1, 0, 0) },
        { entity: symptomOfA, text: 'a2', vector: unit(1, 0.05, 0) },
        { entity: other, text: 'b', vector: unit(0.8, 0.6, 0) },
      ],
      en: [],
    },
    faultsOf: new Map([['sym-a', ['ft-a']]]),
  };
  const kinds = ['FaultType', 'Symptom'];

  it('measures the margin against the nearest entity leading to another fault, not its own symptom', () => {
    const n = nearest(index, index.entries.zh, kinds, unit(1, 0.06, 0))!;
    assert.equal(n.entity.id, 'sym-a');
    // sym-a's rival is ft-b (ft-a is the same fault), so the margin is wide.
    assert.ok(n.margin > 0.15, `margin ${n.margin}`);
  });

  it('takes a preferred fault close enough to the nearest, and not one far from it', () => {
    const q = unit(0.9, 0.43, 0);
    assert.equal(nearest(index, index.entries.zh, kinds, q)!.entity.id, 'ft-b');
    assert.equal(nearest(index, index.entries.zh, kinds, q, new Set(['ft-a']))!.entity.id, 'sym-a');
    assert.equal(nearest(index, index.entries.zh, kinds, unit(0.8, 0.6, 0), new Set(['ft-a']))!.entity.id, 'ft-b');
  });

  it('is less sure near the threshold and margin, never above 0.7', () => {
    const { min, margin } = THRESHOLDS.zh;
    const at = semanticConfidence({ entity: fault, score: min, margin, from: 'q', language: 'zh' });
    const far = semanticConfidence({ entity: fault, score: 0.99, margin: 0.5, from: 'q', language: 'zh' });
    assert.equal(at, 0.45);
    assert.equal(far, 0.7);
  });

  it('settles faults the symptoms cannot tell apart only for a clearly nearest one', () => {
    const { min, margin } = THRESHOLDS.en;
    const near = (a: number, b: number): Map<string, number> =>
      new Map([
        ['ft-a', a],
        ['ft-b', b],
      ]);
    assert.equal(clearlyNearest(near(min + 0.1, min + 0.1 - margin - 0.01), 'en'), 'ft-a');
    assert.equal(clearlyNearest(near(min + 0.1, min + 0.1 - margin + 0.01), 'en'), null, 'too close to the next');
    assert.equal(clearlyNearest(near(min - 0.01, 0), 'en'), null, 'not near enough');
    assert.equal(clearlyNearest(new Map(), 'en'), null);
  });
});
