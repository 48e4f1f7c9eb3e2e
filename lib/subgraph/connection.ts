// Relay-style connections over offset cursors: totalCount counts only what the caller may see,
// because the repositories filter by visibility inside the query that counts.
import type { ObjectRef } from '@pothos/core';
import type { Builder, PageInfoShape } from './builder.js';
import { decodeOffsetCursor, encodeOffsetCursor } from './cursor.js';
import { badInput } from './errors.js';

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  /** A number, or a count run only when the request selects totalCount (for lists too long to count per page). */
  totalCount: number | (() => Promise<number>);
  pageInfo: PageInfoShape;
}

export const MAX_PAGE = 100;

/** Validates `first`/`after` and returns the offset window to fetch. */
export function pageWindow(args: { first?: number | null; after?: string | null }): { offset: number; limit: number } {
  const limit = args.first ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw badInput(`first must be between 1 and ${MAX_PAGE}, got ${limit}`, 'first');
  const offset = args.after ? decodeOffsetCursor(args.after) + 1 : 0;
  return { offset, limit };
}

export function toConnection<T>(items: T[], total: number, offset: number): ConnectionShape<T> {
  const edges = items.map((node, i) => ({ cursor: encodeOffsetCursor(offset + i), node }));
  return { edges, totalCount: total, pageInfo: { hasNextPage: offset + items.length < total, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos refs are invariant in their schema-types parameter
export function defineConnection<T>(builder: Builder, name: string, node: ObjectRef<any, T>) {
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    // The generic node type defeats Pothos's inference; the shape is guaranteed by ConnectionShape<T>.
    fields: (t) => ({ cursor: t.exposeString('cursor'), node: t.field({ type: node, resolve: (e) => e.node as never }) }),
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
