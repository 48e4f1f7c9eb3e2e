// `npm run knowledge:import [-- --dir <folder>] [--if-empty] [--bases]`: validates a knowledge-base folder
// (default: the demo in subgraphs/knowledge/data) against its JSON Schemas and references, then imports it
// into its own namespace in one transaction. Every problem is printed as file:line:column field: message
// and the graph is left untouched (exit 1). `--if-empty`: only when that base is not in the graph yet.
// `--bases`: also every folder under subgraphs/knowledge/bases/ whose base is absent (what `npm start` does).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeDriver, getDriver } from '../../../lib/graph/driver.js';
import { migrate } from '../../../graph-schema/migrate.js';
import { basesDir, baseIsImported, defaultDataDir, importKnowledgeBase, loadBase } from './import.js';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--dir');
const dir = dirAt >= 0 ? resolve(args[dirAt + 1] ?? defaultDataDir) : defaultDataDir;
const onlyIfAbsent = args.includes('--if-empty');
const dirs = [dir];
if (args.includes('--bases') && existsSync(basesDir))
  for (const name of readdirSync(basesDir).sort()) {
    const folder = join(basesDir, name);
    if (statSync(folder).isDirectory() && existsSync(join(folder, 'kb.json'))) dirs.push(folder);
  }

const driver = getDriver();
try {
  await migrate(driver);
  for (const folder of dirs) {
    const loaded = loadBase(folder);
    const id = loaded.kb.info.id;
    // The demo's --if-empty keeps its old meaning for the other bases too: a base already there is left alone.
    if ((onlyIfAbsent || folder !== dir) && (await baseIsImported(driver, id))) {
      console.log(`knowledge base "${id}" already imported; left alone (${folder})`);
      continue;
    }
    const summary = await importKnowledgeBase(driver, loaded);
    console.log(
      `imported knowledge base "${id}" from ${folder}: ${summary.nodes} knowledge nodes, ${summary.relationships} relationships (merged by id${summary.removed > 0 ? `; ${summary.removed} nodes no longer in the files removed` : ''})`,
    );
  }
} catch (error) {
  console.error(`knowledge import failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDriver();
}
