// bench:active-learning's code paths on a small slice: the data fetcher and parsers, the rendered set, the
// split, every strategy's curve and the figures written. It does not assert that active learning beats
// random sampling: on 150 pool rows and one seed that is chance, not a property of the code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { GOAL, STRATEGIES, TARGET, runBench, stratifiedSplit, subsample, table } from '../bench/active-learning.js';
import { parseBreastCancer, parseDigits, sklearnTables } from '../bench/data/sklearn.js';
import { CHARACTERS, renderedTable } from '../bench/data/rendered.js';

test('the benchmark runs every strategy on 200 rows of breast cancer and a small rendered set', async () => {
  const { breastCancer } = await sklearnTables();
  assert.equal(breastCancer.features.length, 569);
  assert.equal(breastCancer.features[0]!.length, 30);
  const rendered = await renderedTable(12);
  assert.equal(rendered.features.length, 12 * CHARACTERS.length);
  assert.equal(rendered.features[0]!.length, 64);
  assert.ok(rendered.features.every((f) => f.every((v) => v >= 0 && v <= 1)));

  const slice = subsample(breastCancer, 200, 1);
  assert.equal(slice.features.length, 200);
  const [test25, pool] = stratifiedSplit(slice, [...slice.features.keys()], 0.25, () => 0.5);
  assert.equal(test25.length + pool.length, 200);
  assert.equal(new Set([...test25, ...pool]).size, 200);

  const result = runBench({ seeds: [3], tables: [slice, rendered] });
  assert.equal(result.sets.length, 2);
  for (const set of result.sets) {
    assert.equal(set.strategies.length, STRATEGIES.length);
    assert.ok(set.fullAccuracy.mean > 0.5, `${set.name}: full accuracy ${set.fullAccuracy.mean}`);
    for (const s of set.strategies) {
      const { labels, accuracy } = s.curve;
      assert.ok(labels.length >= 2, `${set.name} ${s.name}: a curve of ${labels.length} points`);
      assert.equal(labels[0], set.initial);
      for (let i = 1; i < labels.length; i++) assert.ok(labels[i]! > labels[i - 1]!);
      assert.ok(accuracy.every((a) => a >= 0 && a <= 1));
      const needed = s.labelsNeeded.values[0]!;
      assert.ok(needed >= set.initial && needed <= set.poolSize, `${s.name}: ${needed} labels`);
      // The figure is where the curve first meets the target: the point before it is below.
      const at = labels.indexOf(needed);
      if (at >= 0) {
        assert.ok(accuracy[at]! >= TARGET * set.fullAccuracy.mean - 1e-4);
        if (at > 0) assert.ok(accuracy[at - 1]! < TARGET * set.fullAccuracy.mean + 1e-4);
      }
      assert.equal(s.seedsWithinGoal, needed <= GOAL * set.poolSize ? 1 : 0);
    }
  }
  assert.match(table(result), /workflow default: /);
  // Seeded: the same seed gives the same figures.
  const again = runBench({ seeds: [3], tables: [slice] });
  assert.deepEqual(
    again.sets[0]!.strategies.map((s) => s.labelsNeeded.values),
    result.sets[0]!.strategies.map((s) => s.labelsNeeded.values),
  );
});

test('malformed tables are refused naming the line and column', () => {
  assert.throws(
    () => parseBreastCancer(Buffer.from('2,3,a,b\n1,2,3,0\n1,x,3,1\n')),
    /line 3: column 2 is not a number: "x"/,
  );
  assert.throws(() => parseBreastCancer(Buffer.from('3,3,a,b\n1,2,3,0\n')), /1 rows, header says 3/);
  assert.throws(() => parseDigits(gzipSync(Buffer.from('1,2,3\n'))), /line 1: 3 columns, expected 65/);
});
