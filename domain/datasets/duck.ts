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
    memory_limit: options.memoryLimit ?? '128MB',
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

/**
 * A DuckDB error as one line a person can act on: for a CSV error, the line number and the reason
 * ("CSV error on line 3: Value with unterminated quote found."), without DuckDB's list of reader options,
 * its "Possible fixes" or the server-side path of the file.
 */
export function duckMessage(error: unknown): string {
  const message = ((error as Error).message ?? String(error)).split('\n\nLINE')[0]!;
  const csv = /CSV Error on Line: (\d+)/.exec(message);
  if (csv) {
    // DuckDB prints the offending line (which may run on for pages after an unterminated quote), then
    // the reason on a line of its own, then options and fixes: keep the reason.
    const lines = message.split('\n').map((l) => l.trim());
    const reason = (
      lines.find((l) =>
        /^(Value with|Expected Number|Invalid unicode|Maximum line size|Error when converting|Could not convert|Line size|The CSV)/.test(
          l,
        ),
      ) ?? ''
    ).slice(0, 300);
    return `CSV error on line ${csv[1]}${reason ? `: ${reason}` : ''}`;
  }
  return message
    .split('\n')[0]!
    .replace(/"\/[^"]*"/g, 'the file')
    .trim();
}
