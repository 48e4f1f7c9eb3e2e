// The AutoMLStudy node of an AutoML workflow and its trials' TrainingRuns, (:TrainingRun)-[:PART_OF_STUDY]->(:AutoMLStudy).
// Every write is keyed (study by workflow id, trial by study + index), so retried activities change nothing twice.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { LOCK, inWriteTx } from '../../lib/graph/asset-store.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { lockModelOwner } from '../models/tx.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { actorOf } from '../training/run-store.js';
import type { AutoMLInput, TrialSpec } from './shared.js';
import type { NewLogEntry, RunError } from '../runs/shared.js';
import { parseLog, replaceEntries } from '../runs/log-store.js';
import { recordTrainingEvaluation, type TrainingEvaluation } from '../evaluation/store.js';

export interface StudyRef {
  id: string;
  workflowId: string;
  runId: string | null;
  status: string;
}

/** Returns the study of this workflow id, creating it (RUNNING) when absent. */
export async function ensureStudy(
  driver: Driver,
  input: AutoMLInput,
  workflowId: string,
  runId: string | null,
): Promise<StudyRef> {
  return inWriteTx(driver, async (tx) => {
    // The model row is locked first, so two callers for one workflow id serialise here.
    const owner = await lockModelOwner(tx, input.modelId);
    const found = await tx.run(
      `MATCH (s:${Label.AutoMLStudy} {workflowId: $workflowId}) SET s.runId = coalesce(s.runId, $runId)
         RETURN s.id AS id, s.runId AS runId, s.status AS status`,
      { workflowId, runId },
    );
    const existing = found.records[0];
    if (existing)
      return {
        id: existing.get('id') as string,
        workflowId,
        runId: existing.get('runId') as string | null,
        status: existing.get('status') as string,
      };
    const id = randomUUID();
    const actor = actorOf(input.requestedBy);
    const { requestedBy: _requester, ...settings } = input;
    await tx.run(
      `CREATE (s:${Label.AutoMLStudy} {id: $id, status: 'RUNNING', workflowId: $workflowId, runId: $runId, ownerOrgId: $owner,
                 modelId: $modelId, datasetVersionId: $datasetVersionId, metric: $metric, strategy: $strategy, trials: $trials,
                 settings: $settings, startedAt: datetime(), createdBy: $username})
         MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
         CREATE (s)-[:${Rel.ASSOCIATED_WITH}]->(u)`,
      {
        id,
        workflowId,
        runId,
        owner,
        modelId: input.modelId,
        datasetVersionId: input.datasetVersionId,
        metric: input.metric,
        strategy: input.strategy,
        trials: input.trials,
        settings: JSON.stringify(settings),
        sub: actor.sub,
        username: actor.username,
      },
    );
    await writeAudit(tx, {
      action: 'automlStudy.start',
      actor,
      targetId: id,
      targetLabel: Label.AutoMLStudy,
      after: { workflowId, input: settings },
      workflowId,
      runId: runId ?? undefined,
    });
    return { id, workflowId, runId, status: 'RUNNING' };
  });
}

/**
 * Creates or updates trial `spec.index` of the study: a TrainingRun with the rung's outcome (status, error
 * with its step and code) and the rung's entries in the trial's log (keyed by rung, so a retried trial
 * replaces them). Returns its id.
 */
export async function recordTrial(
  driver: Driver,
  input: AutoMLInput,
  studyId: string,
  spec: TrialSpec,
  outcome: {
    rung: number;
    fraction: number;
    metrics: Record<string, unknown>;
    score: number | null;
    error: RunError | null;
    log: NewLogEntry[];
  },
): Promise<string> {
  const actor = actorOf(input.requestedBy);
  return inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (s:${Label.AutoMLStudy} {id: $studyId}) ${LOCK('s')}
     MERGE (r:${Label.TrainingRun} {studyId: $studyId, trialIndex: $index})
       ON CREATE SET r.id = $newId, r.algorithm = $algorithm, r.params = $params, r.workflowId = s.workflowId, r.runId = s.runId,
                     r.ownerOrgId = s.ownerOrgId, r.startedAt = datetime(), r.createdBy = $username
     SET r.status = $status, r.rung = $rung, r.fraction = $fraction, r.metrics = $metrics, r.validationScore = $score, r.endedAt = datetime(),
         r.error = $error, r.errorStep = $errorStep, r.errorCode = $errorCode
     MERGE (r)-[:${Rel.PART_OF_STUDY}]->(s)
     MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
     MERGE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
     WITH r OPTIONAL MATCH (dv:${Label.DatasetVersion} {id: $datasetVersionId})
     FOREACH (_ IN CASE WHEN dv IS NULL THEN [] ELSE [1] END | MERGE (r)-[:${Rel.USED}]->(dv))
     RETURN r.id AS id, r.log AS log`,
      {
        studyId,
        index: spec.index,
        newId: randomUUID(),
        algorithm: spec.algorithm,
        username: actor.username,
        sub: actor.sub,
        params: JSON.stringify({
          ...spec.hyperparameters,
          task: input.task,
          targetColumn: input.targetColumn,
          seed: input.seed,
          trial: spec.index,
        }),
        status: outcome.error === null ? 'SUCCEEDED' : 'FAILED',
        rung: outcome.rung,
        fraction: outcome.fraction,
        metrics: JSON.stringify(outcome.metrics),
        score: outcome.score,
        error: outcome.error?.message ?? null,
        errorStep: outcome.error?.step ?? null,
        errorCode: outcome.error?.code ?? null,
        datasetVersionId: input.datasetVersionId,
      },
    );
    const id = records[0]?.get('id') as string | undefined;
    if (!id) throw new Error(`no AutoML study ${studyId}`);
    const log = replaceEntries(
      parseLog(records[0]!.get('log')),
      `rung-${outcome.rung}`,
      outcome.log,
      new Date().toISOString(),
    );
    await tx.run(`MATCH (r:${Label.TrainingRun} {id: $id}) SET r.log = $log`, { id, log: JSON.stringify(log) });
    return id;
  });
}

/** Sets the study's final state once; a repeated call changes nothing. */
export async function completeStudy(
  driver: Driver,
  input: AutoMLInput,
  studyId: string,
  outcome: {
    bestTrainingRunId?: string;
    modelVersionId?: string;
    testMetrics?: Record<string, unknown>;
    /** The chosen model's Evaluation on the held-out test rows, generated by the best trial's run. */
    evaluation?: TrainingEvaluation;
    error?: RunError;
  },
  ids: { workflowId: string; runId: string },
): Promise<void> {
  const status = outcome.error === undefined ? 'SUCCEEDED' : 'FAILED';
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (s:${Label.AutoMLStudy} {id: $id}) WHERE s.status = 'RUNNING'
         SET s.status = $status, s.endedAt = datetime(), s.bestTrainingRunId = $best, s.modelVersionId = $version,
             s.testMetrics = $testMetrics, s.error = $error, s.errorStep = $errorStep, s.errorCode = $errorCode
         RETURN s.id AS id`,
      {
        id: studyId,
        status,
        best: outcome.bestTrainingRunId ?? null,
        version: outcome.modelVersionId ?? null,
        testMetrics: outcome.testMetrics ? JSON.stringify(outcome.testMetrics) : null,
        error: outcome.error?.message ?? null,
        errorStep: outcome.error?.step ?? null,
        errorCode: outcome.error?.code ?? null,
      },
    );
    if (records.length === 0) return;
    // As a training run does (domain/training/run-store.ts): the registered version's measure on test rows no
    // trial saw, as an Evaluation the compliance report shows, in the same transaction as the study's end.
    const evaluationId =
      status === 'SUCCEEDED' && outcome.evaluation
        ? await recordTrainingEvaluation(tx, actorOf(input.requestedBy), outcome.evaluation, ids)
        : undefined;
    await writeAudit(tx, {
      action: status === 'SUCCEEDED' ? 'automlStudy.succeed' : 'automlStudy.fail',
      actor: actorOf(input.requestedBy),
      targetId: studyId,
      targetLabel: Label.AutoMLStudy,
      after: { status, ...outcome, evaluationId },
      ...ids,
    });
  });
}
