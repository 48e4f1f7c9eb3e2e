// `npm run knowledge:import [-- --dir <folder>] [--if-empty]`: loads the knowledge base (default: the
// demo in subgraphs/knowledge/data) into the graph. Idempotent: MERGE by id.
import { closeDriver, getDriver } from '../../../lib/graph/driver.js';
import { migrate } from '../../../graph-schema/migrate.js';
import { defaultDataDir, importKnowledgeBase, knowledgeIsEmpty, loadKnowledgeBase } from './import.js';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const dir = dirAt >= 0 ? (args[dirAt + 1] ?? defaultDataDir) : defaultDataDir;
const driver = getDriver();
try {
  await migrate(driver);
  if (args.includes('--if-empty') && !(await knowledgeIsEmpty(driver))) {
    console.log('knowledge base already imported; left alone');
  } else {
    const kb = loadKnowledgeBase(dir);
    const summary = await importKnowledgeBase(driver, kb);
    console.log(
      `imported knowledge base from ${dir}: ${summary.nodes} knowledge nodes, ${summary.relationships} relationships (merged by id)`,
    );
  }
} catch (error) {
  console.error(`knowledge import failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDriver();
}
