// Start-up check: every constraint and index the ontology declares must exist and be ONLINE.
// Services refuse to start otherwise, with the list of what is missing.
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import {
  constraintName,
  fulltextIndexes,
  orgNameConstraint,
  orgUniqueNameLabels,
  rangeIndexes,
  uniqueIdLabels,
  versionConstraints,
  Label,
} from '../lib/graph/ontology.js';

export class SchemaIncompleteError extends Error {
  override name = 'SchemaIncompleteError';
  constructor(readonly missing: string[]) {
    super(`graph schema incomplete; missing: ${missing.join(', ')}. Run \`npm run migrate\`.`);
  }
}

export function expectedSchema(): { constraints: string[]; indexes: string[] } {
  return {
    constraints: [
      ...[...uniqueIdLabels, Label.Migration].map(constraintName),
      ...orgUniqueNameLabels.map(orgNameConstraint),
      ...versionConstraints.map((c) => c.name),
    ],
    indexes: [...fulltextIndexes.map((i) => i.name), ...rangeIndexes.map((i) => i.name)],
  };
}

export async function findMissingSchema(driver: Driver): Promise<string[]> {
  const db = { database: config.neo4j.database };
  const constraints = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name', {}, db);
  const indexes = await driver.executeQuery('SHOW INDEXES YIELD name, state RETURN name, state', {}, db);
  const haveConstraints = new Set(constraints.records.map((r) => r.get('name') as string));
  const onlineIndexes = new Set(
    indexes.records.filter((r) => r.get('state') === 'ONLINE').map((r) => r.get('name') as string),
  );
  const expected = expectedSchema();
  return [
    ...expected.constraints.filter((n) => !haveConstraints.has(n)).map((n) => `constraint ${n}`),
    ...expected.indexes.filter((n) => !onlineIndexes.has(n)).map((n) => `index ${n}`),
  ];
}

export async function assertSchema(driver: Driver): Promise<void> {
  const missing = await findMissingSchema(driver);
  if (missing.length > 0) throw new SchemaIncompleteError(missing);
}
