// The layering rule, case by case with ESLint's RuleTester (each row of the map allowed and refused),
// the map itself (no cycles), and the wiring: `npm run lint` really runs the rule on repository files.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin, { ALLOWED, areaOf } from './area-boundaries.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});
const rule = plugin.rules['area-boundaries'];

const ok = (file: string, code: string) => ({ filename: join(root, file), code });
const bad = (file: string, code: string, message: string) => ({
  filename: join(root, file),
  code,
  errors: [{ message }],
});

tester.run('area-boundaries', rule, {
  valid: [
    ok('lib/graph/audit.ts', "import { Label } from './ontology.js';"),
    ok('lib/graph/audit.ts', "import neo4j from 'neo4j-driver'; import { x } from 'node:fs';"),
    ok('graph-schema/check.ts', "import { config } from '../lib/config.js';"),
    ok(
      'domain/models/register.ts',
      "import { writeAudit } from '../../lib/graph/audit.js'; import { assertSchema } from '../../graph-schema/check.js'; import { a } from '../random.js';",
    ),
    ok('subgraphs/serving/runtime/validate.ts', "import { signatureOf } from '../../../domain/models/signature.js';"),
    ok(
      'subgraphs/models/repository/model-store.ts',
      "import { x } from '../schema/model.js'; import { y } from '../../../graph-schema/check.js';",
    ),
    ok(
      'workflows/training/ml.ts',
      "import { encodeModel } from '../../domain/models/onnx-builder.js'; import { a } from '../activities.js';",
    ),
    ok('gateway/app.ts', "import { config } from '../lib/config.js'; import { x } from './keycloak.js';"),
    ok(
      'subgraphs/index.ts',
      "import { schema } from './models/schema/index.js'; import { r } from './serving/inference/routes.js'; import { c } from '../lib/config.js';",
    ),
    ok(
      'scripts/seed/index.ts',
      "import { s } from '../../subgraphs/assets/repository/dataset-store.js'; import { w } from '../../workflows/worker.js'; import { g } from '../../gateway/app.js';",
    ),
    ok(
      'bench/ocr-throughput.ts',
      "import { r } from '../scripts/fixtures/ocr-document.js'; import { s } from '../subgraphs/serving/ocr/index.js';",
    ),
    ok(
      'test/helpers/hub.ts',
      "import { app } from '../../gateway/app.js'; import { s } from '../../bench/support.js'; import { t } from '../../scripts/stack/index.js';",
    ),
    // A unit test beside product code may share the integration tests' helpers, and only those.
    ok(
      'subgraphs/serving/runtime/threaded-session.test.ts',
      "import { longestStall } from '../../../test/helpers/stall.js';",
    ),
    // Outside the layered areas (the portal, the lint rules themselves) the rule does not apply.
    ok('ui/src/app.js', "import { x } from '../../subgraphs/models/schema/index.js';"),
    ok('eslint-rules/other.js', "import { x } from '../workflows/worker.js';"),
  ],
  invalid: [
    bad(
      'lib/graph/audit.ts',
      "import { Label } from '../../graph-schema/ontology.js';",
      'lib may not import graph-schema (graph-schema/ontology.js): lib/ is the bottom layer: move the code into lib/, or take it as a parameter',
    ),
    bad(
      'lib/data-files.test.ts',
      "const { loadCsv } = await import('../workflows/training/data.js');",
      'lib may not import workflows (workflows/training/data.js): lib/ is the bottom layer: move the code into lib/, or take it as a parameter',
    ),
    bad(
      'graph-schema/check.ts',
      "import { x } from '../domain/models/tx.js';",
      'graph-schema may not import domain (domain/models/tx.js): graph-schema/ builds on lib/ only',
    ),
    bad(
      'domain/training/client.ts',
      "import { x } from '../../workflows/worker.js';",
      'domain may not import workflows (workflows/worker.js): domain/ builds on lib/ and graph-schema/ only',
    ),
    bad(
      'domain/models/register.ts',
      "import { VERSION } from '../../subgraphs/models/repository/records.js';",
      'domain may not import subgraphs/models (subgraphs/models/repository/records.js): domain/ builds on lib/ and graph-schema/ only',
    ),
    bad(
      'subgraphs/serving/runtime/validate.ts',
      "import { signatureOf } from '../../models/signature.js';",
      'subgraphs/serving may not import subgraphs/models (subgraphs/models/signature.js): move shared code to domain/',
    ),
    bad(
      'subgraphs/serving/runtime/oip.ts',
      "export { signatureOf } from '../../models/signature.js';",
      'subgraphs/serving may not import subgraphs/models (subgraphs/models/signature.js): move shared code to domain/',
    ),
    bad(
      'subgraphs/serving/runtime/oip.ts',
      "export * from '../../models/signature.js';",
      'subgraphs/serving may not import subgraphs/models (subgraphs/models/signature.js): move shared code to domain/',
    ),
    bad(
      'subgraphs/models/schema/training.ts',
      "import type { TrainingInput } from '../../../workflows/training/shared.js';",
      'subgraphs/models may not import workflows (workflows/training/shared.js): move shared code to domain/',
    ),
    bad(
      'subgraphs/models/upload/route.ts',
      "import { x } from '../../../test/helpers/tokens.js';",
      'subgraphs/models may not import test (test/helpers/tokens.js): move shared code to domain/',
    ),
    bad(
      'subgraphs/models/signature.test.ts',
      "import { x } from '../../test/models.test.js';",
      'subgraphs/models may not import test (test/models.test.js): move shared code to domain/',
    ),
    bad(
      'workflows/training/activities.ts',
      "import { registerModelVersionFromFile } from '../../subgraphs/models/upload/register.js';",
      'workflows may not import subgraphs/models (subgraphs/models/upload/register.js): move shared code to domain/',
    ),
    bad(
      'gateway/app.ts',
      "import { schema } from '../subgraphs/index.js';",
      'gateway may not import subgraphs (subgraphs/index.js): the gateway reaches subgraphs over HTTP, not by import; shared code belongs in lib/',
    ),
    bad(
      'gateway/app.ts',
      "import x = require('../workflows/worker.js');",
      'gateway may not import workflows (workflows/worker.js): the gateway reaches subgraphs over HTTP, not by import; shared code belongs in lib/',
    ),
    bad(
      'subgraphs/index.ts',
      "import { w } from '../workflows/worker.js';",
      'subgraphs may not import workflows (workflows/worker.js): move shared code to domain/',
    ),
    bad(
      'scripts/gpu-check.ts',
      "import { median } from '../bench/support.js';",
      'scripts may not import bench (bench/support.js): move the shared fixture down into scripts/',
    ),
    bad(
      'scripts/gpu-check.ts',
      "const { f } = await import('../test/helpers/cjk-font.js');",
      'scripts may not import test (test/helpers/cjk-font.js): move the shared fixture down into scripts/',
    ),
    bad(
      'bench/ocr-document.ts',
      "import { findCjkFont } from '../test/helpers/cjk-font.js';",
      'bench may not import test (test/helpers/cjk-font.js): move the shared fixture down into scripts/',
    ),
  ],
});

test('areas: subgraph folders are areas of their own, subgraphs/index.ts is the composition root', () => {
  assert.equal(areaOf('subgraphs/models/schema/index.ts'), 'subgraphs/models');
  assert.equal(areaOf('subgraphs/models'), 'subgraphs/models');
  assert.equal(areaOf('subgraphs/index.ts'), 'subgraphs');
  assert.equal(areaOf('domain/random.ts'), 'domain');
  assert.equal(areaOf('ui/src/app.js'), null);
  assert.equal(areaOf('eslint.config.js'), null);
});

test('the allowed map is a layering: every named area exists and no area reaches itself through others', () => {
  const rows = Object.keys(ALLOWED);
  const reach = (area: string, seen: Set<string>): void => {
    for (const next of ALLOWED[area]!) {
      assert.ok(rows.includes(next), `${area} names unknown area ${next}`);
      assert.notEqual(next, area, `${area} lists itself`);
      if (seen.has(next)) continue;
      seen.add(next);
      reach(next, seen);
    }
  };
  for (const area of rows) {
    const seen = new Set<string>();
    reach(area, seen);
    assert.ok(!seen.has(area), `cycle through ${area}`);
  }
});

test('eslint.config.js runs the rule: a sibling-subgraph import is an error under `npm run lint`', async () => {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(
    "import { signatureOf } from '../../models/signature.js';\nexport const s = signatureOf;\n",
    {
      filePath: join(root, 'subgraphs/serving/runtime/probe.ts'),
    },
  );
  const messages = result!.messages.filter((m) => m.ruleId === 'plinth/area-boundaries').map((m) => m.message);
  assert.deepEqual(messages, [
    'subgraphs/serving may not import subgraphs/models (subgraphs/models/signature.js): move shared code to domain/',
  ]);
});
