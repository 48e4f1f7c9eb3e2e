// DuckDB, in process, for reading what Plinth stores: one in-memory database per job, its threads and
// memory capped so a big file cannot starve the hub. DuckDB runs queries on its own threads, not on
// Node's event loop, so a profile of a gigabyte does not hold up GraphQL requests in the same process.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface DuckOptions {
  threads?: number;
  memoryLimit?: string;
}

/** Runs `fn` with a fresh in-memory DuckDB; closes it afterwards. */
export async function withDuck<T>(fn: (db: DuckDBConnection) => Promise<T>, options: DuckOptions = {}): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
    memory_limit: options.memoryLimit ?? '256MB',
    // No extension is ever downloaded: nothing outside the registries is reachable, and a job must not
    // fetch code.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;
/** A SQL identifier (a column name read from a user's file). */
export const sqlIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The first line of a DuckDB error, without its "LINE 1: …" caret display. */
export function duckMessage(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return message.split('\n\nLINE')[0]!.split('\n')[0]!.trim();
}
