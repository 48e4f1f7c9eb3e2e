// `npm run knowledge:import [-- --dir <folder>] [--if-empty] [--bases]`: validates a knowledge-base folder
// (default: the demo in subgraphs/knowledge/data) against its JSON Schemas and references, then imports it
// into its own namespace in one transaction. Every problem is printed as file:line:column field: message
// and the graph is left untouched (exit 1). `--if-empty`: only when that base is not in the graph yet.
// `--bases`: also every folder under subgraphs/knowledge/bases/ whose base is absent (what `npm start` does).
// `--remove <base> --yes`: removes that base in one transaction (its nodes, its KnowledgeBase node, the models
// and services its import created that nothing else holds, orgs' default pointing at it); without --yes it
// only says what would go.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeDriver, getDriver } from '../../../lib/graph/driver.js';
import { migrate } from '../../../graph-schema/migrate.js';
import {
  baseFootprint,
  basesDir,
  baseIsImported,
  defaultDataDir,
  importKnowledgeBase,
  loadBase,
  removeBaseDetailed,
} from './import.js';

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

const removeAt = args.indexOf('--remove');

/** `--remove <base>`: what goes, and only with --yes. */
async function remove(driver: ReturnType<typeof getDriver>, id: string | undefined): Promise<void> {
  if (!id || id.startsWith('--')) throw new Error('--remove needs a base id: --remove <base> --yes');
  if (!(await baseIsImported(driver, id))) throw new Error(`no knowledge base "${id.slice(0, 60)}" in the graph`);
  const { nodes, assets } = await baseFootprint(driver, id);
  if (!args.includes('--yes')) {
    console.log(
      `would remove knowledge base "${id}": ${nodes} nodes and up to ${assets} models/services its import created; add --yes to remove`,
    );
    process.exitCode = 1;
    return;
  }
  const removed = await removeBaseDetailed(driver, id);
  console.log(
    `removed knowledge base "${id}": ${removed.nodes} nodes, ${removed.assets} models/services its import created` +
      (removed.orgs > 0 ? `; ${removed.orgs} orgs that defaulted to it now default to grid` : ''),
  );
}

const driver = getDriver();
try {
  await migrate(driver);
  if (removeAt >= 0) dirs.length = 0;
  if (removeAt >= 0) await remove(driver, args[removeAt + 1]);
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
