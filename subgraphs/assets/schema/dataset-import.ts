// importDatasetVersion: a dataset version whose bytes Plinth pulls from an S3 bucket itself (server-side
// import; domain/datasets/import-s3.ts), checked, stored and registered exactly like an upload.
import { builder } from '../builder.js';
import { importDatasetVersion } from '../../../domain/datasets/import-s3.js';
import { DatasetVersionRef } from './dataset-version.js';

const ImportDatasetVersionInput = builder.inputType('ImportDatasetVersionInput', {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    uri: t.string({
      required: true,
      description:
        "The object to import, s3://bucket/key, read with the hub's S3 endpoint and credentials (PLINTH_IMPORT_S3_ENDPOINT, else the store's).",
    }),
    format: t.string({
      description: "csv, tsv, parquet, jsonl, zip or tar; default: the key's extension, else what the bytes say.",
    }),
  }),
});

builder.mutationField('importDatasetVersion', (t) =>
  t.field({
    type: DatasetVersionRef,
    description:
      'Adds a version whose bytes Plinth reads from S3 itself: streamed and hashed within the dataset size limit (PLINTH_MAX_DATASET_BYTES), checked with DuckDB, stored under its digest (origin S3_IMPORT, integrity VERIFIED). Data scientists and platform admins, for a dataset their org owns.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: ImportDatasetVersionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      importDatasetVersion(ctx.driver, ctx.identity, {
        datasetId: input.datasetId,
        uri: input.uri,
        format: input.format ?? null,
      }),
  }),
);
