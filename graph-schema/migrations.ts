// Numbered Cypher migrations in graph-schema/migrations/, applied in order, each once, recorded in a
// ledger of (:Migration {version, name, checksum, appliedAt}) nodes in the graph itself.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const FILE = /^(\d{4})_([a-z0-9_]+)\.cypher$/;

/** Splits a migration file into statements: `;` ends one; `//` lines are comments. */
export function splitStatements(text: string): string[] {
  const body = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return body
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cypher'))
    .sort();
  const migrations = files.map((file) => {
    const match = FILE.exec(file);
    if (!match) throw new Error(`migration file "${file}" must be named NNNN_snake_name.cypher`);
    const text = readFileSync(join(dir, file), 'utf8');
    return {
      version: Number(match[1]),
      name: match[2]!,
      checksum: createHash('sha256').update(text).digest('hex'),
      statements: splitStatements(text),
    };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}
