// Compiles a recipe's steps into ONE DuckDB SELECT over the input views (input, input2, …): each step is
// a CTE over the one before it. The compiler asks DuckDB (through `Catalog`, bound to the sandboxed
// connection) for the columns after every step, so a step naming a column that is not there is refused
// with the step and the column named, and one-hot asks for the categories it spells out in the SQL: the
// SQL recorded on the derived version says exactly what was done, values included.
// Every identifier goes through sqlIdent and every value through sqlString or a checked number; nothing
// from the recipe is spliced raw except the `sql` step's query, which the sandbox checks is one SELECT.
import { duckMessage, sqlIdent, sqlString } from '../duck.js';
import { RecipeError, stepName, type Literal, type RecipeStep } from './steps.js';

export interface Column {
  name: string;
  type: string;
}

/** A recipe input as the compiler sees it: the view that reads it and its columns. */
export interface CompileInput {
  versionId: string;
  view: string;
  columns: Column[];
}

/** What the compiler asks DuckDB. */
export interface Catalog {
  /** The columns a SELECT returns (binds it: a sandbox refusal or a binder error throws). */
  describe(sql: string): Promise<Column[]>;
  /** Up to `max` most frequent non-null values of `column` in the SELECT `sql`, as text, most frequent first. */
  topValues(sql: string, column: string, max: number): Promise<string[]>;
  /** Throws unless `query` is exactly one SELECT statement. */
  assertSingleSelect(query: string): Promise<void>;
}

/** The view name of the i-th input (0-based): input, input2, input3, … */
export const inputView = (index: number): string => (index === 0 ? 'input' : `input${index + 1}`);

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;
const INTEGRAL = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const TEMPORAL = /^(DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS)$/;
/** A type name DuckDB reported that is safe to write back into SQL (letters, digits, spaces, numeric parameters). */
const PLAIN_TYPE = /^[A-Z][A-Z0-9_ ]*(\(\d+(,\d+)?\))?$/;

/** A checked literal as SQL: strings quoted, numbers as written by JS (finite, checked), booleans as keywords. */
export function literal(value: Literal): string {
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new RecipeError(`${value} is not a finite number`);
  return `(${String(value)})`;
}

const COMPARE = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
const PART_FUNCTION = { year: 'year', month: 'month', day: 'day', dow: 'dayofweek', hour: 'hour' } as const;

function column(where: string, columns: Column[], name: string): Column {
  const found = columns.find((c) => c.name === name);
  if (!found)
    throw new RecipeError(
      `${where}: no column "${name}" (the columns here are ${columns.map((c) => `"${c.name}"`).join(', ')})`,
    );
  return found;
}

function fresh(where: string, columns: Column[], names: string[]): void {
  for (const name of names)
    if (columns.some((c) => c.name === name))
      throw new RecipeError(`${where}: would add column "${name}", which exists already`);
  if (new Set(names).size !== names.length) throw new RecipeError(`${where}: would add two columns with one name`);
}

/** One step's SELECT over `from` (a CTE or view name, already an identifier). */
async function stepSql(
  step: RecipeStep,
  where: string,
  from: string,
  columns: Column[],
  inputs: CompileInput[],
  catalog: Catalog,
  ctes: string[],
): Promise<string> {
  switch (step.op) {
    case 'deduplicate': {
      if (!step.columns) return `SELECT DISTINCT * FROM ${from}`;
      const keys = step.columns.map((c) => sqlIdent(column(where, columns, c).name));
      // Which duplicate survives is decided by the whole row, so the result does not depend on read order.
      const order = columns.map((c) => sqlIdent(c.name)).join(', ');
      return `SELECT * FROM ${from} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${order}) = 1`;
    }
    case 'filter': {
      const c = sqlIdent(column(where, columns, step.column).name);
      switch (step.operator) {
        case 'is_null':
          return `SELECT * FROM ${from} WHERE ${c} IS NULL`;
        case 'not_null':
          return `SELECT * FROM ${from} WHERE ${c} IS NOT NULL`;
        case 'in':
        case 'not_in':
          return `SELECT * FROM ${from} WHERE ${c} ${step.operator === 'in' ? 'IN' : 'NOT IN'} (${(step.value as Literal[]).map(literal).join(', ')})`;
        default:
          return `SELECT * FROM ${from} WHERE ${c} ${COMPARE[step.operator]} ${literal(step.value as Literal)}`;
      }
    }
    case 'impute': {
      const target = column(where, columns, step.column);
      const c = sqlIdent(target.name);
      const numeric = NUMERIC.test(target.type);
      if ((step.strategy === 'mean' || step.strategy === 'median') && !numeric)
        throw new RecipeError(`${where}: ${step.strategy} needs a numeric column; "${target.name}" is ${target.type}`);
      let fill =
        step.strategy === 'constant'
          ? literal(step.value as Literal)
          : `(SELECT ${step.strategy === 'mean' ? 'avg' : step.strategy}(${c}) FROM ${from})`;
      if ((step.strategy === 'mean' || step.strategy === 'median') && INTEGRAL.test(target.type))
        fill = `round(${fill})`;
      // The column keeps its type: a filled value is cast to it (a mean of integers is rounded first).
      const filled = PLAIN_TYPE.test(target.type)
        ? `CAST(coalesce(${c}, ${fill}) AS ${target.type})`
        : `coalesce(${c}, ${fill})`;
      return `SELECT * REPLACE (${filled} AS ${c}) FROM ${from}`;
    }
    case 'cast': {
      const c = sqlIdent(column(where, columns, step.column).name);
      return `SELECT * REPLACE (CAST(${c} AS ${step.type}) AS ${c}) FROM ${from}`;
    }
    case 'oneHot': {
      const target = column(where, columns, step.column);
      const c = sqlIdent(target.name);
      const relation = `WITH ${ctes.join(', ')} SELECT * FROM ${from}`;
      const values = await catalog.topValues(
        ctes.length ? relation : `SELECT * FROM ${from}`,
        target.name,
        step.maxCategories,
      );
      if (values.length === 0) throw new RecipeError(`${where}: column "${target.name}" has no values to encode`);
      const names = values.map((v) => `${target.name}_${v}`);
      fresh(
        where,
        columns.filter((x) => x.name !== target.name),
        names,
      );
      const encoded = values.map(
        (v, i) => `CASE WHEN CAST(${c} AS VARCHAR) = ${sqlString(v)} THEN 1 ELSE 0 END AS ${sqlIdent(names[i]!)}`,
      );
      return `SELECT * EXCLUDE (${c}), ${encoded.join(', ')} FROM ${from}`;
    }
    case 'bucketize': {
      const target = column(where, columns, step.column);
      if (!NUMERIC.test(target.type))
        throw new RecipeError(`${where}: bucketize needs a numeric column; "${target.name}" is ${target.type}`);
      const as = step.as ?? `${target.name}_bucket`;
      fresh(where, columns, [as]);
      const c = sqlIdent(target.name);
      const whens = step.boundaries.map((b, i) => `WHEN ${c} < ${literal(b)} THEN ${i}`).join(' ');
      return `SELECT *, CASE WHEN ${c} IS NULL THEN NULL ${whens} ELSE ${step.boundaries.length} END AS ${sqlIdent(as)} FROM ${from}`;
    }
    case 'dateParts': {
      const target = column(where, columns, step.column);
      if (!TEMPORAL.test(target.type))
        throw new RecipeError(
          `${where}: date parts need a DATE or TIMESTAMP column; "${target.name}" is ${target.type} (cast it first)`,
        );
      const names = step.parts.map((p) => `${target.name}_${p}`);
      fresh(where, columns, names);
      const c = sqlIdent(target.name);
      // hour() of a DATE is 0: DuckDB reads it as midnight.
      const parts = step.parts.map(
        (p, i) =>
          `${PART_FUNCTION[p]}(${p === 'hour' && target.type === 'DATE' ? `CAST(${c} AS TIMESTAMP)` : c}) AS ${sqlIdent(names[i]!)}`,
      );
      return `SELECT *, ${parts.join(', ')} FROM ${from}`;
    }
    case 'join': {
      const index = inputs.findIndex((input, i) => i > 0 && input.versionId === step.version);
      if (index < 0)
        throw new RecipeError(
          `${where}: version ${step.version} is not one of the recipe's other inputs (list it in inputs after the first)`,
        );
      const right = inputs[index]!;
      for (const key of step.on) {
        column(where, columns, key);
        column(`${where}, version ${step.version}`, right.columns, key);
      }
      const clash = right.columns.filter((r) => !step.on.includes(r.name) && columns.some((l) => l.name === r.name));
      if (clash.length > 0)
        throw new RecipeError(
          `${where}: both sides have column(s) ${clash.map((c) => `"${c.name}"`).join(', ')}; join on them or drop them first`,
        );
      return `SELECT * FROM ${from} ${step.how === 'left' ? 'LEFT' : 'INNER'} JOIN ${right.view} USING (${step.on.map(sqlIdent).join(', ')})`;
    }
    case 'split': {
      fresh(where, columns, ['split']);
      // A row's side is a hash of its values and the seed: the same rows and seed always split alike,
      // whatever order they are read in.
      const hashed = [String(step.seed), ...columns.map((c) => sqlIdent(c.name))].join(', ');
      const cut = Math.round(step.testFraction * 1_000_000);
      return `SELECT *, CASE WHEN hash(${hashed}) % 1000000 < ${cut} THEN 'test' ELSE 'train' END AS "split" FROM ${from}`;
    }
    case 'sql': {
      await catalog.assertSingleSelect(step.query).catch((error: Error) => {
        throw new RecipeError(`${where}: ${error.message}`);
      });
      // The query sees the previous steps' result as `input`. A line comment in it cannot swallow the
      // closing parenthesis: it stands on a line of its own.
      const query = step.query.trim().replace(/;\s*$/, '');
      return from === 'input'
        ? `SELECT * FROM (${query}\n)`
        : `WITH input AS (SELECT * FROM ${from}) SELECT * FROM (${query}\n)`;
    }
  }
}

export interface Compiled {
  sql: string;
  columns: Column[];
}

/** The recipe as one SELECT; throws RecipeError naming the step (and column) at fault. */
export async function compileRecipe(steps: RecipeStep[], inputs: CompileInput[], catalog: Catalog): Promise<Compiled> {
  if (inputs.length === 0) throw new RecipeError('a recipe needs at least one input version');
  let columns = inputs[0]!.columns;
  let from = inputs[0]!.view;
  const ctes: string[] = [];
  for (const [i, step] of steps.entries()) {
    const where = stepName(i, step.op);
    const body = await stepSql(step, where, from, columns, inputs, catalog, ctes).catch((error: unknown) => {
      throw error instanceof RecipeError ? error : new RecipeError(`${where}: ${duckMessage(error)}`);
    });
    const name = `step${i + 1}`;
    ctes.push(`${name} AS (\n  ${body}\n)`);
    from = name;
    try {
      columns = await catalog.describe(`WITH ${ctes.join(',\n')}\nSELECT * FROM ${name}`);
    } catch (error) {
      throw new RecipeError(`${where}: ${(error as Error).message}`);
    }
  }
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT * FROM ${from}`, columns };
}
