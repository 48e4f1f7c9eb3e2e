// The TrainingRun node of a training workflow: created once per workflow id (by startTraining before
// the workflow starts, or by the workflow's first activity), completed by its last.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx } from '../../lib/graph/asset-store.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { lockModelOwner } from '../models/tx.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import type { Requester, TrainingInput } from './shared.js';
import type { RunError } from '../runs/shared.js';
import { failureLog, parseLog } from '../runs/log-store.js';
import { recordTrainingEvaluation, type TrainingEvaluation } from '../evaluation/store.js';

/** The workflow acts for its requester with the role startTraining checked before starting it. */
export const actorOf = (r: Requester): Identity => ({
  sub: r.sub,
  username: r.username,
  org: r.org,
  roles: ['data-scientist'],
});

export interface RunRef {
  id: string;
  workflowId: string;
  runId: string | null;
  status: string;
}

/** Returns the run of this workflow id, creating it (RUNNING, with USED and ASSOCIATED_WITH) when absent. */
export async function ensureTrainingRun(
  driver: Driver,
  input: TrainingInput,
  workflowId: string,
  runId: string | null,
): Promise<RunRef> {
  return inWriteTx(driver, async (tx) => {
    // The model row is locked first, so two callers for one workflow id serialise here.
    const owner = await lockModelOwner(tx, input.modelId);
    const found = await tx.run(
      `MATCH (r:${Label.TrainingRun} {workflowId: $workflowId})
         SET r.runId = coalesce(r.runId, $runId)
         RETURN r.id AS id, r.runId AS runId, r.status AS status`,
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
    await tx.run(
      `CREATE (r:${Label.TrainingRun} {id: $id, status: 'RUNNING', algorithm: $algorithm, params: $params, workflowId: $workflowId,
                 runId: $runId, ownerOrgId: $owner, startedAt: datetime(), createdBy: $username})
         MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
         CREATE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
         WITH r
         OPTIONAL MATCH (dv:${Label.DatasetVersion} {id: $datasetVersionId})
         FOREACH (_ IN CASE WHEN dv IS NULL THEN [] ELSE [1] END | CREATE (r)-[:${Rel.USED}]->(dv))`,
      {
        id,
        workflowId,
        runId,
        owner,
        algorithm: input.algorithm,
        sub: actor.sub,
        username: actor.username,
        datasetVersionId: input.datasetVersionId,
        params: JSON.stringify({
          ...input.hyperparameters,
          task: input.task,
          targetColumn: input.targetColumn,
          split: input.split,
          seed: input.seed,
        }),
      },
    );
    await writeAudit(tx, {
      action: 'trainingRun.start',
      actor,
      targetId: id,
      targetLabel: Label.TrainingRun,
      after: { workflowId, input },
      workflowId,
      runId: runId ?? undefined,
    });
    return { id, workflowId, runId, status: 'RUNNING' };
  });
}

/**
 * Sets the final status once; a repeated call (a retried activity) changes nothing. A FAILED run records
 * its error (step, code, message) and an ERROR entry in its log; a SUCCEEDED run records the Evaluation of
 * its model version on the test split, in the same transaction.
 */
export async function completeTrainingRun(
  driver: Driver,
  trainingRunId: string,
  status: 'SUCCEEDED' | 'FAILED',
  details: {
    metrics?: Record<string, unknown>;
    error?: RunError;
    evaluation?: Omit<TrainingEvaluation, 'trainingRunId'>;
    requestedBy: Requester;
    workflowId: string;
    runId: string;
  },
): Promise<void> {
  const actor = actorOf(details.requestedBy);
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.TrainingRun} {id: $id}) WHERE r.status = 'RUNNING'
         SET r.status = $status, r.endedAt = datetime(), r.metrics = $metrics, r.error = $error,
             r.errorStep = $errorStep, r.errorCode = $errorCode
         RETURN r.id AS id, r.log AS log`,
      {
        id: trainingRunId,
        status,
        metrics: JSON.stringify(details.metrics ?? {}),
        error: details.error?.message ?? null,
        errorStep: details.error?.step ?? null,
        errorCode: details.error?.code ?? null,
      },
    );
    if (records.length === 0) return;
    let log = parseLog(records[0]!.get('log'));
    if (details.error) {
      log = failureLog(log, details.error);
      await tx.run(`MATCH (r:${Label.TrainingRun} {id: $id}) SET r.log = $log`, {
        id: trainingRunId,
        log: JSON.stringify(log),
      });
    }
    const evaluationId =
      status === 'SUCCEEDED' && details.evaluation
        ? await recordTrainingEvaluation(
            tx,
            actor,
            { ...details.evaluation, trainingRunId },
            { workflowId: details.workflowId, runId: details.runId },
          )
        : undefined;
    await writeAudit(tx, {
      action: status === 'SUCCEEDED' ? 'trainingRun.succeed' : 'trainingRun.fail',
      actor,
      targetId: trainingRunId,
      targetLabel: Label.TrainingRun,
      after: { status, metrics: details.metrics, error: details.error, evaluationId, log },
      workflowId: details.workflowId,
      runId: details.runId,
    });
  });
}
