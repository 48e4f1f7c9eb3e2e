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
