// Replays the committed histories of every workflow against today's workflow code: a non-deterministic
// change fails here. Each workflow that workflows/workflows.ts exports must have at least one history.
// Histories are completed runs on the real dev server (the tests of each workflow produce them), taken with
//   $PLINTH_HOME/bin/temporal-<version> workflow show -w <workflowId> -o json > workflows/<kind>/histories/<name>.json
// (find the ids with `... workflow list --query "WorkflowType='edgeRolloutWorkflow'"`), as the README's Workflows paragraph says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { historyFromCliJson } from './helpers/history.js';
import * as exported from '../workflows/workflows.js';

const workflowsDir = fileURLToPath(new URL('../workflows/', import.meta.url));
const workflowsPath = join(workflowsDir, 'workflows.ts');

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** One bundle for the file: bundling takes seconds, replaying a history milliseconds. */
const workflowBundle = (): Promise<WorkflowBundleWithSourceMap> => (bundle ??= bundleWorkflowCode({ workflowsPath }));

interface Committed {
  file: string;
  type: string;
  history: temporal.api.history.v1.IHistory;
  /** The completed run's result. */
  result: unknown;
}

/** Every history under workflows/histories and workflows/<kind>/histories. */
async function committed(): Promise<Committed[]> {
  const dirs = [
    'histories',
    ...(await readdir(workflowsDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => join(d.name, 'histories')),
  ];
  const out: Committed[] = [];
  for (const dir of dirs) {
    const files = await readdir(join(workflowsDir, dir)).catch(() => [] as string[]);
    for (const name of files.filter((f) => f.endsWith('.json')).sort()) {
      const file = join(dir, name);
      const history = historyFromCliJson(JSON.parse(await readFile(join(workflowsDir, file), 'utf8')));
      const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
      assert.ok(type, `${file} starts with a WorkflowExecutionStarted event`);
      const completed = history.events?.at(-1)?.workflowExecutionCompletedEventAttributes;
      assert.ok(completed, `${file} is a completed run`);
      const data = completed.result?.payloads?.[0]?.data;
      out.push({
        file,
        type,
        history,
        result: data ? (JSON.parse(Buffer.from(data).toString('utf8')) as unknown) : null,
      });
    }
  }
  return out;
}

async function replayAll(type: string): Promise<Committed[]> {
  const mine = (await committed()).filter((c) => c.type === type);
  for (const c of mine) await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, c.history, c.file);
  return mine;
}

test('every exported workflow has a committed history, and every committed history is of an exported workflow', async () => {
  const workflows = Object.entries(exported)
    .filter(([, v]) => typeof v === 'function')
    .map(([name]) => name)
    .sort();
  assert.deepEqual(workflows, [
    'activeLearningWorkflow',
    'autoMLWorkflow',
    'deploymentWorkflow',
    'edgeRolloutWorkflow',
    'evaluationWorkflow',
    'graphHealthWorkflow',
    'preAnnotationWorkflow',
    'recipeWorkflow',
    'trainingWorkflow',
  ]);
  const types = new Set((await committed()).map((c) => c.type));
  assert.deepEqual([...types].sort(), workflows);
});

test(
  'replays the committed deploymentWorkflow histories (promoted after refused self- and non-approver signals, rejected, rolled back; approved and rejected by Update, the promoted canary renamed; the request record kept current)',
  { timeout: 120_000 },
  async () => {
    const replayed = await replayAll('deploymentWorkflow');
    assert.deepEqual(replayed.map((c) => `${c.file}: ${(c.result as { step: string }).step}`).sort(), [
      'deployment/histories/deployment-promoted-approved-by-update.json: PROMOTED',
      'deployment/histories/deployment-promoted-four-eyes.json: PROMOTED',
      'deployment/histories/deployment-promoted-request-record.json: PROMOTED',
      'deployment/histories/deployment-rejected-by-update.json: REJECTED',
      'deployment/histories/deployment-rejected.json: REJECTED',
      'deployment/histories/deployment-rolled-back.json: ROLLED_BACK',
    ]);
  },
);

test(
  'replays the committed autoMLWorkflow histories (random search, successive halving)',
  { timeout: 120_000 },
  async () => {
    const replayed = await replayAll('autoMLWorkflow');
    assert.deepEqual(
      replayed.map((c) => c.file),
      ['automl/histories/automl-random.json', 'automl/histories/automl-successive-halving.json'],
    );
  },
);

test(
  'replays the committed edgeRolloutWorkflow histories (budget 0 spent by a reported failure: stopped at once; all active; over the budget, rolled back; a silent node timed out; reports as Updates, judged on arrival: a failure, all active)',
  { timeout: 120_000 },
  async () => {
    const replayed = await replayAll('edgeRolloutWorkflow');
    const outcomes = replayed.map((c) => {
      const r = c.result as { state: string; failed: { reason: string }[] };
      return `${c.file}: ${r.state}${r.failed.length ? ` (${r.failed.map((f) => f.reason).join('; ')})` : ''}`;
    });
    assert.equal(outcomes.length, 6, outcomes.join('\n'));
    assert.match(outcomes[0]!, /edge-rollout-budget-spent\.json: ROLLED_BACK \(reported failure: [^;]*\)$/);
    assert.match(outcomes[1]!, /edge-rollout-completed\.json: COMPLETED$/);
    assert.match(outcomes[2]!, /edge-rollout-failure-by-update\.json: ROLLED_BACK \(reported failure: [^;]*\)$/);
    assert.match(outcomes[3]!, /edge-rollout-reported-by-update\.json: COMPLETED$/);
    assert.match(outcomes[4]!, /edge-rollout-rolled-back\.json: ROLLED_BACK \(reported failure/);
    assert.match(outcomes[5]!, /edge-rollout-silent-node\.json: COMPLETED \(no report within 2s\)$/);
  },
);

test('replays the committed trainingWorkflow and graphHealthWorkflow histories', { timeout: 120_000 }, async () => {
  assert.deepEqual(
    (await replayAll('trainingWorkflow')).map((c) => c.file),
    ['training/histories/training-logistic-regression.json'],
  );
  const [health] = await replayAll('graphHealthWorkflow');
  assert.match((health!.result as { neo4jVersion: string }).neo4jVersion, /^5\./);
});

test('replays the committed recipeWorkflow history (raw upload → cleaned version)', { timeout: 120_000 }, async () => {
  const [cleaned, ...rest] = await replayAll('recipeWorkflow');
  assert.equal(rest.length, 0);
  assert.equal(cleaned!.file, 'recipe/histories/recipe-cleaned.json');
  const result = cleaned!.result as { created: boolean; rowCount: number; workflowId: string };
  assert.deepEqual([result.created, result.rowCount], [true, 7]);
  assert.match(result.workflowId, /^recipe-/);
});

test(
  'replays the committed evaluationWorkflow history (a model version scored on new data)',
  { timeout: 120_000 },
  async () => {
    const [scored, ...rest] = await replayAll('evaluationWorkflow');
    assert.equal(rest.length, 0);
    assert.equal(scored!.file, 'evaluation/histories/evaluation-new-data.json');
    const result = scored!.result as { rows: number; metrics: { accuracy: number }; workflowId: string };
    assert.equal(result.rows, 119);
    assert.equal(typeof result.metrics.accuracy, 'number');
    assert.match(result.workflowId, /^evaluation-/);
  },
);

test(
  'replays the committed activeLearningWorkflow history (rounds until the label budget is spent)',
  { timeout: 120_000 },
  async () => {
    const [budget, ...rest] = await replayAll('activeLearningWorkflow');
    assert.equal(rest.length, 0);
    assert.equal(budget!.file, 'labeling/histories/active-learning-budget.json');
    const result = budget!.result as { stopReason: string; rounds: number; labels: number; workflowId: string };
    assert.deepEqual([result.stopReason, result.rounds, result.labels], ['BUDGET', 5, 20]);
    assert.match(result.workflowId, /^active-learning\//);
  },
);

test('replays the committed preAnnotationWorkflow histories (six images: boxes by the text detector, classes by a classifier)', async () => {
  const replayed = await replayAll('preAnnotationWorkflow');
  assert.deepEqual(replayed.map((r) => r.file).sort(), [
    'labeling/histories/pre-annotation-classifier.json',
    'labeling/histories/pre-annotation-six-images.json',
  ]);
  for (const r of replayed) assert.equal((r.result as { tasks: number }).tasks, 6);
});
