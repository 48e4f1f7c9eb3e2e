// A recipe is a JSON list of declarative steps. This file checks that list's shape (closed lists of ops,
// types, strategies; literal values only) before anything reads data, so a malformed recipe is refused
// with a message naming the step and the field rather than failing somewhere inside DuckDB.

/** A recipe step that a user got wrong; never worth retrying. */
export class RecipeError extends Error {
  override readonly name = 'RecipeError';
}

export type Literal = string | number | boolean;

export const FILTER_OPS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'not_in', 'is_null', 'not_null'] as const;
export const IMPUTE_STRATEGIES = ['mean', 'median', 'mode', 'constant'] as const;
export const CAST_TYPES = [
  'BOOLEAN',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'VARCHAR',
  'DATE',
  'TIMESTAMP',
] as const;
export const DATE_PARTS = ['year', 'month', 'day', 'dow', 'hour'] as const;
export const JOIN_HOWS = ['inner', 'left'] as const;

export type RecipeStep =
  | { op: 'deduplicate'; columns?: string[] }
  | { op: 'filter'; column: string; operator: (typeof FILTER_OPS)[number]; value?: Literal | Literal[] }
  | { op: 'impute'; column: string; strategy: (typeof IMPUTE_STRATEGIES)[number]; value?: Literal }
  | { op: 'cast'; column: string; type: (typeof CAST_TYPES)[number] }
  | { op: 'oneHot'; column: string; maxCategories: number }
  | { op: 'bucketize'; column: string; boundaries: number[]; as?: string }
  | { op: 'dateParts'; column: string; parts: (typeof DATE_PARTS)[number][] }
  | { op: 'join'; version: string; on: string[]; how: (typeof JOIN_HOWS)[number] }
  | { op: 'split'; testFraction: number; seed: number }
  | { op: 'sql'; query: string };

export const STEP_OPS = [
  'deduplicate',
  'filter',
  'impute',
  'cast',
  'oneHot',
  'bucketize',
  'dateParts',
  'join',
  'split',
  'sql',
] as const;

const FIELDS: Record<RecipeStep['op'], { required: string[]; optional: string[] }> = {
  deduplicate: { required: [], optional: ['columns'] },
  filter: { required: ['column', 'operator'], optional: ['value'] },
  impute: { required: ['column', 'strategy'], optional: ['value'] },
  cast: { required: ['column', 'type'], optional: [] },
  oneHot: { required: ['column'], optional: ['maxCategories'] },
  bucketize: { required: ['column', 'boundaries'], optional: ['as'] },
  dateParts: { required: ['column', 'parts'], optional: [] },
  join: { required: ['version', 'on'], optional: ['how'] },
  split: { required: ['testFraction', 'seed'], optional: [] },
  sql: { required: ['query'], optional: [] },
};

export const MAX_STEPS = 50;
export const MAX_SQL_LENGTH = 20_000;

/** "step 3 (impute)": how every message names a step (1-based, as a user counts). */
export const stepName = (index: number, op: string): string => `step ${index + 1} (${op})`;

const isLiteral = (v: unknown): v is Literal =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function name(where: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200)
    throw new RecipeError(`${where}: ${field} must be a column name of 1 to 200 characters`);
  return value;
}

function oneOf<T extends string>(where: string, field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw new RecipeError(`${where}: ${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

function names(where: string, field: string, value: unknown, min: number): string[] {
  if (!Array.isArray(value) || value.length < min || value.length > 200)
    throw new RecipeError(`${where}: ${field} must be a list of ${min} to 200 column names`);
  const list = value.map((v) => name(where, field, v));
  if (new Set(list).size !== list.length) throw new RecipeError(`${where}: ${field} names a column twice`);
  return list;
}

/** One step, checked: unknown ops and fields, wrong types and out-of-range numbers are refused. */
function parseStep(raw: unknown, index: number): RecipeStep {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new RecipeError(`step ${index + 1}: must be an object with an "op"`);
  const step = raw as Record<string, unknown>;
  const op = step.op;
  if (!STEP_OPS.includes(op as RecipeStep['op']))
    throw new RecipeError(`step ${index + 1}: op must be one of ${STEP_OPS.join(', ')} (got ${JSON.stringify(op)})`);
  const where = stepName(index, op as string);
  const { required, optional } = FIELDS[op as RecipeStep['op']];
  for (const key of Object.keys(step))
    if (key !== 'op' && !required.includes(key) && !optional.includes(key))
      throw new RecipeError(`${where}: unknown field "${key}" (expected ${[...required, ...optional].join(', ')})`);
  for (const key of required) if (step[key] === undefined) throw new RecipeError(`${where}: ${key} is required`);
  switch (op as RecipeStep['op']) {
    case 'deduplicate':
      return step.columns === undefined
        ? { op: 'deduplicate' }
        : { op: 'deduplicate', columns: names(where, 'columns', step.columns, 1) };
    case 'filter': {
      const operator = oneOf(where, 'operator', step.operator, FILTER_OPS);
      const column = name(where, 'column', step.column);
      if (operator === 'is_null' || operator === 'not_null') {
        if (step.value !== undefined) throw new RecipeError(`${where}: ${operator} takes no value`);
        return { op: 'filter', column, operator };
      }
      if (operator === 'in' || operator === 'not_in') {
        if (
          !Array.isArray(step.value) ||
          step.value.length === 0 ||
          step.value.length > 1000 ||
          !step.value.every(isLiteral)
        )
          throw new RecipeError(`${where}: ${operator} needs value: a list of 1 to 1000 strings, numbers or booleans`);
        return { op: 'filter', column, operator, value: step.value };
      }
      if (!isLiteral(step.value))
        throw new RecipeError(`${where}: ${operator} needs value: a string, a finite number or a boolean`);
      return { op: 'filter', column, operator, value: step.value };
    }
    case 'impute': {
      const strategy = oneOf(where, 'strategy', step.strategy, IMPUTE_STRATEGIES);
      const column = name(where, 'column', step.column);
      if (strategy === 'constant') {
        if (!isLiteral(step.value))
          throw new RecipeError(`${where}: strategy constant needs value: a string, a finite number or a boolean`);
        return { op: 'impute', column, strategy, value: step.value };
      }
      if (step.value !== undefined) throw new RecipeError(`${where}: strategy ${strategy} takes no value`);
      return { op: 'impute', column, strategy };
    }
    case 'cast':
      return {
        op: 'cast',
        column: name(where, 'column', step.column),
        type: oneOf(where, 'type', typeof step.type === 'string' ? step.type.toUpperCase() : step.type, CAST_TYPES),
      };
    case 'oneHot': {
      const max = step.maxCategories ?? 20;
      if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > 100)
        throw new RecipeError(`${where}: maxCategories must be an integer from 1 to 100`);
      return { op: 'oneHot', column: name(where, 'column', step.column), maxCategories: max as number };
    }
    case 'bucketize': {
      const b = step.boundaries;
      if (
        !Array.isArray(b) ||
        b.length === 0 ||
        b.length > 100 ||
        !b.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
        b.some((x, i) => i > 0 && (x as number) <= (b[i - 1] as number))
      )
        throw new RecipeError(`${where}: boundaries must be 1 to 100 finite numbers in strictly ascending order`);
      return {
        op: 'bucketize',
        column: name(where, 'column', step.column),
        boundaries: b as number[],
        ...(step.as !== undefined ? { as: name(where, 'as', step.as) } : {}),
      };
    }
    case 'dateParts': {
      const parts = step.parts;
      if (!Array.isArray(parts) || parts.length === 0)
        throw new RecipeError(`${where}: parts must be a non-empty list of ${DATE_PARTS.join(', ')}`);
      const checked = parts.map((p) => oneOf(where, 'parts', p, DATE_PARTS));
      if (new Set(checked).size !== checked.length) throw new RecipeError(`${where}: parts names a part twice`);
      return { op: 'dateParts', column: name(where, 'column', step.column), parts: checked };
    }
    case 'join': {
      if (typeof step.version !== 'string' || step.version === '')
        throw new RecipeError(`${where}: version must be the id of one of the recipe's inputs`);
      return {
        op: 'join',
        version: step.version,
        on: names(where, 'on', step.on, 1),
        how: oneOf(where, 'how', step.how ?? 'inner', JOIN_HOWS),
      };
    }
    case 'split': {
      const { testFraction, seed } = step;
      if (typeof testFraction !== 'number' || !(testFraction > 0 && testFraction < 1))
        throw new RecipeError(`${where}: testFraction must be a number strictly between 0 and 1`);
      if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 2 ** 31 - 1)
        throw new RecipeError(`${where}: seed must be an integer from 0 to 2147483647`);
      return { op: 'split', testFraction, seed: seed as number };
    }
    case 'sql': {
      if (typeof step.query !== 'string' || step.query.trim() === '' || step.query.length > MAX_SQL_LENGTH)
        throw new RecipeError(`${where}: query must be a SELECT of 1 to ${MAX_SQL_LENGTH} characters`);
      return { op: 'sql', query: step.query };
    }
  }
}

/** The steps of a recipe, checked; throws RecipeError naming the first problem. */
export function parseSteps(raw: unknown): RecipeStep[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_STEPS)
    throw new RecipeError(`steps must be a list of 1 to ${MAX_STEPS} steps, e.g. [{"op": "deduplicate"}]`);
  return raw.map(parseStep);
}
