// Facets are kept as JSON strings on the node they describe, merged across the events of a run and
// limited in size: a graph property is no place for a megabyte of column lineage.
import type { Facet, Facets } from './types.js';

/** Largest single facet kept whole (serialised, in UTF-16 code units ~ bytes for ASCII). */
export const FACET_LIMIT = 16 * 1024;
/** Largest facet bag kept on one node. */
export const FACETS_LIMIT = 64 * 1024;

type Stored = Record<string, unknown>;

export function parseFacets(text: unknown): Stored {
  if (typeof text !== 'string' || text === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Stored) : {};
  } catch {
    return {};
  }
}

/** A facet too large to keep: its identity and size remain, the body does not. */
const truncated = (facet: Facet, size: number): Stored => ({
  _producer: facet._producer,
  _schemaURL: facet._schemaURL,
  _truncated: true,
  _size: size,
});

/**
 * Merges `incoming` into the stored facets. A newer event's facet replaces the stored one of the same
 * name; an older event (out of order) only adds names not stored yet. `_deleted: true` removes a facet
 * (spec: job and dataset facets). Returns the JSON to store, or null when nothing is left.
 */
export function mergeFacets(stored: unknown, incoming: Facets | undefined, newer: boolean): string | null {
  const merged = parseFacets(stored);
  for (const [name, facet] of Object.entries(incoming ?? {})) {
    if (facet._deleted === true) {
      if (newer) delete merged[name];
      continue;
    }
    if (!newer && name in merged) continue;
    const size = JSON.stringify(facet).length;
    merged[name] = size > FACET_LIMIT ? truncated(facet, size) : facet;
  }
  let text = JSON.stringify(merged);
  // Still too large: drop the largest facets (recording their names) until it fits.
  if (text.length > FACETS_LIMIT) {
    const omitted = Array.isArray(merged._omitted) ? (merged._omitted as string[]) : [];
    const bySize = Object.keys(merged)
      .filter((k) => k !== '_omitted')
      .sort((a, b) => JSON.stringify(merged[b]).length - JSON.stringify(merged[a]).length);
    for (const name of bySize) {
      if (text.length <= FACETS_LIMIT) break;
      delete merged[name];
      omitted.push(name);
      merged._omitted = omitted;
      text = JSON.stringify(merged);
    }
  }
  return Object.keys(merged).length === 0 ? null : text;
}

/** A field of a facet, when the facet is an object carrying it. */
export function facetField(facets: Facets | undefined, facet: string, field: string): unknown {
  const value = facets?.[facet];
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
}
