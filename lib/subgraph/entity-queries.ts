// The by-id / paged list / entity-reference trio every top-level type of a subgraph declares, written
// once: the federation key and reference resolver, `<name>(id: ID!): <Type>` and
// `<names>(first, after, ...): <Type>Connection`, in the order the type files declared them by hand so
// that the printed SDL stays the same. Visibility lives in the stores the callbacks call: a reference,
// a by-id read and a list answer only what the caller may see.
import type { ArgBuilder, InputFieldMap, InputShapeFromFields, ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Builder } from './builder.js';
import { defineConnection, keysetConnection, keysetWindow, type KeysetPage } from './connection.js';
import type { Keyset } from './cursor.js';
import type { SubgraphContext } from './context.js';

type Types = Builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The validated page window a list hands its store. */
export interface PageRequest {
  first: number;
  after: Keyset | null;
}

export interface EntityQueriesSpec<T, ListArgs extends InputFieldMap> {
  /** Resolves a federation reference `{ id }`; the subgraph's per-request loader, so N references cost one query. */
  reference: (id: string, ctx: SubgraphContext) => Promise<T | null>;
  /** `<field>(id: ID!): <Type>`: null when it does not exist or the caller may not see it. */
  byId: { field: string; description?: string; resolve: (id: string, ctx: SubgraphContext) => Promise<T | null> };
  /** `<field>(first: Int = 20, after: String, ...args): <Type>Connection`, paged by keyset. */
  list?: {
    field: string;
    description?: string;
    /** Arguments after first and after, in SDL order. */
    args?: (t: ArgBuilder<Types>) => ListArgs;
    /** `info` says what the caller selected below the list (lib/subgraph/selection.ts), for reading it with the page. */
    page: (
      args: InputShapeFromFields<ListArgs>,
      window: PageRequest,
      ctx: SubgraphContext,
      info: GraphQLResolveInfo,
    ) => Promise<KeysetPage<T>>;
  };
}

/** Declares the entity key, the by-id query and (with `list`) the connection and its list query of `ref`. */
export function entityQueries<T extends { id: string }, ListArgs extends InputFieldMap = Record<string, never>>(
  builder: Builder,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pothos refs are invariant in their schema-types parameter
  ref: ObjectRef<any, T>,
  spec: EntityQueriesSpec<T, ListArgs>,
) {
  builder.asEntity(ref, {
    key: builder.selection<{ id: string }>('id'),
    resolveReference: ({ id }, ctx) => spec.reference(id, ctx),
  });
  const list = spec.list;
  const Connection = list ? defineConnection(builder, ref.name, ref) : null;

  builder.queryFields((t) => ({
    [spec.byId.field]: t.field({
      type: ref,
      nullable: true,
      ...(spec.byId.description ? { description: spec.byId.description } : {}),
      authScopes: { authenticated: true },
      args: { id: t.arg.id({ required: true }) },
      // The generic T defeats Pothos's conditional result type; the ref guarantees the shape.
      resolve: (_root, { id }, ctx) => spec.byId.resolve(id, ctx) as never,
    }),
    ...(list && Connection
      ? {
          [list.field]: t.field({
            type: Connection,
            ...(list.description ? { description: list.description } : {}),
            authScopes: { authenticated: true },
            args: {
              first: t.arg.int({ defaultValue: 20 }),
              after: t.arg.string(),
              ...(list.args?.(t.arg) ?? {}),
            },
            resolve: async (_root, args, ctx, info) =>
              // The spread arguments defeat Pothos's inference; their shape is ListArgs' by construction.
              keysetConnection(
                await list.page(args as unknown as InputShapeFromFields<ListArgs>, keysetWindow(args), ctx, info),
              ),
          }),
        }
      : {}),
  }));
  return { Connection };
}
