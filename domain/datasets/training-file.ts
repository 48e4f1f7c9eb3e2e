// The CSV file behind a dataset version, as training and AutoML read it: one place that reads the
// version's storageUri and decides whether the file may be trained on, instead of a copy per activity.
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { resolveDataFile } from '../../lib/data-files.js';
import { Label } from '../../lib/graph/ontology.js';

/** A dataset version that cannot be trained on: retrying will not help. Other errors (the graph down) may. */
export class TrainingFileError extends Error {
  override readonly name = 'TrainingFileError';
}

/**
 * The real path of the CSV file a dataset version names: a file:// storageUri resolving inside a data
 * root (lib/data-files.ts) to a file ending in .csv. Throws TrainingFileError naming the version and the problem.
 */
export async function trainingCsvPath(driver: Driver, datasetVersionId: string): Promise<string> {
  const { records } = await driver.executeQuery(
    `MATCH (dv:${Label.DatasetVersion} {id: $id}) RETURN dv.storageUri AS uri`,
    { id: datasetVersionId },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const uri = records[0]?.get('uri') as string | undefined;
  if (!uri) throw new TrainingFileError(`no dataset version with id "${datasetVersionId}" or it has no storageUri`);
  if (!/^file:/i.test(uri))
    throw new TrainingFileError(
      `dataset version ${datasetVersionId} is not a file:// CSV (${uri}); only files under the data roots can be trained on`,
    );
  let path: string;
  try {
    path = await resolveDataFile(uri);
  } catch (error) {
    throw new TrainingFileError(`dataset version ${datasetVersionId}: ${(error as Error).message}`);
  }
  // The extension of the file itself, not of the raw URI (where `#.csv` or `?.csv` could supply it).
  if (!path.toLowerCase().endsWith('.csv'))
    throw new TrainingFileError(`dataset version ${datasetVersionId} is not a file:// CSV (${uri})`);
  return path;
}
