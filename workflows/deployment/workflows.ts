// deployment workflows: deterministic, no I/O (lint-enforced); activities imported as types only.
// validate → approval (four eyes) → canary at a traffic share → watch a window → promote or roll back.
// Approve and reject signals carry statements signed by the serving subgraph; an activity verifies
// each (signature, addressed to this workflow, fresh, a person) before four eyes is even considered.
import {
  ActivityCancellationType,
  ActivityFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { CanaryPlacement } from './activities.js';
import { canarySplit, fourEyesProblem, judgeCanary, windowOf } from '../../domain/deployment/health.js';
import {
  DEPLOYMENT_SYSTEM,
  HEALTH_CHECK,
  approveSignal,
  cancelledBySignal,
  decideUpdate,
  rejectSignal,
  statusQuery,
  type AuditStep,
  type CheckedDecision,
  type DecisionPayload,
  type DecisionSignal,
  type DeploymentRequestInput,
  type DeploymentRequestStatus,
  type Person,
} from '../../domain/deployment/shared.js';

const options = {
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
} as const;
const act = proxyActivities<Activities>(options);
// Cancelled while the canary is being created: wait for that to end, so the clean-up can find it.
const { deploymentCanary } = proxyActivities<Activities>({
  ...options,
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

// The request record's write is one small graph transaction: a short timeout, so that a worker lost while
// it runs costs seconds before the retry on another worker, not the two minutes the other steps allow.
const { deploymentRecordStep } = proxyActivities<Activities>({ ...options, startToCloseTimeout: '15 seconds' });

export async function deploymentWorkflow(input: DeploymentRequestInput): Promise<DeploymentRequestStatus> {
  const state: DeploymentRequestStatus = {
    step: 'VALIDATING',
    requestedBy: input.requestedBy,
    serviceId: input.serviceId,
    modelVersionId: input.modelVersionId,
    approvals: [],
    decision: null,
    canaryDeploymentId: null,
    health: null,
  };
  // Decisions in arrival order; one sent as an Update carries a ticket its handler waits on.
  const inbox: { kind: 'approve' | 'reject'; signal: DecisionPayload | DecisionSignal; ticket?: number }[] = [];
  // Runs from before signed decisions replay as they ran: they believed the payload.
  const verifySignals = patched('verified-decision-signals');
  // Runs from before the listable request record (domain/deployment/request-record.ts) replay without its
  // writes: ONE patch taken here, at the start, guards every record write below.
  const recordSteps = patched('request-record');
  let recordSeq = 0;
  const startedAt = workflowInfo().startTime.toISOString();
  /** Moves the request's record to state.step; the sequence number keeps a late retry from rewinding it. */
  const record = async (): Promise<void> => {
    if (!recordSteps) return;
    recordSeq += 1;
    await deploymentRecordStep(input, {
      seq: recordSeq,
      step: state.step,
      createdAt: startedAt,
      decision: state.decision,
      canaryDeploymentId: state.canaryDeploymentId,
    });
  };
  const nonces = new Set<string>();
  const handled = new Set<number>();
  let tickets = 0;
  const deciding = () => state.step === 'VALIDATING' || state.step === 'AWAITING_APPROVAL';
  let cancelledBy: DecisionPayload | null = null;
  setHandler(statusQuery, () => state);
  setHandler(approveSignal, (signal) => void inbox.push({ kind: 'approve', signal }));
  setHandler(rejectSignal, (signal) => void inbox.push({ kind: 'reject', signal }));
  setHandler(cancelledBySignal, (signal) => void (cancelledBy = signal));
  // The Update answers once its own decision was verified and applied (or refused), with the state after it.
  setHandler(
    decideUpdate,
    async (kind, signal) => {
      const ticket = ++tickets;
      inbox.push({ kind, signal, ticket });
      await condition(() => handled.has(ticket) || !deciding());
      return state;
    },
    {
      validator: (kind, _signal) => {
        if (kind !== 'approve' && kind !== 'reject') throw new Error(`unknown decision ${String(kind)}`);
        if (!deciding()) throw new Error(`the request is no longer awaiting approval (it is ${state.step})`);
      },
    },
  );

  const audit = (action: string, step: Omit<AuditStep, 'action'>) =>
    act.deploymentAudit({ action: `deployment-request.${action}`, ...step });
  const onService = { targetLabel: 'Service' as const, targetId: input.serviceId };
  let canary: CanaryPlacement | null = null;

  // Back to the routes from before the canary, then stop it; safe to repeat.
  const rollBack = async (why: string, by: Person | null): Promise<void> => {
    if (!canary) return;
    state.step = 'ROLLING_BACK';
    await record();
    await act.deploymentSetRoutes(input.serviceId, canary.previousRoutes);
    await act.deploymentStop([canary.canaryId]);
    await audit('rollback', {
      actor: null,
      targetLabel: 'Deployment',
      targetId: canary.canaryId,
      after: { reason: why, routes: canary.previousRoutes, ...(by ? { decidedBy: by.username } : {}) },
    });
  };

  try {
    await record();
    await audit('submit', {
      actor: input.requestedBy,
      ...onService,
      after: {
        requestId: input.requestId,
        modelVersionId: input.modelVersionId,
        acceleratorId: input.acceleratorId,
        canaryWeight: input.canaryWeight,
        windowSeconds: input.windowSeconds,
        thresholds: input.thresholds,
        requiredMetrics: input.requiredMetrics ?? {},
      },
    });
    const problem = await act.deploymentValidate(input);
    await audit('validate', { actor: null, ...onService, after: { valid: problem === null, reason: problem } });
    if (problem) {
      state.step = 'FAILED';
      state.decision = { outcome: 'invalid', by: DEPLOYMENT_SYSTEM, comment: null, reason: problem };
      await record();
      await condition(allHandlersFinished);
      return state;
    }

    state.step = 'AWAITING_APPROVAL';
    await record();
    let approval: DecisionSignal | null = null;
    while (!approval) {
      await condition(() => inbox.length > 0);
      const { kind, signal: payload, ticket } = inbox.shift()!;
      const answered = () => void (ticket !== undefined && handled.add(ticket));
      let checked: CheckedDecision = verifySignals
        ? await act.deploymentVerifyDecision(kind, payload)
        : { ok: true, decision: payload as DecisionSignal, nonce: '' };
      if (checked.ok && checked.nonce !== '' && nonces.has(checked.nonce)) {
        checked = {
          ok: false,
          reason: 'replayed: this signed decision was already used',
          claimed: checked.decision.approver.username,
        };
      }
      if (!checked.ok) {
        // Nothing in it is believed: recorded as an anonymous refused attempt, the claim kept for the audit.
        const attempt = state.approvals.length;
        state.approvals.push({
          kind,
          approver: { sub: 'unverified', username: 'unverified' },
          comment: '',
          accepted: false,
          reason: checked.reason,
        });
        await audit(`${kind}-refused`, {
          actor: null,
          ...onService,
          after: { attempt, reason: checked.reason, claimed: checked.claimed },
        });
        answered();
        continue;
      }
      if (checked.nonce !== '') nonces.add(checked.nonce);
      const signal = checked.decision;
      const refused = fourEyesProblem(input.requestedBy, signal.approver, kind);
      const attempt = state.approvals.length;
      state.approvals.push({
        kind,
        approver: { sub: signal.approver.sub, username: signal.approver.username },
        comment: signal.comment,
        accepted: !refused,
        reason: refused,
      });
      const by = { sub: signal.approver.sub, username: signal.approver.username };
      await audit(refused ? `${kind}-refused` : kind, {
        actor: signal.approver,
        ...onService,
        after: { attempt, comment: signal.comment, reason: refused },
      });
      if (refused) {
        answered();
        continue;
      }
      if (kind === 'reject') {
        state.step = 'REJECTED';
        state.decision = { outcome: 'rejected', by, comment: signal.comment, reason: null };
        answered();
        await record();
        await condition(allHandlersFinished);
        return state;
      }
      approval = signal;
      state.decision = { outcome: 'approved', by, comment: signal.comment, reason: null };
      answered();
    }

    state.step = 'DEPLOYING_CANARY';
    await record();
    canary = await deploymentCanary(input, approval);
    state.canaryDeploymentId = canary.canaryId;
    if (canary.status !== 'READY') {
      const reason = `canary ${canary.canaryId} is ${canary.status}${canary.reason ? `: ${canary.reason}` : ''}`;
      await rollBack(reason, DEPLOYMENT_SYSTEM);
      return await finish('FAILED', 'rolled-back', reason, DEPLOYMENT_SYSTEM);
    }
    // Validation required a stable route; one removed since then leaves no traffic to take a share of,
    // and the canary would take all of it (issue #15). Runs from before this check replay without it.
    if (!canary.previousRoutes.some((r) => r.weight > 0) && patched('canary-needs-stable-route')) {
      const reason = `service ${input.serviceId} no longer routes to a stable deployment, so a ${input.canaryWeight}% canary has no traffic to share; route it to a READY deployment and request again`;
      await rollBack(reason, DEPLOYMENT_SYSTEM);
      return await finish('FAILED', 'rolled-back', reason, DEPLOYMENT_SYSTEM);
    }
    const split = canarySplit(canary.previousRoutes, canary.canaryId, input.canaryWeight);
    await act.deploymentSetRoutes(input.serviceId, split);
    await audit('canary', {
      actor: null,
      targetLabel: 'Deployment',
      targetId: canary.canaryId,
      after: { routes: split },
    });

    state.step = 'WATCHING_CANARY';
    const start = await act.deploymentSampleMetrics(canary.canaryId);
    // Recorded after the window's start sample: the traffic a caller sends once it reads WATCHING_CANARY counts.
    await record();
    await sleep(input.windowSeconds * 1000);
    const end = await act.deploymentSampleMetrics(canary.canaryId);
    state.health = judgeCanary(windowOf(start, end), input.thresholds);
    await audit('health', {
      actor: null,
      targetLabel: 'Deployment',
      targetId: canary.canaryId,
      after: { ...state.health },
    });

    if (!state.health.healthy) {
      await rollBack(state.health.reason, HEALTH_CHECK);
      return await finish('ROLLED_BACK', 'rolled-back', state.health.reason, HEALTH_CHECK);
    }
    state.step = 'PROMOTING';
    await record();
    await act.deploymentSetRoutes(input.serviceId, [{ deploymentId: canary.canaryId, weight: 100 }]);
    const old = canary.previousRoutes.map((r) => r.deploymentId);
    const stopped = await act.deploymentStop(old);
    // The canary is now the service's deployment: it takes a name that says what it serves (issue #15).
    if (patched('promoted-deployment-name')) await act.deploymentNamePromoted(input, canary.canaryId);
    await audit('promote', {
      actor: null,
      targetLabel: 'Deployment',
      targetId: canary.canaryId,
      after: { replaced: old, ...stopped },
    });
    return await finish('PROMOTED', 'promoted', state.health.reason, HEALTH_CHECK);
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(async () => {
        if (!canary && state.step === 'DEPLOYING_CANARY') {
          const discarded = await act.deploymentDiscardCanary(input.modelVersionId);
          if (discarded)
            await audit('rollback', {
              actor: null,
              targetLabel: 'Deployment',
              targetId: discarded,
              after: { reason: 'cancelled', routes: null },
            });
        }
        // Temporal's cancel names no sender: the signed note sent just before it does, once verified.
        // Only activity arguments change with who it was (the same commands either way): no patch needed.
        let by: Person | null = null;
        let canceller: AuditStep['actor'] = null;
        if (cancelledBy) {
          const checked = await act.deploymentVerifyDecision('cancel', cancelledBy);
          if (checked.ok) {
            canceller = checked.decision.approver;
            by = { sub: canceller.sub, username: canceller.username };
          }
        }
        await rollBack('cancelled', by);
        state.step = 'CANCELLED';
        const reason = by ? `cancelled by ${by.username}` : 'the request was cancelled';
        state.decision = { outcome: 'cancelled', by, comment: null, reason };
        await record();
        await audit('cancel', {
          actor: canceller,
          ...onService,
          after: {
            step: state.step,
            canaryDeploymentId: canary?.canaryId ?? null,
            ...(by ? { cancelledBy: by.username } : {}),
          },
        });
      });
      throw error;
    }
    if (!(error instanceof ActivityFailure)) throw error;
    // An activity failed for good (e.g. the accelerator cannot serve the version): undo and say why.
    const reason = error.cause?.message ?? error.message;
    await rollBack(reason, DEPLOYMENT_SYSTEM);
    await audit('failed', { actor: null, ...onService, after: { reason } });
    return await finish('FAILED', canary ? 'rolled-back' : 'invalid', reason, DEPLOYMENT_SYSTEM);
  }

  /** The outcome names who decided it (the health check, or the workflow on a failure), not the approver. */
  async function finish(
    step: 'PROMOTED' | 'ROLLED_BACK' | 'FAILED',
    outcome: 'promoted' | 'rolled-back' | 'invalid',
    reason: string,
    by: Person,
  ): Promise<DeploymentRequestStatus> {
    state.step = step;
    state.decision = { outcome, by, comment: null, reason };
    await record();
    return state;
  }
}
