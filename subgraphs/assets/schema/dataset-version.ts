import { builder } from '../builder.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { load } from '../repository/loaders.js';
import { DatasetVersionStore, type DatasetVersionRecord } from '../repository/dataset-version-store.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { storageUriProblem } from '../../../lib/data-files.js';
import { controlCharacterProblem } from '../../../lib/subgraph/validate.js';
import { OrgRef } from './org.js';
import { OrgStore } from '../repository/org-store.js';
// dataset.ts imports this file too (Dataset.versions); both refs are only read inside `fields` thunks,
// which run when the schema is built, after both modules have loaded.
import { DatasetRef } from './dataset.js';

export const DatasetVersionRef = builder.objectRef<DatasetVersionRecord>('DatasetVersion');

const Integrity = builder.enumType('DatasetIntegrity', {
  values: ['VERIFIED', 'TAMPERED', 'MISSING', 'UNVERIFIED'] as const,
});
const VersionOrigin = builder.enumType('DatasetVersionOrigin', {
  values: ['UPLOAD', 'S3_IMPORT', 'RECIPE', 'LABELS', 'EXTERNAL'] as const,
});
const ProfileStatus = builder.enumType('DatasetProfileStatus', { values: ['PENDING', 'READY', 'FAILED'] as const });

DatasetVersionRef.implement({
  description: 'An immutable snapshot of a dataset: content hash, schema, size and where it is stored.',
  fields: (t) => ({
    id: t.exposeID('id'),
    datasetId: t.exposeID('datasetId'),
    version: t.exposeInt('version', { description: '1, 2, … within its dataset.' }),
    contentHash: t.exposeString('contentHash', { description: 'sha256 of the content, 64 lower-case hex digits.' }),
    schema: t.field({ type: 'JSON', resolve: (v) => JSON.parse(v.schema) as unknown }),
    rowCount: t.exposeInt('rowCount'),
    storageUri: t.exposeString('storageUri'),
    format: t.exposeString('format'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    size: t.field({
      type: 'Float',
      nullable: true,
      description: 'Bytes Plinth holds; null for an external version.',
      resolve: (v) => (v.size === null ? null : Number(v.size)),
    }),
    integrity: t.field({
      type: Integrity,
      description:
        'VERIFIED: Plinth holds the bytes and the last read matched contentHash. TAMPERED or MISSING: the last read found other bytes or none (an audit event records it). UNVERIFIED: registered by pointer; training refuses it.',
      resolve: (v) => v.integrity,
    }),
    origin: t.field({
      type: VersionOrigin,
      description: 'How the bytes came in: UPLOAD, S3_IMPORT, RECIPE, LABELS, or EXTERNAL (a pointer only).',
      resolve: (v) => v.origin,
    }),
    profileStatus: t.field({
      type: ProfileStatus,
      nullable: true,
      description: 'PENDING while Plinth profiles the bytes after the upload; null for an external version.',
      resolve: (v) => v.profileStatus,
    }),
    profileError: t.exposeString('profileError', {
      nullable: true,
      description: 'Why the profile failed, when it did.',
    }),
    sql: t.exposeString('sql', { nullable: true, description: 'The SQL a recipe ran to derive this version.' }),
    sourceUri: t.exposeString('sourceUri', {
      nullable: true,
      description: 'Where an S3 import (importDatasetVersion) pulled the bytes from, s3://bucket/key; null otherwise.',
    }),
    owner: t.field({
      type: OrgRef,
      nullable: true,
      resolve: async (v, _args, ctx) => (await new OrgStore(ctx.driver).byIds([v.ownerOrgId]))[0] ?? null,
    }),
    dataset: t.field({
      type: DatasetRef,
      nullable: true,
      resolve: (v, _args, ctx) => load.dataset(ctx, v.datasetId),
    }),
    derivedFrom: t.field({
      type: [DatasetVersionRef],
      description: 'The versions this one was derived from that you may see.',
      resolve: (v, _args, ctx) => new DatasetVersionStore(ctx.driver).byIds(ctx.identity, v.derivedFromIds),
    }),
  }),
});

entityQueries(builder, DatasetVersionRef, {
  reference: (id, ctx) => load.datasetVersion(ctx, id),
  byId: { field: 'datasetVersion', resolve: (id, ctx) => new DatasetVersionStore(ctx.driver).byId(ctx.identity, id) },
});

const RegisterDatasetVersionInput = builder.inputType('RegisterDatasetVersionInput', {
  fields: (t) => ({
    datasetId: t.id({ required: true }),
    contentHash: t.string({ required: true, description: 'sha256 of the content, 64 hex digits.' }),
    schema: t.field({ type: 'JSON', required: true, description: 'Column or field schema, any JSON.' }),
    rowCount: t.int({ required: true }),
    storageUri: t.string({
      required: true,
      description: 'Where the bytes live outside Plinth, e.g. s3://bucket/path or hdfs://…; not file://',
    }),
    format: t.string({ required: true, description: 'e.g. PARQUET, CSV, JPEG, COCO' }),
    derivedFrom: t.idList({ description: 'Versions (of any dataset you may see) this one was derived from.' }),
  }),
});

const URI = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/**
 * The first column name (`name` of an entry in a `columns` or `fields` list, nested lists included) with a
 * control or invisible character, as a problem naming `schema` and the entry's JSON path, or null. Column
 * names are names: the portal shows them and training reads them as identifiers.
 */
function columnNameProblem(value: unknown, path = 'schema', depth = 0): string | null {
  if (!value || typeof value !== 'object' || depth > 16) return null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = columnNameProblem(item, `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'name' && typeof item === 'string' && /(^schema|\.(columns|fields))\[\d+\]$/.test(path)) {
      const problem = controlCharacterProblem(item, `${path}.name`);
      if (problem) return `schema: ${problem}`;
    }
    const problem = columnNameProblem(item, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return null;
}

builder.mutationField('registerDatasetVersion', (t) =>
  t.field({
    type: DatasetVersionRef,
    description:
      'Registers an external version by pointer: Plinth does not hold its bytes, so it stays UNVERIFIED and training refuses it. To add a version Plinth holds, upload the bytes: POST /api/datasets/<id>/versions. Data scientists and platform admins only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: RegisterDatasetVersionInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      if (!/^[0-9a-fA-F]{64}$/.test(input.contentHash))
        throw badInput('contentHash must be 64 hex digits (sha256)', 'contentHash');
      if (!Number.isInteger(input.rowCount) || input.rowCount < 0)
        throw badInput('rowCount must be a non-negative integer', 'rowCount');
      if (input.storageUri.length > 2000) throw badInput('storageUri must be at most 2000 characters', 'storageUri');
      // Before the shape check, so that a control character is named as such.
      const uriProblem = storageUriProblem(input.storageUri);
      if (uriProblem) throw badInput(uriProblem, 'storageUri');
      if (!URI.test(input.storageUri))
        throw badInput('storageUri must be an absolute URI such as s3://bucket/key', 'storageUri');
      const format = input.format.trim();
      if (!/^[A-Za-z0-9][A-Za-z0-9._+-]{0,31}$/.test(format))
        throw badInput('format must be 1 to 32 letters, digits or ._+-', 'format');
      if (input.schema === null || input.schema === undefined) throw badInput('schema is required', 'schema');
      if (JSON.stringify(input.schema).length > 65_536)
        throw badInput('schema must be at most 64 KiB of JSON', 'schema');
      const columnProblem = columnNameProblem(input.schema);
      if (columnProblem) throw badInput(columnProblem, 'schema');
      return new DatasetVersionStore(ctx.driver).register(ctx.identity, {
        datasetId: input.datasetId,
        contentHash: input.contentHash.toLowerCase(),
        schema: input.schema,
        rowCount: input.rowCount,
        storageUri: input.storageUri,
        format: format.toUpperCase(),
        derivedFrom: input.derivedFrom ?? [],
      });
    },
  }),
);
