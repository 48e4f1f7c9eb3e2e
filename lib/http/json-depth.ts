// How deep a GraphQL request's JSON may nest. JSON.parse builds any depth, but what reads the result
// afterwards (variable coercion, Apollo's and the gateway's hashing and copying of variables and
// extensions) recurses, so a variable nested 5,000 levels, even one the operation never uses, blew the
// stack: a 500 "Maximum call stack size exceeded" (issue #13). The depth is checked here, without
// recursion, before anything else touches the parsed body.

/** Levels of arrays and objects a variable's or an extension's value may nest. */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests more than `max` levels of arrays and objects (a scalar is 0, `[]` is 1). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  // Two parallel stacks and for...in: no array or tuple per node (a subgraph checks every gateway fetch's
  // up to 1,000 _entities representations).
  const containers: object[] = [value];
  const depths: number[] = [1];
  while (containers.length > 0) {
    const container = containers.pop()!;
    const depth = depths.pop()!;
    if (depth > max) return true;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const child: unknown = container[i];
        if (child !== null && typeof child === 'object') {
          containers.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key in container) {
      const child = (container as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') {
        containers.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

export interface DepthRefusal {
  /** The place, e.g. `variables.x`, `extensions.persistedQuery`, or `request body`. */
  field: string;
  message: string;
}

const refusal = (field: string): DepthRefusal => ({
  field,
  message: `${field} nests deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`,
});

/** The first variable or extension (or, if neither, the body itself) that nests too deep. */
function deepPlace(body: unknown): DepthRefusal | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return nestsDeeperThan(body, MAX_JSON_DEPTH) ? refusal('request body') : null;
  for (const part of ['variables', 'extensions'] as const) {
    const value = (body as Record<string, unknown>)[part];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) return refusal(part);
      continue;
    }
    for (const [key, inner] of Object.entries(value))
      if (nestsDeeperThan(inner, MAX_JSON_DEPTH)) return refusal(`${part}.${key}`);
  }
  // Anything else in the body (a client's own keys) is never read, but it is parsed and held.
  return nestsDeeperThan(body, MAX_JSON_DEPTH + 2) ? refusal('request body') : null;
}

/**
 * Where a GraphQL request nests too deep: its parsed POST body, or for GET the `variables` and
 * `extensions` query parameters (JSON that Apollo parses itself); null when it does not.
 */
export function tooDeepRequest(body: unknown, search: string): DepthRefusal | null {
  if (body !== undefined && body !== null && typeof body === 'object') {
    const found = deepPlace(body);
    if (found) return found;
  }
  if (!search.includes('variables') && !search.includes('extensions')) return null;
  const params = new URLSearchParams(search);
  const fromQuery: Record<string, unknown> = {};
  for (const part of ['variables', 'extensions']) {
    const text = params.get(part);
    if (!text) continue;
    try {
      fromQuery[part] = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: Apollo says so.
    }
  }
  return deepPlace(fromQuery);
}
