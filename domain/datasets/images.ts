// Image collections (ZIP or tar of images, optional labels file): see ingest.ts for the contract.
import { DataFormatError } from './profile.js';
import type { ArchiveFormat } from './formats.js';

export interface ArchiveInspection {
  rowCount: number;
  schema: unknown;
  profile: unknown;
}

export async function inspectArchive(_path: string, format: ArchiveFormat): Promise<ArchiveInspection> {
  throw new DataFormatError(`${format}: image collections are not accepted yet`);
}
