// The table behind a dataset version, as training and AutoML read it: the version's bytes fetched from
// the store by digest and verified on the way (readVersionBytes), never a path a user named. One place
// decides whether a version may be trained on, instead of a copy per activity.
import type { Driver } from 'neo4j-driver';
import { isTabular, type TabularFormat } from './formats.js';
import { IntegrityError, readVersionBytes } from './integrity.js';
import type { ColumnSchema } from './profile.js';

/** A dataset version that cannot be trained on: retrying will not help. Other errors (the graph down) may. */
export class TrainingFileError extends Error {
  override readonly name = 'TrainingFileError';
}

export interface TrainingTable {
  versionId: string;
  /** A local file with the verified bytes: the store's own file, or a cached download from S3. */
  path: string;
  digest: string;
  format: TabularFormat;
  /** The schema recorded at ingest, in the file's column order: every reader sees the same types. */
  columns: ColumnSchema[];
}

/**
 * The verified bytes of a tabular dataset version. `reader` names the workflow that reads, for the audit
 * event a changed or vanished blob writes. Throws TrainingFileError for a version that is external
 * (UNVERIFIED), TAMPERED, MISSING or not a table, with IntegrityError's message (the version and both digests).
 */
export async function trainingTable(driver: Driver, versionId: string, reader: string): Promise<TrainingTable> {
  let bytes;
  try {
    bytes = await readVersionBytes(driver, versionId, reader);
  } catch (error) {
    if (error instanceof IntegrityError) throw new TrainingFileError(error.message, { cause: error });
    throw error;
  }
  const { format } = bytes;
  if (!isTabular(format))
    throw new TrainingFileError(
      `dataset version ${versionId} is ${format}, not a table: training reads CSV, TSV, Parquet or JSON Lines versions`,
    );
  return { ...bytes, format };
}
