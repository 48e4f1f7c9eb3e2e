// The ActiveLearningRun node: one per active-learning loop over a labeling project, written only here.
// Created (RUNNING) by startActiveLearning before its workflow starts, a round recorded by the workflow's
// activity after each train-and-score, ended once (SUCCEEDED with the stop reason, FAILED with the error,
// CANCELLED). Every write is audited in its transaction and idempotent: a retried activity changes nothing
// twice. Reads for the GraphQL side live here too, beside the one writer.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx, LOCK, READ } from '../../lib/graph/asset-store.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';
import { badInput, notFound } from '../../lib/subgraph/errors.js';
import { labelingScope, MANAGES } from './access.js';
import type {
  ActiveLearningInput,
  ActiveLearningSettings,
  AlRequester,
  AlRound,
  AlRunStatus,
  AlStopReason,
  AlOutcome,
} from './active-shared.js';

/** The workflow acts for its requester with the role startActiveLearning checked before starting it. */
export const alActor = (r: AlRequester): Identity => ({
  sub: r.sub,
  username: r.username,
  org: r.org,
  roles: ['data-scientist'],
});

export interface AlRunRecord extends ActiveLearningSettings {
  id: string;
  projectId: string;
  workflowId: string;
  runId: string | null;
  status: AlRunStatus;
  stopReason: AlStopReason | null;
  error: string | null;
  rounds: AlRound[];
  ownerOrgId: string;
  createdBy: string;
  createdAt: string;
  endedAt: string | null;
}

const projection = (r: string): string => `${r} { .id, .projectId, .workflowId, .runId, .status, .stopReason,
  .error, .rounds, .strategy, .diversity, .batchSize, .budget, .plateauRounds, .plateauEpsilon, .evalSize,
  .annotators, .seed, .ownerOrgId, .createdBy, createdAt: toString(${r}.createdAt), endedAt: toString(${r}.endedAt) }`;

interface Stored extends Omit<AlRunRecord, 'rounds' | 'plateau'> {
  rounds: string | null;
  plateauRounds: number;
  plateauEpsilon: number;
}

const fromStored = (s: Stored): AlRunRecord => {
  const { plateauRounds, plateauEpsilon, rounds, ...rest } = s;
  return {
    ...rest,
    batchSize: Number(s.batchSize),
    budget: Number(s.budget),
    evalSize: Number(s.evalSize),
    seed: Number(s.seed),
    plateau: { rounds: Number(plateauRounds), epsilon: Number(plateauEpsilon) },
    rounds: rounds ? (JSON.parse(rounds) as AlRound[]) : [],
  };
};

/** Creates the RUNNING run of a workflow about to start, owned by the project's org, USED-linked to it. */
export async function createAlRun(
  driver: Driver,
  input: Omit<ActiveLearningInput, 'computeQueue' | 'checkIntervalSeconds'>,
  workflowId: string,
): Promise<AlRunRecord> {
  const actor = alActor(input.requestedBy);
  return inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId})
       CREATE (r:${Label.ActiveLearningRun} {id: $id, projectId: $projectId, workflowId: $workflowId, runId: null,
               status: 'RUNNING', stopReason: null, error: null, rounds: '[]', strategy: $strategy,
               diversity: $diversity, batchSize: $batchSize, budget: $budget, plateauRounds: $plateauRounds,
               plateauEpsilon: $plateauEpsilon, evalSize: $evalSize, annotators: $annotators, seed: $seed,
               ownerOrgId: p.ownerOrgId, createdBy: $username, createdAt: datetime()})
       MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
       CREATE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
       RETURN ${projection('r')} AS run`,
      {
        id: input.alRunId,
        projectId: input.projectId,
        workflowId,
        strategy: input.strategy,
        diversity: input.diversity,
        batchSize: input.batchSize,
        budget: input.budget,
        plateauRounds: input.plateau.rounds,
        plateauEpsilon: input.plateau.epsilon,
        evalSize: input.evalSize,
        annotators: input.annotators,
        seed: input.seed,
        sub: actor.sub,
        username: actor.username,
      },
    );
    const created = records[0]?.get('run') as Stored | undefined;
    if (!created) throw notFound(`labeling project ${input.projectId} not found`, 'projectId');
    await writeAudit(tx, {
      action: 'active-learning.start',
      actor,
      targetId: input.alRunId,
      targetLabel: Label.ActiveLearningRun,
      after: { projectId: input.projectId, workflowId, strategy: input.strategy, budget: input.budget },
      workflowId,
    });
    return fromStored(created);
  });
}

export interface Execution {
  workflowId: string;
  runId: string;
}

/** Notes the first Temporal run id (a continued run keeps the first one). */
export async function markAlRunStarted(driver: Driver, alRunId: string, execution: Execution): Promise<void> {
  await driver.executeQuery(`MATCH (r:${Label.ActiveLearningRun} {id: $id}) SET r.runId = coalesce(r.runId, $runId)`, {
    id: alRunId,
    runId: execution.runId,
  });
}

/** Records one round (replacing an earlier record of the same round: a retried activity). */
export async function recordAlRound(
  driver: Driver,
  input: Pick<ActiveLearningInput, 'alRunId' | 'requestedBy'>,
  round: AlRound,
  execution: Execution,
): Promise<void> {
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.ActiveLearningRun} {id: $id}) ${LOCK('r')} RETURN r.rounds AS rounds, r.status AS status`,
      { id: input.alRunId },
    );
    const found = records[0];
    if (!found) throw notFound(`active-learning run ${input.alRunId} not found`);
    if (found.get('status') !== 'RUNNING') return;
    const rounds = (JSON.parse((found.get('rounds') as string | null) ?? '[]') as AlRound[]).filter(
      (r) => r.round !== round.round,
    );
    rounds.push(round);
    rounds.sort((a, b) => a.round - b.round);
    await tx.run(`MATCH (r:${Label.ActiveLearningRun} {id: $id}) SET r.rounds = $rounds`, {
      id: input.alRunId,
      rounds: JSON.stringify(rounds),
    });
    await writeAudit(tx, {
      action: 'active-learning.round',
      actor: alActor(input.requestedBy),
      targetId: input.alRunId,
      targetLabel: Label.ActiveLearningRun,
      after: {
        round: round.round,
        labels: round.labels,
        accuracy: round.accuracy,
        baselineAccuracy: round.baselineAccuracy,
        batch: round.batch,
        stopReason: round.stopReason,
      },
      ...execution,
    });
  });
}

/** Ends a RUNNING run once; a repeated call (a retried activity) changes nothing. */
export async function finishAlRun(
  driver: Driver,
  input: Pick<ActiveLearningInput, 'alRunId' | 'requestedBy'>,
  outcome: AlOutcome,
  execution: Execution,
): Promise<void> {
  const status: AlRunStatus = 'stopReason' in outcome ? 'SUCCEEDED' : 'cancelled' in outcome ? 'CANCELLED' : 'FAILED';
  const stopReason: AlStopReason =
    'stopReason' in outcome ? outcome.stopReason : 'cancelled' in outcome ? 'CANCELLED' : 'FAILED';
  const error = 'error' in outcome ? outcome.error.slice(0, 2000) : null;
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.ActiveLearningRun} {id: $id}) WHERE r.status = 'RUNNING'
       SET r.status = $status, r.stopReason = $stopReason, r.error = $error, r.endedAt = datetime()
       RETURN r.id AS id`,
      { id: input.alRunId, status, stopReason, error },
    );
    if (records.length === 0) return;
    await writeAudit(tx, {
      action: `active-learning.${status.toLowerCase()}`,
      actor: alActor(input.requestedBy),
      targetId: input.alRunId,
      targetLabel: Label.ActiveLearningRun,
      after: { status, stopReason, error },
      ...execution,
    });
  });
}

// A run is seen by those who manage its project (its owners and reviewers), as labelingProject's
// managers see it: a run's rounds (accuracy, chosen items, the model's scores) steer the labeling and are
// the owners' work. Annotators, assigned or not, see their tasks, not the loop that chose them; a viewer
// or dispatcher of the org sees nothing (not found).
const RUN_VISIBLE = (r: string): string =>
  `(${visibleTo(r)} AND EXISTS { MATCH (p:${Label.LabelingProject} {id: ${r}.projectId}) WHERE ${MANAGES('p')} })`;

/** A run the viewer may see (a manager of its project), by id. */
export async function visibleAlRun(driver: Driver, viewer: Identity, id: string): Promise<AlRunRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.ActiveLearningRun} {id: $id}) WHERE ${RUN_VISIBLE('r')} RETURN ${projection('r')} AS run`,
    { id, ...(await labelingScope(driver, viewer)) },
    READ,
  );
  const found = records[0]?.get('run') as Stored | undefined;
  return found ? fromStored(found) : null;
}

/** A project's runs the viewer may see, newest first. */
export async function alRunsOfProject(driver: Driver, viewer: Identity, projectId: string): Promise<AlRunRecord[]> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.ActiveLearningRun} {projectId: $projectId}) WHERE ${RUN_VISIBLE('r')}
     RETURN ${projection('r')} AS run ORDER BY r.createdAt DESC LIMIT 100`,
    { projectId, ...(await labelingScope(driver, viewer)) },
    READ,
  );
  return records.map((r) => fromStored(r.get('run') as Stored));
}

/** The RUNNING runs of a project (their workflow ids): whom a nudge goes to. */
export async function runningAlWorkflows(driver: Driver, projectId: string): Promise<string[]> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.ActiveLearningRun} {projectId: $projectId, status: 'RUNNING'}) RETURN r.workflowId AS w`,
    { projectId },
    READ,
  );
  return records.map((r) => r.get('w') as string);
}

/**
 * Records who asked to cancel a RUNNING run the actor's org owns (audited), before Temporal is asked; the
 * workflow then ends the run CANCELLED. NOT_FOUND for a run the actor may not see or change; an ended run
 * is refused naming its status.
 */
export async function requestAlCancel(driver: Driver, actor: Identity, id: string): Promise<AlRunRecord> {
  const scope = await viewerScope(driver, actor);
  return inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.ActiveLearningRun} {id: $id}) WHERE r.ownerOrgId IN $visibleOrgs ${LOCK('r')}
       RETURN ${projection('r')} AS run`,
      { id, ...scope },
    );
    const found = records[0]?.get('run') as Stored | undefined;
    if (!found) throw notFound(`active-learning run ${id} not found`, 'id');
    if (found.status !== 'RUNNING')
      throw badInput(`active-learning run ${id} has already ended (${found.status})`, 'id');
    await tx.run(
      `MATCH (r:${Label.ActiveLearningRun} {id: $id})
       SET r.cancelRequestedBy = $username, r.cancelRequestedAt = datetime()`,
      { id, username: actor.username },
    );
    await writeAudit(tx, {
      action: 'active-learning.cancel',
      actor,
      targetId: id,
      targetLabel: Label.ActiveLearningRun,
      after: { requestedBy: actor.username },
      workflowId: found.workflowId,
    });
    return fromStored(found);
  });
}
