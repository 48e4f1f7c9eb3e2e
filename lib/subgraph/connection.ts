// Relay-style connections: totalCount counts only what the caller may see, because the repositories
// filter by visibility inside the query that counts; it is a function, run only when a request selects
// totalCount. Asset lists page by keyset (the cursor is the last row's order key and id), lists built
// in memory by offset.
import type { ObjectRef } from '@pothos/core';
import type { Builder, PageInfoShape } from './builder.js';
import {
  decodeKeysetCursor,
  decodeOffsetCursor,
  encodeKeysetCursor,
  encodeOffsetCursor,
  type Keyset,
} from './cursor.js';
import { badInput } from './errors.js';

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  /** A number, or a count run only when the request selects totalCount (for lists too long to count per page). */
  totalCount: number | (() => Promise<number>);
  pageInfo: PageInfoShape;
}

export const MAX_PAGE = 100;

/** Validates `first` (1..MAX_PAGE, default 20). */
export function pageSize(first: number | null | undefined): number {
  const limit = first ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw badInput(`first must be between 1 and ${MAX_PAGE}, got ${limit}`, 'first');
  return limit;
}

/** Validates `first`/`after` and returns the offset window to fetch. */
export function pageWindow(args: { first?: number | null; after?: string | null }): { offset: number; limit: number } {
  const limit = pageSize(args.first);
  const offset = args.after ? decodeOffsetCursor(args.after) + 1 : 0;
  return { offset, limit };
}

/** Validates `first`/`after` for a keyset page: how many rows, and the keyset to start after. */
export function keysetWindow(args: { first?: number | null; after?: string | null }): {
  first: number;
  after: Keyset | null;
} {
  return { first: pageSize(args.first), after: args.after ? decodeKeysetCursor(args.after) : null };
}

/** A keyset page as the repositories return it: rows in order, each row's keyset, whether more follow. */
export interface KeysetPage<T> {
  items: T[];
  keys: Keyset[];
  hasMore: boolean;
  /** Exact count of every visible match; runs its own query, so only when asked for. */
  count: () => Promise<number>;
}

export function keysetConnection<T>(page: KeysetPage<T>): ConnectionShape<T> {
  const edges = page.items.map((node, i) => ({ cursor: encodeKeysetCursor(page.keys[i]!), node }));
  return {
    edges,
    totalCount: page.count,
    pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export function toConnection<T>(items: T[], total: number, offset: number): ConnectionShape<T> {
  const edges = items.map((node, i) => ({ cursor: encodeOffsetCursor(offset + i), node }));
  return {
    edges,
    totalCount: total,
    pageInfo: { hasNextPage: offset + items.length < total, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos refs are invariant in their schema-types parameter
export function defineConnection<T>(builder: Builder, name: string, node: ObjectRef<any, T>) {
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    // The generic node type defeats Pothos's inference; the shape is guaranteed by ConnectionShape<T>.
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: node, resolve: (e) => e.node as never }),
    }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: builder.PageInfo, resolve: (c) => c.pageInfo }),
      totalCount: t.int({
        description: 'How many match, counting only what you may see.',
        resolve: (c) => (typeof c.totalCount === 'function' ? c.totalCount() : c.totalCount),
      }),
    }),
  });
}
