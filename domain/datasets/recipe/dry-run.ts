// Checks a recipe at the request, before any workflow starts, without reading a byte of data: the inputs
// become EMPTY tables (input, input2, …) with the columns and types recorded at ingest, in a fresh
// in-memory DuckDB shut to every file, and the steps are compiled against them exactly as the sandbox
// compiles them (sandbox.ts). So an unknown column, a type a step cannot take, or a `sql` step that is not
// one SELECT (COPY, ATTACH, two statements, a read_csv of another file) is refused as the user's mistake,
// naming the step, instead of starting a workflow that fails later. The workflow's activity still runs
// every check again on the real bytes: this is the early answer, not the only one.
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent, withDuck } from '../duck.js';
import { compileRecipe, inputView, type Column, type CompileInput } from './compile.js';
import { assertSingleSelect, describe, lockDown, sandboxMessage } from './sandbox.js';
import { RecipeError, stepName, type RecipeStep } from './steps.js';

export interface DryInput {
  versionId: string;
  /** The schema recorded at ingest (no bytes are read). */
  columns: Column[];
}

/**
 * A type name as DuckDB reported it at ingest (INTEGER, DECIMAL(18,3), VARCHAR[], STRUCT("a b" INTEGER)):
 * no quote or semicolon that could end the CREATE TABLE it is written into.
 */
const RECORDED_TYPE = /^[A-Za-z][A-Za-z0-9_ ,()[\]"]*$/;

/** One-hot's columns are the data's most frequent values, which an empty table has none of: stop there. */
class NeedsData extends RecipeError {}

/** Creates the empty input tables; false when a recorded schema cannot be written back (then no column checks). */
async function createInputs(db: DuckDBConnection, inputs: DryInput[]): Promise<boolean> {
  for (const [i, input] of inputs.entries()) {
    if (input.columns.length === 0 || !input.columns.every((c) => RECORDED_TYPE.test(c.type))) return false;
    const columns = input.columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ');
    try {
      await db.run(`CREATE TABLE ${sqlIdent(inputView(i))} (${columns})`);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Throws RecipeError naming the step (and column or refused statement) when the recipe cannot run on
 * inputs with these recorded schemas. Steps after a oneHot are checked for their SQL statements only:
 * the columns one-hot adds depend on the values, which are read in the workflow.
 */
export async function dryCompileRecipe(steps: RecipeStep[], inputs: DryInput[]): Promise<void> {
  await withDuck(
    async (db) => {
      // Shut first: nothing below, the recipe's SQL included, can touch a file or change a setting.
      await lockDown(db, []);
      for (const [i, step] of steps.entries())
        if (step.op === 'sql')
          await assertSingleSelect(db, step.query).catch((error: Error) => {
            throw new RecipeError(`${stepName(i, step.op)}: ${error.message}`);
          });
      if (!(await createInputs(db, inputs))) return;
      const views: CompileInput[] = inputs.map((input, i) => ({
        versionId: input.versionId,
        view: inputView(i),
        columns: input.columns,
      }));
      let compiled;
      try {
        compiled = await compileRecipe(steps, views, {
          describe: (sql) => describe(db, sql).catch((e: unknown) => Promise.reject(new Error(sandboxMessage(e)))),
          topValues: () => Promise.reject(new NeedsData('one-hot categories come from the data')),
          assertSingleSelect: (query) => assertSingleSelect(db, query),
        });
      } catch (error) {
        if (error instanceof NeedsData) return;
        throw error;
      }
      await assertSingleSelect(db, compiled.sql).catch((error: Error) => {
        throw new RecipeError(`the compiled recipe: ${error.message}`);
      });
      await db.run(`EXPLAIN ${compiled.sql}`).catch((error: unknown) => {
        throw new RecipeError(`the compiled recipe does not plan: ${sandboxMessage(error)}`);
      });
    },
    { threads: 1, memoryLimit: '64MB' },
  );
}
