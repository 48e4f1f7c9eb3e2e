// Batched reads behind the per-request loaders (lib/subgraph/loaders.ts): one query answers many ids,
// `UNWIND $ids AS id` ahead of the caller's match, so N parents cost one round trip instead of N.
// Visibility stays inside the query, as in the single reads; an id that does not exist or that the
// viewer may not see answers null (or an empty list), exactly as its single read did.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../auth/identity.js';
import type { AssetKind } from './asset-store.js';
import { readRecords } from './driver.js';
import { viewerScope, visibleTo } from './visibility.js';

async function rows(driver: Driver, ids: readonly string[], query: string, params: Record<string, unknown>) {
  // Reads only: an auto-commit transaction, one round trip (lib/graph/driver.ts).
  const records = await readRecords(driver, `UNWIND $ids AS id ${query}`, { ...params, ids: [...ids] });
  return records.map((r) => [r.get('id') as string, r.get('item')] as const);
}

/** `query` follows `UNWIND $ids AS id` and returns `id` and `item`, at most one row per id. */
export async function oneEach<T>(
  driver: Driver,
  ids: readonly string[],
  query: string,
  params: Record<string, unknown> = {},
): Promise<(T | null)[]> {
  if (ids.length === 0) return [];
  const found = new Map<string, T>();
  for (const [id, item] of await rows(driver, ids, query, params)) found.set(id, item as T);
  return ids.map((id) => found.get(id) ?? null);
}

/** `query` follows `UNWIND $ids AS id` and returns `id` and `item`, each id's rows in the order wanted. */
export async function manyEach<T>(
  driver: Driver,
  ids: readonly string[],
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[][]> {
  if (ids.length === 0) return [];
  const found = new Map<string, T[]>();
  for (const [id, item] of await rows(driver, ids, query, params)) {
    const list = found.get(id);
    if (list) list.push(item as T);
    else found.set(id, [item as T]);
  }
  return ids.map((id) => found.get(id) ?? []);
}

/** `items` (each with an id) in the order of `ids`, null where one is missing. */
export function alignById<T extends { id: string }>(ids: readonly string[], items: readonly T[]): (T | null)[] {
  const found = new Map(items.map((item) => [item.id, item]));
  return ids.map((id) => found.get(id) ?? null);
}

/** Visible nodes of `kind` by id, one query for all: the batched `visibleById`. */
export async function visibleByIds<T>(
  driver: Driver,
  viewer: Identity,
  kind: AssetKind,
  ids: readonly string[],
): Promise<(T | null)[]> {
  if (ids.length === 0) return [];
  return oneEach<T>(
    driver,
    ids,
    `MATCH (n:${kind.label} {id: id}) WHERE ${visibleTo('n')} RETURN id, ${kind.projection} AS item`,
    {
      ...kind.params,
      ...(await viewerScope(driver, viewer)),
    },
  );
}

/**
 * Visible nodes related to each id, ordered by name: the batched `visibleRelated`. `pattern` binds `n`
 * and refers to the parent's id as `id` (not `$id`).
 */
export async function visibleRelatedByIds<T>(
  driver: Driver,
  viewer: Identity,
  kind: AssetKind,
  pattern: string,
  ids: readonly string[],
  includeArchived: boolean,
): Promise<T[][]> {
  if (ids.length === 0) return [];
  return manyEach<T>(
    driver,
    ids,
    `MATCH ${pattern} WHERE ${visibleTo('n')} AND ($includeArchived OR NOT coalesce(n.archived, false))
     WITH id, n ORDER BY n.name, n.id
     RETURN id, ${kind.projection} AS item`,
    { ...kind.params, includeArchived, ...(await viewerScope(driver, viewer)) },
  );
}
