// What a dataset version holds, in GraphQL: its profile (computed by Plinth after the upload) and a
// paged preview of its rows. Both sit on DatasetVersion, which a viewer reaches only where the version is
// visible; each resolver asks again with the viewer's visibility in its own query, so no other path to
// the type (an entity reference from another subgraph) can show a profile or a row it should not.
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../../lib/subgraph/cursor.js';
import { IntegrityError } from '../../../domain/datasets/integrity.js';
import { MAX_ROWS_PAGE, versionRows } from '../../../domain/datasets/rows.js';
import { DatasetVersionRef } from './dataset-version.js';

interface RowsPageShape {
  columns: string[];
  rows: unknown[][];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

const DatasetRowsPage = builder.objectRef<RowsPageShape>('DatasetRowsPage').implement({
  description: "A page of a dataset version's rows, read from its verified bytes.",
  fields: (t) => ({
    columns: t.exposeStringList('columns', { description: 'Column names, in order.' }),
    rows: t.field({
      type: ['JSON'],
      description:
        'One JSON array per row, values in column order: numbers where exact in JSON, text otherwise (large integers, decimals, dates), null for a missing value.',
      resolve: (page) => page.rows,
    }),
    totalCount: t.exposeInt('totalCount', { description: 'Rows in the version (its recorded row count).' }),
    endCursor: t.exposeString('endCursor', { nullable: true, description: "The last row's cursor; pass as `after`." }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

/** What a read of bytes that are not the registered ones looks like to a client: the version and both digests. */
const integrityError = (error: IntegrityError): GraphQLError =>
  new GraphQLError(error.message, {
    extensions: { code: 'DATA_INTEGRITY', versionId: error.versionId, integrity: error.integrity },
  });

builder.objectFields(DatasetVersionRef, (t) => ({
  profile: t.field({
    type: 'JSON',
    nullable: true,
    description:
      'The profile Plinth computed from the bytes: for a table, per column type, nulls, distinct estimate, min/max/mean/std, quantiles, histogram and top values; for an image collection, count, formats, sizes and labels. Null while profileStatus is PENDING, when it FAILED (see profileError) and for an external version.',
    resolve: async (v, _args, ctx) => {
      const stored = await load.datasetVersionProfile(ctx, v.id);
      return stored === null ? null : (JSON.parse(stored) as unknown);
    },
  }),
  rows: t.field({
    type: DatasetRowsPage,
    nullable: true,
    description: `A page of the rows, in the file's order (an image collection: one row per image, by file name), read from the bytes Plinth holds after checking their digest. first: 1 to ${MAX_ROWS_PAGE}. An external version, or bytes that changed or vanished, give an error naming the version and both digests.`,
    args: {
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string(),
    },
    resolve: async (v, args, ctx) => {
      const limit = args.first ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS_PAGE)
        throw badInput(`first must be between 1 and ${MAX_ROWS_PAGE}, got ${limit}`, 'first');
      const offset = args.after ? decodeOffsetCursor(args.after) + 1 : 0;
      if (!(await load.datasetVersion(ctx, v.id))) return null;
      try {
        const page = await versionRows(ctx.driver, v.id, ctx.identity.username, { offset, limit });
        return {
          columns: page.columns,
          rows: page.rows,
          totalCount: v.rowCount,
          endCursor: page.rows.length > 0 ? encodeOffsetCursor(offset + page.rows.length - 1) : null,
          hasNextPage: page.hasNextPage,
        };
      } catch (error) {
        if (error instanceof IntegrityError) throw integrityError(error);
        throw error;
      }
    },
  }),
}));
