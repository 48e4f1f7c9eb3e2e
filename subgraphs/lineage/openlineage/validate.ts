// Validation of incoming (and exported) events against the OpenLineage JSON schema, spec 2-0-2
// (JSON Schema draft 2020-12), vendored in spec/OpenLineage.json. No npm package ships the official
// schema and the PyPI client ships only classes generated from it, so the file is transcribed from the
// published spec (https://openlineage.io/spec/2-0-2/OpenLineage.json); formats (date-time, uri, uuid)
// are checked by ajv-formats.
import { readFileSync } from 'node:fs';
import Ajv2020Import from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import type { RunEvent } from './types.js';
import { SPEC_URL } from './types.js';

// CommonJS default exports, seen through ESM.
const Ajv2020 = Ajv2020Import as unknown as typeof Ajv2020Import.default;
const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

export const openLineageSchema = JSON.parse(
  readFileSync(new URL('./spec/OpenLineage.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(openLineageSchema);
const runEventValidator = ajv.compile<RunEvent>({ $ref: `${SPEC_URL}#/$defs/RunEvent` });

export interface ValidationDetail {
  /** JSON Pointer of the offending value, e.g. "/eventType" or "/inputs/0/name" ("" = the event). */
  path: string;
  message: string;
}

/** One readable line per problem, e.g. `/eventType: must be equal to one of the allowed values (START, ...)`. */
function describe(error: ErrorObject): ValidationDetail {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    path = `${path}/${String(params.missingProperty)}`;
    message = 'is required';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
  } else if (error.keyword === 'format') {
    message = `must be a valid ${String(params.format)}`;
  }
  return { path, message };
}

export type Validation = { ok: true; event: RunEvent } | { ok: false; details: ValidationDetail[] };

/** Checks a parsed body against `#/$defs/RunEvent`; details are deduplicated and name the field. */
export function validateRunEvent(body: unknown): Validation {
  if (runEventValidator(body)) return { ok: true, event: body };
  const seen = new Set<string>();
  const details: ValidationDetail[] = [];
  for (const error of runEventValidator.errors ?? []) {
    // allOf/$ref wrappers repeat a leaf's failure; keep the leaves.
    if (error.keyword === 'allOf' || error.keyword === 'if') continue;
    const detail = describe(error);
    const key = `${detail.path} ${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
  }
  const looksStatic =
    body !== null && typeof body === 'object' && !('run' in body) && ('dataset' in body || 'job' in body);
  if (looksStatic)
    details.push({
      path: '/run',
      message: 'only RunEvents are ingested here; DatasetEvent and JobEvent are not supported',
    });
  return { ok: false, details };
}

/** Validates any value against a definition of the spec (for tests and the exporter's self-check). */
export function validateAgainst(def: 'RunEvent' | 'DatasetEvent' | 'JobEvent', value: unknown): ValidationDetail[] {
  const validator = ajv.getSchema(`${SPEC_URL}#/$defs/${def}`);
  if (!validator) throw new Error(`no definition ${def} in the OpenLineage schema`);
  return validator(value) ? [] : (validator.errors ?? []).map(describe);
}
