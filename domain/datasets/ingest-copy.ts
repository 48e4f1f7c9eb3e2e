// Ingesting bytes that are already on this host (the demo seed, test fixtures): copied into the store's
// temp folder, so the source stays untouched and the store can move the copy into place, hashed there by
// Plinth, then the same ingestDatasetFile an HTTP upload goes through (format check, DuckDB check, store,
// register, profile). No digest, count or schema is taken from the caller.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { blobStore, sha256File } from '../../lib/storage/index.js';
import type { DatasetFormat } from './formats.js';
import { ingestDatasetFile } from './ingest.js';
import type { DatasetVersionRecord, VersionOrigin } from './versions.js';

export interface CopyRequest {
  datasetId: string;
  /** A local file (path) or the bytes themselves. */
  source: { path: string } | { bytes: string | Uint8Array };
  declared: DatasetFormat | null;
  origin?: VersionOrigin;
  derivedFrom?: string[];
}

export async function ingestCopy(driver: Driver, actor: Identity, request: CopyRequest): Promise<DatasetVersionRecord> {
  const dir = blobStore().tempDir();
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${randomUUID()}.upload`);
  if ('path' in request.source) await copyFile(request.source.path, file);
  else await writeFile(file, request.source.bytes);
  const { digest, size } = await sha256File(file);
  // ingestDatasetFile consumes the copy whatever happens.
  return ingestDatasetFile(driver, actor, {
    datasetId: request.datasetId,
    file,
    digest,
    size,
    declared: request.declared,
    origin: request.origin ?? 'UPLOAD',
    derivedFrom: request.derivedFrom ?? [],
  });
}
