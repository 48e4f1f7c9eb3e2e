// loadCsv's own guard (beside lib/data-files.test.ts's data-root rule): DuckDB would expand a glob into
// many files, so a path with glob characters is refused whoever calls it, even inside a data root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from './data.js';

const dir = mkdtempSync(join(tmpdir(), 'plinth-load-csv-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('loadCsv refuses a path with glob characters, whoever calls it', async () => {
  writeFileSync(join(dir, 'a.csv'), 'x,y\n1,0\n2,1\n');
  await assert.rejects(loadCsv(join(dir, '*.csv'), 'y', 'binary'), /glob characters/);
});
