// The recipe compiler and sandbox against a real in-process DuckDB, on files written here (no graph,
// no store): steps compile to one SELECT, unknown columns are named, a run is byte-for-byte repeatable,
// and the sandbox refuses what a recipe must not do.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256File } from '../../../lib/storage/index.js';
import { sqlString, withDuck } from '../duck.js';
import { dryCompileRecipe } from './dry-run.js';
import { runRecipeSandboxed, type SandboxInput } from './sandbox.js';
import { parseSteps, RecipeError } from './steps.js';

let dir: string;
let raw: SandboxInput;
let prices: SandboxInput;
let n = 0;
const out = () => join(dir, `out-${++n}.parquet`);

const RAW = `id,city,amount,day,note
1,Nanjing,10,2024-01-05,a
2,Suzhou,,2024-02-10,b
2,Suzhou,,2024-02-10,b
3,Nanjing,30,2024-03-15,c
4,Wuxi,40,2024-12-31,d
5,,50,2025-06-01,e
`;

const rows = (path: string) =>
  withDuck(async (db) => {
    const reader = await db.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plinth-recipe-'));
  await writeFile(join(dir, 'raw.csv'), RAW);
  await writeFile(join(dir, 'prices.csv'), 'city,price\nNanjing,7\nSuzhou,9\n');
  raw = {
    versionId: 'v-raw',
    path: join(dir, 'raw.csv'),
    format: 'CSV',
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'city', type: 'VARCHAR' },
      { name: 'amount', type: 'BIGINT' },
      { name: 'day', type: 'VARCHAR' },
      { name: 'note', type: 'VARCHAR' },
    ],
  };
  prices = { versionId: 'v-prices', path: join(dir, 'prices.csv'), format: 'CSV', columns: [] };
});
after(() => rm(dir, { recursive: true, force: true }));

test('cleaning steps compile to one SELECT and run: dedupe, impute (mean of integers rounded), cast', async () => {
  const steps = parseSteps([
    { op: 'deduplicate' },
    { op: 'impute', column: 'amount', strategy: 'mean' },
    { op: 'impute', column: 'city', strategy: 'constant', value: 'unknown' },
    { op: 'cast', column: 'day', type: 'date' },
  ]);
  const path = out();
  const result = await runRecipeSandboxed(steps, [raw], path);
  assert.equal(result.rowCount, 5);
  assert.match(result.sql, /^WITH step1 AS/);
  assert.equal(result.sql.match(/SELECT DISTINCT/g)?.length, 1);
  assert.deepEqual(
    result.columns.map((c) => `${c.name}:${c.type}`),
    ['id:BIGINT', 'city:VARCHAR', 'amount:BIGINT', 'day:DATE', 'note:VARCHAR'],
  );
  const got = await rows(path);
  // (10 + 30 + 40 + 50) / 4 = 32.5 → 33 (rounded, the column stays BIGINT).
  assert.deepEqual(
    got.map((r) => [r.id, r.city, r.amount, r.day]),
    [
      ['1', 'Nanjing', '10', '2024-01-05'],
      ['2', 'Suzhou', '33', '2024-02-10'],
      ['3', 'Nanjing', '30', '2024-03-15'],
      ['4', 'Wuxi', '40', '2024-12-31'],
      ['5', 'unknown', '50', '2025-06-01'],
    ],
  );
});

test('feature steps: one-hot spells out its categories, bucketize, date parts; then a join and a seeded split', async () => {
  const steps = parseSteps([
    { op: 'cast', column: 'day', type: 'DATE' },
    { op: 'join', version: 'v-prices', on: ['city'], how: 'left' },
    { op: 'oneHot', column: 'city', maxCategories: 2 },
    { op: 'bucketize', column: 'amount', boundaries: [20, 45] },
    { op: 'dateParts', column: 'day', parts: ['year', 'month', 'dow'] },
    { op: 'filter', column: 'id', operator: 'ge', value: 2 },
    { op: 'split', testFraction: 0.5, seed: 7 },
  ]);
  const result = await runRecipeSandboxed(steps, [raw, prices], out());
  assert.match(result.sql, /CAST\("city" AS VARCHAR\) = 'Nanjing' THEN 1 ELSE 0 END AS "city_Nanjing"/);
  assert.match(result.sql, /LEFT JOIN input2 USING \("city"\)/);
  assert.deepEqual(
    result.columns.map((c) => c.name),
    [
      'id',
      'amount',
      'day',
      'note',
      'price',
      'city_Nanjing',
      'city_Suzhou',
      'amount_bucket',
      'day_year',
      'day_month',
      'day_dow',
      'split',
    ],
  );
  assert.equal(result.rowCount, 5);
});

test('the same recipe on the same inputs writes byte-identical Parquet (same sha256)', async () => {
  const steps = parseSteps([
    { op: 'deduplicate', columns: ['id'] },
    { op: 'impute', column: 'amount', strategy: 'median' },
    { op: 'split', testFraction: 0.3, seed: 42 },
  ]);
  const [a, b] = [out(), out()];
  await runRecipeSandboxed(steps, [raw], a);
  await runRecipeSandboxed(steps, [raw], b);
  const [da, db] = [await sha256File(a), await sha256File(b)];
  assert.equal(da.digest, db.digest);
  // And a different seed is a different split, so a different digest: the hash really depends on it.
  const c = out();
  await runRecipeSandboxed(parseSteps([...steps.slice(0, 2), { op: 'split', testFraction: 0.3, seed: 43 }]), [raw], c);
  assert.notEqual((await sha256File(c)).digest, da.digest);
});

test('a step naming an unknown column is refused, naming the step and the column', async () => {
  await assert.rejects(
    runRecipeSandboxed(
      parseSteps([{ op: 'deduplicate' }, { op: 'impute', column: 'amout', strategy: 'mean' }]),
      [raw],
      out(),
    ),
    (e: Error) => e instanceof RecipeError && /^step 2 \(impute\): no column "amout"/.test(e.message),
  );
  assert.throws(
    () => parseSteps([{ op: 'filter', column: 'id', operator: 'like', value: '%' }]),
    /step 1 \(filter\): operator must be one of/,
  );
  assert.throws(
    () => parseSteps([{ op: 'cast', column: 'id', type: 'INT; DROP' }]),
    /step 1 \(cast\): type must be one of/,
  );
  assert.throws(() => parseSteps([{ op: 'sort', column: 'id' }]), /step 1: op must be one of/);
});

test('filter values are literals, never SQL: a quote in a value stays inside the string', async () => {
  const result = await runRecipeSandboxed(
    parseSteps([{ op: 'filter', column: 'city', operator: 'eq', value: "x' OR '1'='1" }]),
    [raw],
    out(),
  );
  assert.equal(result.rowCount, 0);
  assert.match(result.sql, /WHERE "city" = 'x'' OR ''1''=''1'/);
});

test('a sql step reads its inputs as views and the previous steps as input', async () => {
  const result = await runRecipeSandboxed(
    parseSteps([
      { op: 'deduplicate' },
      { op: 'sql', query: 'SELECT city, sum(amount) AS total FROM input GROUP BY city -- per city' },
    ]),
    [raw],
    out(),
  );
  assert.equal(result.rowCount, 4);
});

test('the sandbox refuses reading other files, COPY, ATTACH, INSTALL, SET, PRAGMA and two statements', async () => {
  const refused = async (query: string, pattern: RegExp) =>
    assert.rejects(
      runRecipeSandboxed(parseSteps([{ op: 'sql', query }]), [raw], out()),
      (e: Error) => e instanceof RecipeError && pattern.test(e.message),
      query,
    );
  await refused(
    "SELECT * FROM read_csv('/etc/passwd')",
    /^step 1 \(sql\): Permission Error: Cannot access file "\/etc\/passwd"/,
  );
  await refused(
    "SELECT * FROM input UNION ALL SELECT * FROM read_csv('/etc/passwd')",
    /Permission Error: Cannot access file "\/etc\/passwd"/,
  );
  await refused(
    `COPY (SELECT * FROM input) TO '${join(dir, 'stolen.csv')}'`,
    /only one SELECT statement is allowed; this is a COPY statement/,
  );
  await refused(`ATTACH '${join(dir, 'x.db')}'`, /this is an ATTACH statement/);
  await refused('INSTALL httpfs', /this is an INSTALL statement/);
  await refused("SET allowed_paths = ['/etc/passwd']", /this is a SET statement/);
  await refused('PRAGMA version', /this is a PRAGMA statement/);
  await refused("/* hidden */ COPY input TO '/tmp/x.csv'", /this is a COPY statement/);
  await refused('SELECT 1; SELECT 2', /the query has 2 statements/);
  await refused(`SELECT 1; COPY (SELECT 1) TO '${join(dir, 'y.csv')}'`, /the query has 2 statements/);
  await refused('SELECT 1 FROM', /the query does not parse: Parser Error: syntax error at end of input/);
});

test('dry compile against recorded schemas (no bytes): refuses unknown columns and non-SELECTs by step, passes a valid recipe', async () => {
  const columns = [
    { name: 'id', type: 'BIGINT' },
    { name: 'city', type: 'VARCHAR' },
    { name: 'amount', type: 'DOUBLE' },
    { name: 'day', type: 'DATE' },
  ];
  const dry = (steps: unknown[]) => dryCompileRecipe(parseSteps(steps), [{ versionId: 'v1', columns }]);
  const refused = async (steps: unknown[], message: RegExp) =>
    assert.rejects(dry(steps), (error: unknown) => {
      assert.ok(error instanceof RecipeError);
      assert.match(error.message, message);
      return true;
    });
  await refused(
    [{ op: 'filter', column: 'salary', operator: 'gt', value: 1 }],
    /step 1 \(filter\): no column "salary"/,
  );
  await refused([{ op: 'sql', query: "COPY input TO '/tmp/x.csv'" }], /step 1 \(sql\): .* this is a COPY statement/);
  await refused(
    [{ op: 'sql', query: "SELECT 1; ATTACH '/tmp/x.db'" }],
    /step 1 \(sql\): .* the query has 2 statements/,
  );
  await refused(
    [{ op: 'sql', query: "SELECT * FROM read_csv('/etc/passwd')" }],
    /step 1 \(sql\): Permission Error: Cannot access file "\/etc\/passwd"/,
  );
  // After a one-hot the columns depend on the values: not refused here (the workflow checks on the bytes),
  // but a later sql step is still checked for being one SELECT.
  await dry([
    { op: 'oneHot', column: 'city', maxCategories: 3 },
    { op: 'filter', column: 'city_Wuxi', operator: 'eq', value: 1 },
  ]);
  await refused(
    [
      { op: 'oneHot', column: 'city', maxCategories: 3 },
      { op: 'sql', query: 'PRAGMA version' },
    ],
    /step 2 \(sql\): .* this is a PRAGMA statement/,
  );
  await dry([
    { op: 'deduplicate' },
    { op: 'impute', column: 'amount', strategy: 'mean' },
    { op: 'dateParts', column: 'day', parts: ['year'] },
    { op: 'split', testFraction: 0.3, seed: 7 },
  ]);
  // A recorded type that could end the CREATE TABLE is never spliced: the column checks are left to the run.
  await dryCompileRecipe(parseSteps([{ op: 'deduplicate' }]), [
    { versionId: 'v1', columns: [{ name: 'x', type: "INTEGER); COPY t TO '/tmp/y'; --" }] },
  ]);
});
