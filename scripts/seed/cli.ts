// `npm run seed`: writes the demo enterprise into the graph (idempotent). `--if-empty` seeds only when
// the graph holds no Dataset yet, or when an older demo seed has no dataset content Plinth holds;
// `npm start` runs it that way after the migrations.
import { closeDriver, getDriver } from '../../lib/graph/driver.js';
import { profilesSettled } from '../../domain/datasets/profile-job.js';
import { seed, seedContentDir, seedNeeded } from './index.js';
import { closeTemporalClient } from '../../domain/temporal/client.js';

const driver = getDriver();
try {
  const reason = process.argv.includes('--if-empty') ? await seedNeeded(driver) : 'asked to';
  if (reason === null) {
    console.log('seed: the graph already holds datasets; leaving it as it is');
  } else {
    console.log(`seed: writing the demo enterprise (power-grid group): ${reason} …`);
    console.log(`seed: dataset content is generated into ${seedContentDir()} and uploaded as the seed user`);
    const report = await seed(driver, (line) => console.log(line));
    const made = Object.entries(report.created)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    console.log(`seed: ${made || 'nothing new (already seeded)'}`);
    console.log(`seed: totals ${JSON.stringify(report.totals)}`);
    // Profiles of the uploaded tables run in this process: finish them before it exits (a version left
    // PENDING would be picked up at the hub's next start anyway).
    await profilesSettled();
    console.log('seed: profiles computed');
  }
} catch (error) {
  console.error(`seed failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDriver();
  // The demo's workflows were started through it: an open connection would keep the process alive.
  await closeTemporalClient();
}
