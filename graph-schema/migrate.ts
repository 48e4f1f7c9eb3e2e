// Applies pending migrations. Schema statements cannot share a transaction with writes in Neo4j, so
// each statement runs in its own transaction; they are all idempotent (IF NOT EXISTS, MERGE), which
// makes a migration that died half-way safe to run again. The ledger entry is written last.
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import { loadMigrations, type Migration } from './migrations.js';

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

interface LedgerEntry {
  version: number;
  checksum: string;
}

async function readLedger(driver: Driver): Promise<LedgerEntry[]> {
  const { records } = await driver.executeQuery(
    'MATCH (m:Migration) RETURN m.version AS version, m.checksum AS checksum ORDER BY version',
    {},
    { database: config.neo4j.database },
  );
  return records.map((r) => ({ version: r.get('version') as number, checksum: r.get('checksum') as string }));
}

export async function migrate(
  driver: Driver,
  options: { migrations?: Migration[]; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? loadMigrations();
  const log = options.log ?? (() => undefined);
  const ledger = new Map((await readLedger(driver)).map((e) => [e.version, e.checksum]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const recorded = ledger.get(migration.version);
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
    if (recorded !== undefined) {
      if (recorded !== migration.checksum) {
        throw new Error(`migration ${label} was changed after it was applied; add a new migration instead`);
      }
      continue;
    }
    log(`applying ${label} (${migration.statements.length} statements)`);
    await runStatements(driver, migration.statements);
    await driver.executeQuery(
      'MERGE (m:Migration {version: $version}) ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()',
      { version: migration.version, name: migration.name, checksum: migration.checksum },
      { database: config.neo4j.database },
    );
    applied.push(label);
  }
  return { applied, alreadyApplied: migrations.length - applied.length };
}

/** Re-runs every migration's statements (all idempotent) to restore a dropped index or constraint. */
export async function repair(driver: Driver, migrations = loadMigrations()): Promise<void> {
  for (const migration of migrations) await runStatements(driver, migration.statements);
}

// A backfill over a large graph batches itself with `CALL { ... } IN TRANSACTIONS`, which Neo4j runs only
// in an auto-commit transaction (it commits each batch itself); every other statement gets a managed one.
const BATCHED = /\bIN\s+TRANSACTIONS\b/i;

async function runStatements(driver: Driver, statements: string[]): Promise<void> {
  const session = driver.session({ database: config.neo4j.database });
  try {
    for (const statement of statements) {
      if (BATCHED.test(statement)) await session.run(statement);
      else await session.executeWrite((tx) => tx.run(statement));
    }
  } finally {
    await session.close();
  }
}
