// Migrations against the real Neo4j: idempotent, ledgered, and the start-up check names what is missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { migrate, repair } from '../graph-schema/migrate.js';
import { assertSchema, findMissingSchema, SchemaIncompleteError } from '../graph-schema/check.js';
import { loadMigrations } from '../graph-schema/migrations.js';

let driver: Driver;
before(() => {
  driver = createDriver();
});
after(async () => {
  // Leave the schema as we found it, whatever happened above.
  await repair(driver);
  await driver.executeQuery('CALL db.awaitIndexes(120)');
  await driver.close();
});

const snapshot = async () => {
  const indexes = await driver.executeQuery(
    'SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties ORDER BY name',
  );
  const ledger = await driver.executeQuery(
    'MATCH (m:Migration) RETURN m.version AS v, m.checksum AS c, toString(m.appliedAt) AS at ORDER BY v',
  );
  return { indexes: indexes.records.map((r) => r.toObject()), ledger: ledger.records.map((r) => r.toObject()) };
};

test('applying migrations twice changes nothing the second time', async () => {
  await migrate(driver);
  await driver.executeQuery('CALL db.awaitIndexes(120)');
  const first = await snapshot();
  const again = await migrate(driver);
  assert.deepEqual(again.applied, []);
  assert.equal(again.alreadyApplied, loadMigrations().length);
  assert.deepEqual(await snapshot(), first);
  assert.equal(first.ledger.length, loadMigrations().length);
  await assertSchema(driver);
});

test('the cjk full-text index finds Chinese and English text', async () => {
  const id = `mig-test-${Date.now()}`;
  await driver.executeQuery("CREATE (:Dataset {id: $id, name: '江苏电网负荷预测 load forecast', description: ''})", {
    id,
  });
  try {
    // Full-text indexes are eventually consistent; wait for them to catch up.
    await driver.executeQuery('CALL db.awaitIndexes(60)');
    for (const q of ['负荷', 'forecast']) {
      let found = false;
      for (let i = 0; i < 20 && !found; i++) {
        const { records } = await driver.executeQuery(
          "CALL db.index.fulltext.queryNodes('asset_search', $q) YIELD node RETURN node.id AS id",
          { q },
        );
        found = records.some((r) => r.get('id') === id);
        if (!found) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(found, `full-text query "${q}" did not find the dataset`);
    }
  } finally {
    await driver.executeQuery('MATCH (d:Dataset {id: $id}) DELETE d', { id });
  }
});

test('a missing index is named by the start-up check', async () => {
  await driver.executeQuery('DROP INDEX asset_search IF EXISTS');
  await driver.executeQuery('DROP CONSTRAINT model_id_unique IF EXISTS');
  const missing = await findMissingSchema(driver);
  assert.deepEqual(missing.sort(), ['constraint model_id_unique', 'index asset_search']);
  await assert.rejects(assertSchema(driver), (error: unknown) => {
    assert.ok(error instanceof SchemaIncompleteError);
    assert.match(error.message, /index asset_search/);
    assert.match(error.message, /constraint model_id_unique/);
    return true;
  });
  await repair(driver);
  await driver.executeQuery('CALL db.awaitIndexes(120)');
  assert.deepEqual(await findMissingSchema(driver), []);
});
