// Checks on compute inputs beyond what GraphQL types enforce; failures are BAD_USER_INPUT naming the field.
import { badInput } from '../../lib/subgraph/errors.js';
import { checkNoControl } from '../../lib/subgraph/validate.js';

const EP_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** ONNX Runtime execution provider names: lower-cased, deduplicated, each a short identifier. */
export function checkExecutionProviders(value: string[] | null | undefined, field = 'executionProviders'): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const eps = [...new Set(value.map((ep) => ep.trim().toLowerCase()))];
  if (eps.length > 32) throw badInput(`at most 32 ${field}`, field);
  const bad = eps.find((ep) => !EP_NAME.test(ep));
  if (bad !== undefined) throw badInput(`${field}: "${bad}" is not an execution provider name (e.g. cpu, cuda, tensorrt, cann, openvino)`, field);
  return eps;
}

/** A required short free-text value (hostname, vendor, model, site). */
export function checkLabel(value: string, field: string, max = 200): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max) throw badInput(`${field} must be 1 to ${max} characters`, field);
  return checkNoControl(text, field);
}
