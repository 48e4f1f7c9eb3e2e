// The exported model takes named columns (issue #15): one input per column, [N, 1], float32 for numbers
// and string for text, imputed and one-hot encoded inside the graph. For every algorithm the real
// onnxruntime-node, fed the raw values (missing ones as NaN or ''), answers as the library does on the
// rows loadTable encoded; an unseen category encodes as all zeros, a missing value as the imputed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { withDuck } from '../../domain/datasets/duck.js';
import { checkTable } from '../../domain/datasets/inspect.js';
import { seededRandom } from '../../domain/random.js';
import type { TrainingAlgorithm, TrainingTask } from '../../domain/training/shared.js';
import { loadTable } from './data.js';
import { encodeRows, onnxFeeds, type InputColumn } from './columns.js';
import { argmax, predict, splitIndices, toOnnx, train } from './ml.js';

const dir = mkdtempSync(join(tmpdir(), 'plinth-columns-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** 400 rows: income and a job (text) decide y; ~10% of ages, incomes and jobs are missing. */
async function load(task: TrainingTask) {
  const rand = seededRandom(15);
  const jobs = ['clerk', 'engineer', 'nurse', 'driver'];
  const lines = ['age,job,income,label_target'];
  for (let i = 0; i < 400; i++) {
    const job = jobs[Math.floor(rand() * jobs.length)]!;
    const income = Math.round(rand() * 1000) / 10;
    const age = 18 + Math.floor(rand() * 50);
    const score = income / 25 + (job === 'engineer' ? 2 : job === 'nurse' ? -1 : 0) + rand();
    const y =
      task === 'regression'
        ? score.toFixed(3)
        : task === 'multiclass'
          ? ['low', 'mid', 'high'][Math.min(2, Math.floor(score / 1.6))]
          : score > 2.5
            ? 'good'
            : 'bad';
    lines.push([rand() < 0.1 ? '' : age, rand() < 0.1 ? '' : job, rand() < 0.1 ? '' : income.toFixed(1), y].join(','));
  }
  const csv = join(dir, `${task}.csv`);
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const columns = (await withDuck((db) => checkTable(db, csv, 'CSV'))).schema.columns;
  const split = (rows: number) => splitIndices(rows, 0.25, 3);
  const loaded = await loadTable({ path: csv, format: 'CSV', columns }, 'label_target', task, {
    trainRows: (rows) => split(rows).train,
  });
  return { ...loaded, split: split(loaded.data.y.length) };
}

const cases: [TrainingAlgorithm, TrainingTask][] = [
  ['logistic-regression', 'binary'],
  ['cart', 'binary'],
  ['random-forest', 'binary'],
  ['gradient-boosted-trees', 'binary'],
  ['logistic-regression', 'multiclass'],
  ['cart', 'multiclass'],
  ['random-forest', 'multiclass'],
  ['cart', 'regression'],
  ['random-forest', 'regression'],
  ['gradient-boosted-trees', 'regression'],
];

for (const [algorithm, task] of cases)
  test(`${algorithm} (${task}): inputs named by column; ONNX on raw values = library on encoded rows`, async () => {
    const { data, split } = await load(task);
    const model = train(data, split.train, algorithm, task, { nEstimators: 8, maxDepth: 4, numSteps: 300 });
    const session = await ort.InferenceSession.create(toOnnx(model));
    try {
      const meta = session.inputMetadata as unknown as { name: string; type: string; shape: unknown[] }[];
      assert.deepEqual(
        meta.map((m) => [m.name, m.type, m.shape]),
        [
          ['age', 'float32', ['N', 1]],
          ['job', 'string', ['N', 1]],
          ['income', 'float32', ['N', 1]],
        ],
      );
      const rows = split.test;
      const out = await session.run(onnxFeeds(ort, model, data, rows));
      const expected = predict(
        model,
        rows.map((i) => data.X[i]!),
      );
      const values = (task === 'regression' ? out.prediction : out.probabilities)!.data as Float32Array;
      const width = expected[0]!.length;
      const maxDiff = Math.max(
        ...expected.flatMap((row, i) => row.map((v, k) => Math.abs(v - values[i * width + k]!))),
      );
      assert.ok(maxDiff <= 1e-5, `max |ONNX − library| ${maxDiff}`);
      if (task !== 'regression') {
        const labels = Array.from(out.label!.data as BigInt64Array, Number);
        assert.deepEqual(labels, expected.map(argmax));
      }
      assert.ok(
        rows.some((i) => data.raw!.age![i] === null) && rows.some((i) => data.raw!.job![i] === null),
        'the test rows include missing values',
      );

      // A category never seen in training is all zeros; a missing value is the imputed one.
      const inputs = model.inputs as InputColumn[];
      const odd = { age: [null, 40], job: ['astronaut', null], income: [55.5, null] };
      const oddOut = await session.run({
        age: new ort.Tensor('float32', Float32Array.from([Number.NaN, 40]), [2, 1]),
        job: new ort.Tensor('string', ['astronaut', ''], [2, 1]),
        income: new ort.Tensor('float32', Float32Array.from([55.5, Number.NaN]), [2, 1]),
      });
      const encoded = encodeRows(inputs, odd, [0, 1]);
      const jobs = (inputs[1] as Extract<InputColumn, { kind: 'categorical' }>).categories;
      assert.deepEqual(
        encoded[0]!.slice(1, 1 + jobs.length),
        jobs.map(() => 0),
      );
      assert.equal(encoded[0]![0], inputs[0]!.impute);
      assert.equal(encoded[1]![1 + jobs.indexOf(String(inputs[1]!.impute))], 1);
      const oddExpected = predict(model, encoded);
      const oddValues = (task === 'regression' ? oddOut.prediction : oddOut.probabilities)!.data as Float32Array;
      oddExpected.forEach((row, i) =>
        row.forEach((v, k) => assert.ok(Math.abs(v - oddValues[i * width + k]!) <= 1e-5, `row ${i}`)),
      );
    } finally {
      await session.release();
    }
  });

test('a column named like an intermediate tensor of the estimator does not clash with it', async () => {
  const rand = seededRandom(2);
  const X = Array.from({ length: 120 }, () => [rand(), rand()]);
  const raw = { scaled: X.map((r) => r[0]!), tree_label: X.map((r) => r[1]!) };
  const inputs: InputColumn[] = [
    { name: 'scaled', kind: 'numeric', impute: 0.5 },
    { name: 'tree_label', kind: 'numeric', impute: 0.5 },
  ];
  const data = {
    features: ['scaled', 'tree_label'],
    classes: ['0', '1'],
    X: X.map((r) => r.map(Math.fround)),
    y: X.map((r) => (r[0]! > r[1]! ? 1 : 0)),
    inputs,
    raw,
  };
  const rows = X.map((_, i) => i);
  for (const algorithm of ['logistic-regression', 'gradient-boosted-trees'] as const) {
    const model = train(data, rows, algorithm, 'binary', { nEstimators: 3 });
    const session = await ort.InferenceSession.create(toOnnx(model));
    const out = await session.run(onnxFeeds(ort, model, data, rows));
    const expected = predict(model, data.X);
    const values = out.probabilities!.data as Float32Array;
    expected.forEach((row, i) => assert.ok(Math.abs(row[1]! - values[i * 2 + 1]!) <= 1e-5));
    await session.release();
  }
});
