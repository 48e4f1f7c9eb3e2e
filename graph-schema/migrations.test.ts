import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, splitStatements } from './migrations.js';
import { expectedSchema } from './check.js';

test('splitStatements drops comments and splits on semicolons at line ends', () => {
  const text =
    "// header\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\nMERGE (o:Org {id: 'a;b'})\nON CREATE SET o.n = 1;\n";
  assert.deepEqual(splitStatements(text), [
    'CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)',
    "MERGE (o:Org {id: 'a;b'})\nON CREATE SET o.n = 1",
  ]);
});

test('the committed migrations are numbered without gaps and cover every expected constraint', () => {
  const migrations = loadMigrations();
  assert.ok(migrations.length >= 3);
  const text = migrations.flatMap((m) => m.statements).join('\n');
  const { constraints, indexes } = expectedSchema();
  for (const name of [...constraints, ...indexes])
    assert.match(text, new RegExp(`\\b${name}\\b`), `${name} has no migration`);
});

test('a gap in numbering or a badly named file is rejected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-mig-'));
  writeFileSync(join(dir, '0001_a.cypher'), 'RETURN 1;');
  writeFileSync(join(dir, '0003_c.cypher'), 'RETURN 1;');
  assert.throws(() => loadMigrations(dir), /without gaps/);
  const bad = mkdtempSync(join(tmpdir(), 'plinth-mig-'));
  writeFileSync(join(bad, '1-bad.cypher'), 'RETURN 1;');
  assert.throws(() => loadMigrations(bad), /NNNN_snake_name/);
});
