// Runs a recipe in a sandboxed DuckDB: the verified input files are exposed as views (input, input2, …),
// then the database is shut to everything else (only the inputs and the output file may be touched,
// external access off, configuration locked) before any of the recipe's SQL is bound. A data scientist's
// `sql` step must be exactly one SELECT (DuckDB's own parser says so): COPY, ATTACH, INSTALL, SET, PRAGMA
// are refused by name, and a table function reaching any other file (read_csv('/etc/passwd')) fails with
// DuckDB's permission error. The output is written by Plinth, not by the recipe: a Parquet file of the
// rows in a total order, on one thread, so the same recipe on the same inputs gives the same bytes.
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckMessage, sqlIdent, sqlString, withDuck } from '../duck.js';
import { isTabular, readerSql, type DatasetFormat } from '../formats.js';
import { compileRecipe, inputView, type Column, type Compiled } from './compile.js';
import { RecipeError, type RecipeStep } from './steps.js';

export interface SandboxInput {
  versionId: string;
  /** A local file with the version's verified bytes (readVersionBytes). */
  path: string;
  format: DatasetFormat;
  /** The schema recorded at ingest: CSV/TSV are read with these types, not a fresh guess. */
  columns: Column[];
}

export async function describe(db: DuckDBConnection, sql: string): Promise<Column[]> {
  const reader = await db.runAndReadAll(`DESCRIBE ${sql}`);
  return (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
}

/**
 * A DuckDB error for the recipe's author. A permission error keeps the path: it is the one the recipe
 * itself named (the inputs are readable, so never theirs); other errors drop server paths (duckMessage).
 */
export function sandboxMessage(error: unknown): string {
  const first = ((error as Error).message ?? String(error)).split('\n')[0]!.trim();
  return /^Permission Error/.test(first) ? first : duckMessage(error);
}

const article = (word: string): string => `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;

/** The statement's first keyword, comments skipped, for a message naming what was refused. */
function firstKeyword(query: string): string {
  const stripped = query.replace(/^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z_]+/.exec(stripped)?.[0] ?? '').toUpperCase();
}

const READ_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE']);

/**
 * Exactly one SELECT, decided by DuckDB's parser (json_serialize_sql serialises SELECT statements only),
 * plus the first keyword, since DuckDB parses PRAGMA and SHOW into SELECTs over table functions.
 */
export async function assertSingleSelect(db: DuckDBConnection, query: string): Promise<void> {
  const keyword = firstKeyword(query);
  if (!READ_KEYWORDS.has(keyword))
    throw new Error(`only one SELECT statement is allowed; this is ${keyword ? article(keyword) : 'not a'} statement`);
  let count: number;
  try {
    count = (await db.extractStatements(query)).count;
  } catch (error) {
    throw new Error(`the query does not parse: ${duckMessage(error).replace(/^Failed to extract statements: /, '')}`);
  }
  if (count !== 1) throw new Error(`only one SELECT statement is allowed; the query has ${count} statements`);
  const reader = await db.runAndReadAll(`SELECT json_serialize_sql(${sqlString(query)}) AS ast`);
  const ast = JSON.parse(String((reader.getRowObjectsJS()[0] as { ast: string }).ast)) as {
    error: boolean;
    error_message?: string;
  };
  if (ast.error) throw new Error(`only one SELECT statement is allowed; this is not one (${ast.error_message ?? ''})`);
}

/** Shuts the database to every file but these: after this, no recipe SQL can read or write anything else. */
export async function lockDown(db: DuckDBConnection, files: string[]): Promise<void> {
  await db.run(`SET allowed_paths = [${files.map(sqlString).join(', ')}]`);
  await db.run('SET enable_external_access = false');
  await db.run('SET lock_configuration = true');
}

export interface RecipeOutput extends Compiled {
  rowCount: number;
}

/**
 * Compiles the recipe against the inputs and writes its result to `outPath` as Parquet. Throws
 * RecipeError (the user's recipe is at fault) naming the step, column or refused statement.
 */
export async function runRecipeSandboxed(
  steps: RecipeStep[],
  inputs: SandboxInput[],
  outPath: string,
): Promise<RecipeOutput> {
  for (const input of inputs)
    if (!isTabular(input.format))
      throw new RecipeError(`input version ${input.versionId} is ${input.format}: recipes read tables only`);
  // One thread: Parquet row groups (and so the file's bytes) then do not depend on how work was split.
  return withDuck(
    async (db) => {
      const views = inputs.map((input, i) => ({
        versionId: input.versionId,
        view: inputView(i),
        columns: input.columns,
      }));
      for (const [i, input] of inputs.entries()) {
        const format = input.format as Parameters<typeof readerSql>[1];
        const recorded = input.columns.length > 0 ? input.columns : undefined;
        await db.run(
          `CREATE VIEW ${sqlIdent(inputView(i))} AS SELECT * FROM ${readerSql(input.path, format, recorded)}`,
        );
        if (input.columns.length === 0) views[i]!.columns = await describe(db, `SELECT * FROM ${inputView(i)}`);
      }
      await lockDown(db, [...new Set(inputs.map((i) => i.path)), outPath]);
      const compiled = await compileRecipe(steps, views, {
        describe: (sql) => describe(db, sql).catch((e: unknown) => Promise.reject(new Error(sandboxMessage(e)))),
        topValues: async (sql, column, max) => {
          const c = sqlIdent(column);
          const reader = await db.runAndReadAll(
            `SELECT CAST(${c} AS VARCHAR) AS v, count(*) AS n FROM (${sql}) WHERE ${c} IS NOT NULL
             GROUP BY ALL ORDER BY n DESC, v LIMIT ${Math.trunc(max)}`,
          );
          return (reader.getRowObjectsJS() as { v: string }[]).map((r) => r.v);
        },
        assertSingleSelect: (query) => assertSingleSelect(db, query),
      });
      // Defence in depth: the whole compiled text, a sql step's query inside it, is still one SELECT.
      await assertSingleSelect(db, compiled.sql).catch((error: Error) => {
        throw new RecipeError(`the compiled recipe: ${error.message}`);
      });
      try {
        // ORDER BY ALL: a total order of the rows, whatever order the steps produced them in. No temp
        // file beside the output: only the output's own path is allowed.
        await db.run(
          `COPY (SELECT * FROM (\n${compiled.sql}\n) ORDER BY ALL) TO ${sqlString(outPath)} (FORMAT parquet, COMPRESSION zstd, USE_TMP_FILE false)`,
        );
        const counted = await db.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlString(outPath)})`);
        return { ...compiled, rowCount: Number((counted.getRowObjectsJS()[0] as { n: bigint }).n) };
      } catch (error) {
        throw new RecipeError(`running the recipe failed: ${sandboxMessage(error)}`);
      }
    },
    { threads: 1, memoryLimit: '512MB' },
  );
}
