// Taking in a dataset version's bytes: Plinth works out the format (from what was declared and the
// file's own magic bytes), reads it with DuckDB (schema, exact row count, every value of its type),
// stores it under its digest and only then registers the version. A file that fails any step leaves no
// version, no node and no bytes: the temp file is removed, and a blob this call stored is removed again.
import { unlink } from 'node:fs/promises';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { blobStore } from '../../lib/storage/index.js';
import { withDuck } from './duck.js';
import { FORMAT_HELP, isTabular, sniffFormat, type DatasetFormat } from './formats.js';
import { inspectArchive } from './images.js';
import { checkTable } from './inspect.js';
import { enqueueProfile } from './profile-job.js';
import { DataFormatError } from './profile.js';
import {
  registerDatasetVersion,
  removeUnreferencedBlob,
  type DatasetVersionRecord,
  type NewDatasetVersion,
  type VersionOrigin,
} from './versions.js';

export interface IngestRequest {
  datasetId: string;
  /** A local file with the bytes; consumed (stored or removed) whatever happens. */
  file: string;
  /** sha256 and length, computed by Plinth as the bytes arrived (never taken from a client). */
  digest: string;
  size: number;
  /** The format the request named, or null to go by the bytes alone. */
  declared: DatasetFormat | null;
  origin: VersionOrigin;
  derivedFrom?: string[];
  recipeId?: string | null;
  sql?: string | null;
  workflowId?: string | null;
  runId?: string | null;
  /** Where an S3 import pulled the bytes from. */
  sourceUri?: string | null;
  /** Written in the registering transaction (see NewDatasetVersion.alongside). */
  alongside?: NewDatasetVersion['alongside'];
}

/** The format of a received file: what its bytes say, checked against what the request declared. */
export async function resolveFormat(
  path: string,
  size: number,
  declared: DatasetFormat | null,
): Promise<DatasetFormat> {
  if (size === 0) throw new DataFormatError('the body is empty: a dataset version needs at least a header or one item');
  const sniffed = await sniffFormat(path);
  if (declared === null) {
    if (sniffed) return sniffed;
    throw new DataFormatError(`cannot tell CSV, TSV and JSON Lines apart from the bytes alone: ${FORMAT_HELP}`);
  }
  if (sniffed && sniffed !== declared)
    throw new DataFormatError(`the body is ${describe(sniffed)} but the request says ${describe(declared)}`);
  if (!sniffed && !['CSV', 'TSV', 'JSONL'].includes(declared))
    throw new DataFormatError(`the body is not ${describe(declared)} (its first bytes are not ${magicOf(declared)})`);
  return declared;
}

const describe = (format: DatasetFormat): string =>
  ({
    CSV: 'CSV',
    TSV: 'TSV',
    JSONL: 'JSON Lines',
    PARQUET: 'a Parquet file',
    IMAGES_ZIP: 'a ZIP archive',
    IMAGES_TAR: 'a tar archive',
  })[format];
const magicOf = (format: DatasetFormat): string =>
  format === 'PARQUET' ? '"PAR1"' : format === 'IMAGES_ZIP' ? 'a ZIP header' : 'a tar header';

export interface Inspection {
  format: DatasetFormat;
  rowCount: number;
  schema: unknown;
  /** Present when computed already (image collections); tabular profiles follow in the background. */
  profile?: unknown;
}

/** Reads a file as `declared` (or what its bytes say); throws DataFormatError naming the problem. */
export async function inspectFile(path: string, size: number, declared: DatasetFormat | null): Promise<Inspection> {
  const format = await resolveFormat(path, size, declared);
  if (isTabular(format)) {
    const check = await withDuck((db) => checkTable(db, path, format));
    return { format, rowCount: check.rowCount, schema: check.schema };
  }
  const archive = await inspectArchive(path, format);
  return { format, rowCount: archive.rowCount, schema: archive.schema, profile: archive.profile };
}

export async function ingestDatasetFile(
  driver: Driver,
  actor: Identity,
  request: IngestRequest,
): Promise<DatasetVersionRecord> {
  const store = blobStore();
  let inspection: Inspection;
  try {
    inspection = await inspectFile(request.file, request.size, request.declared);
  } catch (error) {
    await unlink(request.file).catch(() => undefined);
    // The server-side path of the temp file is no business of the person uploading.
    if (error instanceof DataFormatError)
      throw new DataFormatError(error.message.replaceAll(request.file, 'the upload'));
    throw error;
  }
  const { created } = await store.put(request.file, request.digest, request.size);
  try {
    const version = await registerDatasetVersion(driver, actor, {
      datasetId: request.datasetId,
      contentHash: request.digest,
      schema: inspection.schema,
      rowCount: inspection.rowCount,
      storageUri: store.uri(request.digest),
      format: inspection.format,
      derivedFrom: request.derivedFrom ?? [],
      origin: request.origin,
      size: request.size,
      ...(inspection.profile !== undefined ? { profile: inspection.profile } : {}),
      recipeId: request.recipeId ?? null,
      sql: request.sql ?? null,
      workflowId: request.workflowId ?? null,
      runId: request.runId ?? null,
      sourceUri: request.sourceUri ?? null,
      ...(request.alongside ? { alongside: request.alongside } : {}),
    });
    if (version.profileStatus === 'PENDING') enqueueProfile(driver, version.id);
    return version;
  } catch (error) {
    // Bytes this call stored and that nothing names are removed again: no version, no node, no bytes.
    if (created) await removeUnreferencedBlob(driver, request.digest);
    throw error;
  }
}
