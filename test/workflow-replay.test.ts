// Replays committed deploymentWorkflow histories (promoted after refused self- and non-approver
// signals, rejected, rolled back) and autoMLWorkflow histories (random search, successive halving)
// against today's workflow code: a non-deterministic change fails here.
// Taken with: temporal workflow show -w <workflowId> -o json > workflows/<kind>/histories/<name>.json
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { historyFromCliJson } from './helpers/history.js';

const workflowsPath = fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url));
const historiesDir = fileURLToPath(new URL('../workflows/deployment/histories/', import.meta.url));
const automlHistoriesDir = fileURLToPath(new URL('../workflows/automl/histories/', import.meta.url));

test('replays the committed deploymentWorkflow histories', { timeout: 120_000 }, async () => {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length >= 3, 'committed histories');
  const workflowBundle = await bundleWorkflowCode({ workflowsPath });
  const outcomes: string[] = [];
  for (const file of files) {
    const history = historyFromCliJson(JSON.parse(await readFile(join(historiesDir, file), 'utf8')));
    assert.equal(history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name, 'deploymentWorkflow', file);
    const last = history.events?.at(-1);
    assert.ok(last?.workflowExecutionCompletedEventAttributes, `${file} is a completed run`);
    await Worker.runReplayHistory({ workflowBundle }, history, file);
    const payload = last.workflowExecutionCompletedEventAttributes.result?.payloads?.[0]?.data;
    outcomes.push((JSON.parse(Buffer.from(payload!).toString('utf8')) as { step: string }).step);
  }
  assert.deepEqual(outcomes.sort(), ['PROMOTED', 'REJECTED', 'ROLLED_BACK']);
});

test('replays the committed autoMLWorkflow histories', { timeout: 120_000 }, async () => {
  const files = (await readdir(automlHistoriesDir)).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, ['automl-random.json', 'automl-successive-halving.json']);
  const workflowBundle = await bundleWorkflowCode({ workflowsPath });
  for (const file of files) {
    const history = historyFromCliJson(JSON.parse(await readFile(join(automlHistoriesDir, file), 'utf8')));
    assert.equal(history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name, 'autoMLWorkflow', file);
    assert.ok(history.events?.at(-1)?.workflowExecutionCompletedEventAttributes, `${file} is a completed run`);
    await Worker.runReplayHistory({ workflowBundle }, history, file);
  }
});
