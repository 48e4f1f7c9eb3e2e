// One Neo4j driver per process; every query goes through a session from here.
import neo4j, { type Driver } from 'neo4j-driver';
import { config } from '../config.js';

let shared: Driver | undefined;

export function createDriver(): Driver {
  return neo4j.driver(config.neo4j.uri, neo4j.auth.basic(config.neo4j.user, config.neo4j.password), {
    // Integers come back as JS numbers where safe; ids are strings anyway.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 10_000,
  });
}

export function getDriver(): Driver {
  shared ??= createDriver();
  return shared;
}

export async function closeDriver(): Promise<void> {
  const driver = shared;
  shared = undefined;
  await driver?.close();
}
