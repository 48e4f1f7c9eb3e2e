// loadTable reads what training trains on: the same table uploaded as CSV and as Parquet gives the same
// features (in the file's column order), rows and labels; CSV is read with the types recorded at ingest
// (checkTable's schema), so a column DuckDB would guess differently from a sample keeps its type.
// Nothing is left out without a word (issue #15): text columns are one-hot encoded, missing values imputed
// with the training split's mean or most frequent value, and every dropped column and row is in the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlString, withDuck } from '../../domain/datasets/duck.js';
import { checkTable } from '../../domain/datasets/inspect.js';
import { loadTable } from './data.js';

const dir = mkdtempSync(join(tmpdir(), 'plinth-load-table-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a CSV and its Parquet copy load alike: column order, types, text one-hot encoded, missing values imputed', async () => {
  const lines = ['z,region,a,label'];
  for (let i = 0; i < 40; i++)
    lines.push(`${i % 7},r${i % 3},${i % 5 === 0 ? '' : (i / 10).toFixed(1)},${i % 2 ? 'high' : 'low'}`);
  const csv = join(dir, 't.csv');
  const parquet = join(dir, 't.parquet');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  await withDuck((db) =>
    db.run(`COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true)) TO ${sqlString(parquet)} (FORMAT parquet)`),
  );
  const csvColumns = (await withDuck((db) => checkTable(db, csv, 'CSV'))).schema.columns;
  const fromCsv = await loadTable({ path: csv, format: 'CSV', columns: csvColumns }, 'label', 'binary');
  const fromParquet = await loadTable({ path: parquet, format: 'PARQUET', columns: [] }, 'label', 'binary');
  assert.deepEqual(
    fromCsv.data.features,
    ['z', 'region=r0', 'region=r1', 'region=r2', 'a'],
    'columns in file order; the text column one-hot encoded',
  );
  assert.deepEqual(fromCsv.data.classes, ['high', 'low']);
  assert.equal(fromCsv.profile.rows, 40);
  assert.equal(fromCsv.profile.usedRows, 40, 'rows with a missing feature are kept (imputed)');
  const a = fromCsv.profile.report.columns.find((c) => c.name === 'a')!;
  assert.equal(a.missing, 8);
  const present = lines
    .slice(1)
    .map((l) => l.split(',')[2]!)
    .filter((v) => v !== '')
    .map(Number);
  assert.equal(a.imputedWith, Math.fround(present.reduce((s, v) => s + v, 0) / present.length));
  assert.equal(fromCsv.data.X[0]![4], a.imputedWith, 'row 0 has no a: it gets the mean');
  assert.deepEqual(fromParquet.data, fromCsv.data);
  assert.deepEqual(
    fromParquet.profile.columns.map((c) => [c.name, c.type]),
    fromCsv.profile.columns.map((c) => [c.name, c.type]),
  );
});

test('CSV columns are read with the recorded types, not a fresh guess', async () => {
  const csv = join(dir, 'typed.csv');
  writeFileSync(csv, 'code,y\n1,0\n2,1\n3,0\n4,1\n');
  // Recorded as text (say the full file had "A7" further down): training must not treat it as a number.
  const { profile } = await loadTable(
    {
      path: csv,
      format: 'CSV',
      columns: [
        { name: 'code', type: 'VARCHAR' },
        { name: 'y', type: 'BIGINT' },
      ],
    },
    'y',
    'binary',
  );
  assert.deepEqual(
    profile.report.columns.map((c) => [c.name, c.kind, c.dtype]),
    [['code', 'categorical', 'string']],
  );
});

test('the report names every column used, dropped or imputed and every row left out', async () => {
  const jobs = ['clerk', 'engineer', 'nurse', 'engineer'];
  const lines = ['customer_id,seq,age,job,notes,city,empty,same,opened,income,y'];
  for (let i = 0; i < 60; i++) {
    const age = i % 6 === 0 ? '' : String(20 + (i % 37));
    const job = i % 10 === 3 ? '' : jobs[i % 4];
    const y = i % 15 === 14 ? '' : i % 3 === 0 ? 'yes' : 'no';
    lines.push(
      [
        7000 + i * 3,
        i + 1,
        age,
        job,
        `"note number ${i}"`,
        `c${i}`,
        '',
        'x',
        `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
        (i * 1.5).toFixed(1),
        y,
      ].join(','),
    );
  }
  const csv = join(dir, 'report.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const columns = (await withDuck((db) => checkTable(db, csv, 'CSV'))).schema.columns;
  const train = (rows: number) => Array.from({ length: rows }, (_, i) => i).filter((i) => i % 4 !== 0);
  const { profile, data } = await loadTable({ path: csv, format: 'CSV', columns }, 'y', 'binary', { trainRows: train });
  const report = profile.report;
  assert.equal(report.rows, 60);
  assert.equal(report.usedRows, 56);
  assert.deepEqual(report.droppedRows, [{ reason: 'no value in the target column "y"', count: 4 }]);
  assert.deepEqual(
    report.droppedColumns.map((d) => [d.name, d.reason]),
    [
      ['customer_id', 'an identifier: a distinct whole number in every row'],
      ['seq', 'an identifier: a distinct whole number in every row'],
      ['notes', 'an identifier or free text: a distinct value in every row'],
      ['city', 'an identifier or free text: a distinct value in every row'],
      ['empty', 'every value is missing'],
      ['same', 'the same value in every row that has one: nothing to learn from'],
      ['opened', 'type DATE is neither a number nor text; derive numeric or text columns from it with a recipe'],
    ],
  );
  assert.deepEqual(
    report.columns.map((c) => [c.name, c.kind, c.dtype, c.missing]),
    [
      ['age', 'numeric', 'float32', 10],
      ['job', 'categorical', 'string', 6],
      ['income', 'numeric', 'float32', 0],
    ],
  );
  // Imputation values come from the training rows only.
  const kept = lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((cells) => cells[10] !== '');
  const trainAges = train(kept.length)
    .map((i) => kept[i]![2]!)
    .filter((v) => v !== '')
    .map(Number);
  const age = report.columns[0]!;
  assert.equal(age.imputedWith, Math.fround(trainAges.reduce((s, v) => s + v, 0) / trainAges.length));
  const job = report.columns[1]!;
  assert.deepEqual(job.categories, ['clerk', 'engineer', 'nurse']);
  assert.equal(job.imputedWith, 'engineer', 'the most frequent category');
  assert.deepEqual(data.features, ['age', 'job=clerk', 'job=engineer', 'job=nurse', 'income']);
  assert.ok(report.warnings.some((w) => w === '4 of 60 rows left out: no value in the target column "y"'));
  assert.ok(report.warnings.some((w) => w.startsWith('column "job": 6 missing values imputed')));
  assert.ok(report.warnings.some((w) => w.startsWith('column "city" (VARCHAR) not used')));

  const many = join(dir, 'many.csv');
  writeFileSync(many, `k,y\n${Array.from({ length: 200 }, (_, i) => `k${i % 60},${i % 2}`).join('\n')}\n`);
  const refused = await loadTable(
    { path: many, format: 'CSV', columns: (await withDuck((db) => checkTable(db, many, 'CSV'))).schema.columns },
    'y',
    'binary',
  ).catch((error: Error) => error.message);
  assert.equal(
    refused,
    'the data version has no usable feature column: "k" (60 distinct values, more than the 50 a categorical column may have)',
  );
});
