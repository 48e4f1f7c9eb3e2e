// Reads and checks a knowledge-base folder before anything is written: every file is parsed with source
// positions (json-source-map), validated against its JSON Schema (kb/schemas/, ajv), then every
// reference is resolved inside the same base. All problems are collected (up to a cap) and reported at
// once, each as `file:line:column field.path: message`, so an author fixes a file in one pass.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import jsonMap from 'json-source-map';
import { KB_FILES, REQUIRED_FILES, type KbFileName } from './format.js';
import { MAX_FILE_BYTES, lineColumn, scanJson } from './json-scan.js';

export const schemasDir = join(dirname(fileURLToPath(import.meta.url)), 'schemas');
/** More errors than this are summarised: past a few dozen, the author has a systematic problem. */
export const MAX_ERRORS = 50;

export interface Position {
  line: number;
  column: number;
}
export interface KbProblem {
  file: KbFileName;
  /** 1-based; 0 when the problem is the file itself. */
  line: number;
  column: number;
  /** The field, e.g. `faultTypes[12].symptoms[2]`; '' for the whole file. */
  field: string;
  message: string;
}

export const formatProblem = (p: KbProblem): string =>
  `${p.file}${p.line > 0 ? `:${p.line}:${p.column}` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`;

export class KbValidationError extends Error {
  override name = 'KbValidationError';
  constructor(
    readonly dir: string,
    readonly problems: KbProblem[],
    readonly total = problems.length,
  ) {
    super(
      `invalid knowledge base in ${dir} (${total} problem${total === 1 ? '' : 's'}):\n  ${problems
        .map(formatProblem)
        .join('\n  ')}${total > problems.length ? `\n  … and ${total - problems.length} more` : ''}`,
    );
  }
}

/** `/faultTypes/12/symptoms/2` → `faultTypes[12].symptoms[2]`. */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

interface Pointers {
  [pointer: string]: { key?: Position; value: Position };
}

/** One parsed file: its data and where each JSON pointer sits. */
export class ParsedFile {
  constructor(
    readonly file: KbFileName,
    readonly data: unknown,
    private readonly pointers: Pointers,
  ) {}
  /** 1-based position of a pointer's value (its key for `key: true`), falling back to the nearest parent. */
  at(pointer: string, key = false): Position {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const hit = this.pointers[p];
      if (hit) {
        const pos = (key && hit.key) || hit.value;
        return { line: pos.line + 1, column: pos.column + 1 };
      }
      if (p === '') return { line: 1, column: 1 };
    }
  }
  problem(pointer: string, message: string, key = false): KbProblem {
    return { file: this.file, ...this.at(pointer, key), field: fieldPath(pointer), message };
  }
}

let validators: Map<KbFileName, ValidateFunction> | undefined;
function validatorFor(file: KbFileName): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    validators = new Map(
      KB_FILES.map((f) => [
        f,
        ajv.compile(JSON.parse(readFileSync(join(schemasDir, f.replace('.json', '.schema.json')), 'utf8'))),
      ]),
    );
  }
  return validators.get(file)!;
}

function schemaProblem(parsed: ParsedFile, e: ErrorObject): KbProblem {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperty' || e.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    return parsed.problem(`${e.instancePath}/${name}`, `unknown field "${name}"`, true);
  }
  if (e.keyword === 'required')
    return parsed.problem(e.instancePath, `missing required field "${String(params.missingProperty)}"`);
  if (e.keyword === 'enum')
    return parsed.problem(
      e.instancePath,
      `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
    );
  return parsed.problem(e.instancePath, e.message ?? e.keyword);
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Parses and schema-checks every file of the folder. Returns the parsed files (absent optional files
 * are missing from the map) and the problems found; a file with syntax or schema problems is not returned.
 */
export function readBaseFiles(dir: string): { files: Map<KbFileName, ParsedFile>; problems: KbProblem[] } {
  const files = new Map<KbFileName, ParsedFile>();
  const problems: KbProblem[] = [];
  for (const file of KB_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      if (REQUIRED_FILES.includes(file))
        problems.push({
          file,
          line: 0,
          column: 0,
          field: '',
          message: `missing: a base needs ${REQUIRED_FILES.join(' and ')}`,
        });
      continue;
    }
    const bytes = statSync(path).size;
    if (bytes > MAX_FILE_BYTES) {
      problems.push({
        file,
        line: 0,
        column: 0,
        field: '',
        message: `file is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_FILE_BYTES / 1024 / 1024} MB per file`,
      });
      continue;
    }
    // A byte-order mark (editors on Windows write one) is not JSON: skipped, as the rest of the text is.
    const raw = readFileSync(path, 'utf8');
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const scanned = scanJson(text);
    if (scanned) {
      problems.push({ file, ...lineColumn(text, scanned.offset), field: '', message: scanned.message });
      continue;
    }
    let parsed: ParsedFile;
    try {
      const { data, pointers } = jsonMap.parse(text) as { data: unknown; pointers: Pointers };
      parsed = new ParsedFile(file, data, pointers);
    } catch (error) {
      const message = (error as Error).message;
      const offset = /position (\d+)/.exec(message);
      const pos = offset ? positionOf(text, Number(offset[1])) : { line: 1, column: 1 };
      problems.push({ file, ...pos, field: '', message: `not valid JSON: ${message}` });
      continue;
    }
    const validate = validatorFor(file);
    if (!validate(parsed.data)) {
      problems.push(...(validate.errors ?? []).map((e) => schemaProblem(parsed, e)));
      continue;
    }
    files.set(file, parsed);
  }
  return { files, problems };
}
