// edge rollout workflow: deterministic, no I/O (lint-enforced); activities imported as types only.
// Push a model version to edge nodes batch by batch, wait for each node's report (a silent node fails
// at the timeout); more failures than the budget stop the rollout and roll every pushed node back.
// Reports arrive as statements signed by the serving subgraph; an activity verifies each before it counts.
import { allHandlersFinished, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SignedStatement } from '../../lib/auth/signed-statement.js';
import type { Activities } from '../activities.js';
import {
  edgeRolloutStatusQuery,
  nodeReportSignal,
  nodeReportUpdate,
  type EdgeAuditStep,
  type EdgeRolloutInput,
  type EdgeRolloutStatus,
  type NodeReport,
  type NodeStep,
} from '../../domain/edge/shared.js';

const act = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

export async function edgeRolloutWorkflow(input: EdgeRolloutInput): Promise<EdgeRolloutStatus> {
  const size = Math.max(1, input.batchSize);
  const batches: string[][] = [];
  for (let i = 0; i < input.edgeNodeIds.length; i += size) batches.push(input.edgeNodeIds.slice(i, i + size));
  const state: EdgeRolloutStatus = {
    rolloutId: input.rolloutId,
    modelVersionId: input.modelVersionId,
    requestedBy: input.requestedBy,
    edgeNodeIds: input.edgeNodeIds,
    batch: 0,
    batches: batches.length,
    failureBudget: input.failureBudget,
    pushed: [],
    active: [],
    failed: [],
    rolledBack: [],
    state: 'PUSHING',
  };
  // Reports count only for nodes pushed and still waiting; the first report of a node wins.
  const waiting = new Set<string>();
  const reports = new Map<string, NodeReport>();
  const accept = (report: NodeReport): void => {
    if (waiting.has(report.edgeNodeId) && !reports.has(report.edgeNodeId)) reports.set(report.edgeNodeId, report);
  };
  // Runs from before signed reports replay as they ran: they believed the payload.
  const verifySignals = patched('verified-node-reports');
  // Runs from before it waited out the whole deadline even when the budget was already spent.
  const stopWhenSpent = patched('stop-when-budget-spent');
  // Runs from before the report Update judged a report when the batch ended; now each counts on arrival.
  const judgeOnArrival = patched('node-report-update');
  // Reports in arrival order; one sent as an Update carries a ticket and the node it claims to be for.
  const inbox: { payload: SignedStatement | NodeReport; ticket?: number; claimed?: string }[] = [];
  const nonces = new Set<string>();
  const handled = new Set<number>();
  let tickets = 0;
  /** Nodes with a verdict recorded (active or failed). */
  const judged = new Set<string>();
  const ended = () => state.state === 'COMPLETED' || state.state === 'ROLLED_BACK';
  setHandler(edgeRolloutStatusQuery, () => state);
  // Kept for runs started before the Update and for senders that still signal.
  setHandler(nodeReportSignal, (payload) => {
    if (verifySignals) inbox.push({ payload });
    else accept(payload as NodeReport);
  });
  // The Update answers once its report was verified and applied (or refused), with the state after it.
  setHandler(
    nodeReportUpdate,
    async (edgeNodeId, payload) => {
      const ticket = ++tickets;
      inbox.push({ payload, ticket, claimed: edgeNodeId });
      await condition(() => handled.has(ticket) || judged.has(edgeNodeId) || ended());
      return state;
    },
    {
      // Refused here, a report never enters history: the caller hears why instead of a silent drop.
      validator: (edgeNodeId, _payload) => {
        const rollout = `edge rollout ${input.rolloutId}`;
        if (!verifySignals) throw new Error(`${rollout} predates verified reports: it takes reports only as signals`);
        if (ended()) throw new Error(`${rollout} has ended (${state.state}): it takes no more reports`);
        if (!input.edgeNodeIds.includes(edgeNodeId))
          throw new Error(`edge node ${edgeNodeId} is not part of ${rollout}`);
        if (!state.pushed.includes(edgeNodeId))
          throw new Error(
            `edge node ${edgeNodeId} has not been pushed yet in ${rollout}: report after it is pushed (edgeRollout.pushed)`,
          );
        if (!judged.has(edgeNodeId) && !reports.has(edgeNodeId) && !waiting.has(edgeNodeId))
          // Its batch stopped waiting: the failure budget was spent (the rollout is rolling back) or time ran out.
          throw new Error(
            `${rollout} no longer waits for edge node ${edgeNodeId} (${state.state}${state.stopReason ? `: ${state.stopReason}` : ''}): its report is not needed`,
          );
        if (judged.has(edgeNodeId) || reports.has(edgeNodeId)) {
          const verdict = state.active.includes(edgeNodeId) ? 'active' : 'failed';
          throw new Error(
            `edge node ${edgeNodeId} was already judged in ${rollout} (${judged.has(edgeNodeId) ? verdict : 'reported'}): only its first report counts`,
          );
        }
      },
    },
  );
  /** Verifies the reports that arrived (an activity), counts the genuine ones, records and audits the rest. */
  const drainInbox = async (): Promise<void> => {
    while (inbox.length > 0) {
      const { payload, ticket, claimed } = inbox.shift()!;
      let checked = await act.edgeVerifyNodeReport(payload);
      if (checked.ok && nonces.has(checked.nonce))
        checked = {
          ok: false,
          reason: 'replayed: this signed report was already used',
          claimed: checked.report.edgeNodeId,
        };
      if (checked.ok && claimed !== undefined && checked.report.edgeNodeId !== claimed)
        checked = {
          ok: false,
          reason: `the signed report is for ${checked.report.edgeNodeId}, not ${claimed}`,
          claimed,
        };
      if (checked.ok) {
        nonces.add(checked.nonce);
        const id = checked.report.edgeNodeId;
        const counts = waiting.has(id) && !reports.has(id);
        accept(checked.report);
        if (judgeOnArrival && counts) await judge(id, checked.report);
        if (ticket !== undefined) handled.add(ticket);
        continue;
      }
      (state.refusedReports ??= []).push({ reason: checked.reason, claimed: checked.claimed });
      await audit('report-refused', {
        actor: null,
        ...onVersion,
        after: { rolloutId: input.rolloutId, reason: checked.reason, claimed: checked.claimed },
      });
      if (ticket !== undefined) handled.add(ticket);
    }
  };
  /** Records a node's verdict: its report (ok or failure), or none within the deadline. */
  const judge = async (id: string, report: NodeReport | undefined): Promise<void> => {
    waiting.delete(id);
    if (report?.ok) {
      await node('active', id, report.message);
      state.active.push(id);
      // Judged on arrival, reports come in any order: active stays in push order, as before.
      if (judgeOnArrival) state.active.sort((x, y) => state.pushed.indexOf(x) - state.pushed.indexOf(y));
    } else {
      const reason = report ? `reported failure: ${report.message}` : `no report within ${input.reportTimeoutSeconds}s`;
      await node('failed', id, reason);
      state.failed.push({ edgeNodeId: id, reason });
    }
    judged.add(id);
  };

  const audit = (action: string, step: Omit<EdgeAuditStep, 'action'>) =>
    act.edgeRolloutAudit({ action: `edge-rollout.${action}`, ...step });
  const onVersion = { targetLabel: 'ModelVersion' as const, targetId: input.modelVersionId };
  const node = (step: NodeStep, edgeNodeId: string, detail: string | null = null) =>
    act.edgeRolloutNodeStep({
      step,
      rolloutId: input.rolloutId,
      modelVersionId: input.modelVersionId,
      edgeNodeId,
      detail,
    });

  /** Whether the failures so far, with this batch's reported ones, are more than the budget allows. */
  const overBudget = (batch: string[]): boolean =>
    state.failed.length + batch.filter((id) => !judged.has(id) && reports.get(id)?.ok === false).length >
    input.failureBudget;
  /** Why the rollout stopped: the failed nodes and their reasons, against the budget. */
  const stopReason = (): string =>
    `${state.failed.length} failed node${state.failed.length === 1 ? '' : 's'} exceed${state.failed.length === 1 ? 's' : ''} the failure budget of ${input.failureBudget}: ` +
    state.failed.map((f) => `${f.edgeNodeId} (${f.reason})`).join('; ');

  await audit('start', {
    actor: input.requestedBy,
    ...onVersion,
    after: {
      rolloutId: input.rolloutId,
      edgeNodeIds: input.edgeNodeIds,
      batchSize: size,
      failureBudget: input.failureBudget,
      reportTimeoutSeconds: input.reportTimeoutSeconds,
    },
  });

  for (const [index, batch] of batches.entries()) {
    state.batch = index + 1;
    state.state = 'PUSHING';
    for (const id of batch) {
      const found = await node('push', id);
      if (!found) {
        state.failed.push({
          edgeNodeId: id,
          reason: `edge node ${id} or model version ${input.modelVersionId} not found`,
        });
        continue;
      }
      state.pushed.push(id);
      waiting.add(id);
    }
    state.state = 'AWAITING_REPORTS';
    const expected = batch.filter((id) => waiting.has(id));
    const allIn = () => expected.every((id) => reports.has(id));
    if (verifySignals) {
      // Workflow time is deterministic: the deadline holds across verifications and replays.
      const deadline = Date.now() + input.reportTimeoutSeconds * 1000;
      for (;;) {
        await drainInbox();
        const left = deadline - Date.now();
        if (allIn() || left <= 0 || (stopWhenSpent && overBudget(expected))) break;
        if (!(await condition(() => inbox.length > 0, left))) break;
      }
    } else {
      await condition(allIn, input.reportTimeoutSeconds * 1000);
    }
    // Stopped early: the batch's nodes still silent are neither active nor failed; they are rolled back below.
    const spent = stopWhenSpent && overBudget(expected);
    for (const id of expected) {
      if (judged.has(id)) continue;
      const report = reports.get(id);
      waiting.delete(id);
      if (!report && spent) continue;
      await judge(id, report);
    }
    await audit('batch', {
      actor: null,
      ...onVersion,
      after: {
        rolloutId: input.rolloutId,
        batch: state.batch,
        nodes: batch,
        active: state.active.length,
        failed: state.failed.length,
      },
    });

    if (state.failed.length > input.failureBudget) {
      if (stopWhenSpent) state.stopReason = stopReason();
      state.state = 'ROLLING_BACK';
      for (const id of state.pushed) {
        await node(
          'rollback',
          id,
          state.stopReason ?? `${state.failed.length} failed nodes exceed the budget of ${input.failureBudget}`,
        );
        state.rolledBack.push(id);
      }
      state.active = [];
      state.state = 'ROLLED_BACK';
      await audit('rolled-back', {
        actor: null,
        ...onVersion,
        after: {
          rolloutId: input.rolloutId,
          batch: state.batch,
          failed: state.failed,
          ...(state.stopReason ? { reason: state.stopReason } : {}),
          rolledBack: state.rolledBack,
          notPushed: input.edgeNodeIds.filter((id) => !state.pushed.includes(id)),
        },
      });
      await condition(allHandlersFinished);
      return state;
    }
  }

  state.state = 'COMPLETED';
  await audit('complete', {
    actor: null,
    ...onVersion,
    after: { rolloutId: input.rolloutId, active: state.active, failed: state.failed },
  });
  await condition(allHandlersFinished);
  return state;
}
