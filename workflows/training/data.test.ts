// loadTable reads what training trains on: the same table uploaded as CSV and as Parquet gives the same
// features (in the file's column order), rows and labels; CSV is read with the types recorded at ingest
// (checkTable's schema), so a column DuckDB would guess differently from a sample keeps its type.
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

test('a CSV and its Parquet copy load alike: column order, types, rows with missing values left out', async () => {
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
  assert.deepEqual(fromCsv.data.features, ['z', 'a'], 'numeric columns, in file order; the text column is left out');
  assert.deepEqual(fromCsv.data.classes, ['high', 'low']);
  assert.equal(fromCsv.profile.rows, 40);
  assert.equal(fromCsv.profile.usedRows, 32, 'rows with a missing feature are left out');
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
  const asText = await loadTable(
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
  ).catch((error: Error) => error.message);
  assert.equal(asText, 'the data version has no numeric feature column');
});
