// `npm run seed`: writes the demo enterprise into the graph (idempotent). `--if-empty` seeds only when
// the graph holds no Dataset yet; `npm start` runs it that way after the migrations.
import { closeDriver, getDriver } from '../../lib/graph/driver.js';
import { hasDatasets, seed } from './index.js';

const driver = getDriver();
try {
  if (process.argv.includes('--if-empty') && (await hasDatasets(driver))) {
    console.log('seed: the graph already holds datasets; leaving it as it is');
  } else {
    console.log('seed: writing the demo enterprise (power-grid group) …');
    const report = await seed(driver, (line) => console.log(line));
    const made = Object.entries(report.created)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    console.log(`seed: ${made || 'nothing new (already seeded)'}`);
    console.log(`seed: totals ${JSON.stringify(report.totals)}`);
  }
} catch (error) {
  console.error(`seed failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDriver();
}
