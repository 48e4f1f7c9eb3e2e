// The determinism rules for workflow files are real: ESLint rejects I/O and value imports of activities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

test('workflow files may not import Node builtins, the driver, or activities as values', async () => {
  const eslint = new ESLint();
  const source = [
    "import { readFileSync } from 'node:fs';",
    "import neo4j from 'neo4j-driver';",
    "import { createActivities } from './activities.js';",
    'export async function wf(): Promise<void> { readFileSync(String(neo4j)); createActivities; }',
    '',
  ].join('\n');
  const [result] = await eslint.lintText(source, { filePath: 'workflows/workflows.ts' });
  const messages = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  assert.equal(messages.length, 3, messages.join('\n'));
});

test('the committed workflow file passes those rules', async () => {
  const eslint = new ESLint();
  const [result] = await eslint.lintFiles(['workflows/workflows.ts']);
  assert.deepEqual(result!.messages, []);
});

test('workflow files import only the deterministic modules of domain/: contracts yes, clients and stores no', async () => {
  const eslint = new ESLint();
  const source = [
    "import { progressQuery } from '../../domain/training/shared.js';",
    "import { rank } from '../../domain/automl/search.js';",
    "import { seededRandom } from '../../domain/random.js';",
    "import { startTraining } from '../../domain/training/client.js';",
    "import { ensureStudy } from '../../domain/automl/study-store.js';",
    "import { registerModelVersionFromFile } from '../../domain/models/register.js';",
    'export const all = [progressQuery, rank, seededRandom, startTraining, ensureStudy, registerModelVersionFromFile];',
    '',
  ].join('\n');
  const [result] = await eslint.lintText(source, { filePath: 'workflows/training/workflows.ts' });
  const lines = result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
  assert.deepEqual(lines, [4, 5, 6]);
});

test('the domain/ modules that workflow code imports follow the same determinism rules', async () => {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    { filePath: 'domain/training/shared.ts' },
  );
  assert.equal(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length, 1);
  const committed = await eslint.lintFiles([
    'domain/random.ts',
    'domain/*/shared.ts',
    'domain/automl/search.ts',
    'domain/deployment/health.ts',
    'domain/labeling/active-shared.ts',
  ]);
  // random, search, health, labeling/active-shared and the 9 domain/*/shared.ts (automl, deployment, edge,
  // evaluation, labeling, recipe, runs, temporal, training).
  assert.equal(committed.length, 13);
  assert.deepEqual(
    committed.flatMap((r) => r.messages),
    [],
  );
});
