// `npm run migrate`: apply pending migrations, then verify the schema is complete.
import { closeDriver, getDriver } from '../lib/graph/driver.js';
import { assertSchema } from './check.js';
import { migrate } from './migrate.js';

const driver = getDriver();
try {
  const result = await migrate(driver, { log: (line) => console.log(line) });
  await driver.executeQuery('CALL db.awaitIndexes(120)');
  await assertSchema(driver);
  console.log(`graph schema ready: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDriver();
}
