// What the demo leaves running so the portal has something to show (issue #15: "the demo starts no
// workflow at all"): one training run of the credit scorer on the seeded credit table, and one deployment
// request awaiting an approver (the PP-OCRv4 detector as a canary on the substation gauge service, which
// routes to a READY deployment, as a canary requires). Both are started as the demo's own user (DEMO_ACTOR,
// not the seed actor: what the workflows do later, their audit events included, is theirs, not the seed's),
// through the same client functions GraphQL uses; the workers pick them up when the hub starts. Idempotent:
// a training run by the demo user, or a running demo request, means there is nothing to start.
import type { Driver } from 'neo4j-driver';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { config } from '../../lib/config.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { startTraining } from '../../domain/training/client.js';
import { deploymentClientOptions, startDeploymentRequest } from '../../domain/deployment/client.js';
import { temporalClient } from '../../domain/temporal/client.js';
import { DEPLOYMENT_WORKFLOW_PREFIX } from '../../domain/deployment/shared.js';

/** Who the demo's workflows were started by; an approver (not this user) may approve its request. */
export const DEMO_ACTOR = { sub: 'plinth-seed-demo', username: 'seed-demo', org: 'hq' } as const;

const db = { database: config.neo4j.database };

/** The demo's deployment request: a fixed workflow id, so a second seed finds it. */
export const DEMO_REQUEST_WORKFLOW_ID = `${DEPLOYMENT_WORKFLOW_PREFIX}demo-substation-gauges`;
export const DEMO_REQUEST_SERVICE_ID = 'seed-svc-substation-ocr';

export interface DemoStarted {
  /** The TrainingRun id and its workflow id, when this seed started it. */
  training?: { runId: string; workflowId: string };
  /** The deployment request's workflow id, when this seed started it. */
  deploymentRequest?: string;
}

export interface DemoIds {
  creditVersionId: string | undefined;
  creditModelId: string | undefined;
  detectorVersionId: string | null;
  edgeCpuId: string | undefined;
}

export async function startDemoWorkflows(
  driver: Driver,
  ids: DemoIds,
  made: (kind: string, what: string) => void,
): Promise<DemoStarted> {
  const started: DemoStarted = {};
  const requester = { ...DEMO_ACTOR };

  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.TrainingRun})-[:${Rel.ASSOCIATED_WITH}]->(:${Label.User} {id: $sub}) RETURN count(r) AS n`,
    { sub: DEMO_ACTOR.sub },
    db,
  );
  if (Number(records[0]!.get('n')) === 0 && ids.creditVersionId && ids.creditModelId) {
    const run = await startTraining(driver, {
      datasetVersionId: ids.creditVersionId,
      modelId: ids.creditModelId,
      targetColumn: 'default',
      task: 'binary',
      algorithm: 'logistic-regression',
      hyperparameters: {},
      split: { test: 0.2 },
      seed: 7,
      requestedBy: requester,
    });
    started.training = { runId: run.id, workflowId: run.workflowId };
    made('TrainingRun', `credit scorer, logistic regression on the credit table (${run.workflowId})`);
  }

  if (ids.detectorVersionId && ids.edgeCpuId && !(await running(DEMO_REQUEST_WORKFLOW_ID))) {
    try {
      const { workflowId } = await startDeploymentRequest(
        {
          serviceId: DEMO_REQUEST_SERVICE_ID,
          modelVersionId: ids.detectorVersionId,
          acceleratorId: ids.edgeCpuId,
          canaryWeight: 20,
          windowSeconds: 600,
          thresholds: { maxErrorRate: 0.05, maxP99Ms: 2000 },
          requestedBy: requester,
        },
        { workflowId: DEMO_REQUEST_WORKFLOW_ID },
      );
      started.deploymentRequest = workflowId;
      made('DeploymentRequest', `PP-OCRv4 detector canary on the substation gauge service (${workflowId})`);
    } catch (error) {
      // Started by a concurrent seed a moment ago: that one is the demo's.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return started;
}

/**
 * Whether the demo's request is running where this hub's workers will serve it. One running on another task
 * queue was left by an earlier setup (a test's worker of its own that is gone): no worker will ever answer
 * it, so it is terminated and the demo starts it again on the queue in use now.
 */
async function running(workflowId: string): Promise<boolean> {
  try {
    const handle = (await temporalClient()).workflow.getHandle(workflowId);
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return false;
    if (described.taskQueue === deploymentClientOptions.taskQueue) return true;
    await handle.terminate(
      `demo request left on task queue ${described.taskQueue}; restarted on ${deploymentClientOptions.taskQueue}`,
    );
    return false;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
