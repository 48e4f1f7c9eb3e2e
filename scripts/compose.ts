// `npm run compose` prints each subgraph's SDL into subgraphs/<name>/schema.graphql and composes
// gateway/supergraph.graphql. `npm run compose:check` writes nothing and fails when either differs
// from what the code produces now, so schema drift always has a file to review.
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subgraphs } from '../subgraphs/index.js';
import { planComposition } from './compose-lib.js';
import { describeFiles, portalCodegen, staleFiles, writeFiles } from './portal-codegen.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plan = planComposition(subgraphs, root);

if (plan.errors.length > 0) {
  console.error('composition failed:\n' + plan.errors.map((e) => `  - ${e}`).join('\n'));
  process.exit(1);
}
if (process.argv.includes('--check')) {
  if (plan.stale.length > 0) {
    const files = plan.stale.map((o) => relative(root, o.path)).join(', ');
    console.error(`schema drift: ${files} differ from the code. Run \`npm run compose\` and commit the result.`);
    process.exit(1);
  }
  const staleClient = staleFiles(await portalCodegen());
  if (staleClient.length > 0) {
    console.error(
      `portal operations drift: ${describeFiles(staleClient)} differ from ui/src's operations. Run \`npm run compose\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(
    `compose:check ok: ${subgraphs.length} subgraph SDL file(s), the supergraph and the portal's typed operations are current`,
  );
} else {
  for (const o of plan.stale) writeFileSync(o.path, o.text);
  const client = staleFiles(await portalCodegen());
  writeFiles(client);
  console.log(
    `wrote ${plan.stale.length + client.length} file(s); ${plan.outputs.length - plan.stale.length} schema file(s) already current`,
  );
  for (const hint of plan.hints) console.log(`hint: ${hint}`);
}
