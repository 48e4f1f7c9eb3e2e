// Temporal's time-skipping test server for workflow tests (`@temporalio/testing`): timers of minutes fire
// as soon as the test waits for a result. The server is the real Temporal test server (Java, from Maven
// Central, fetched by the launcher); the SDK's own download site is not reachable from every machine.
// Each file starts one server on a free port; `stop()` ends its worker and the server.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { installTemporalTestServer } from '../../scripts/stack/temporal-test-server.js';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  // Fetched on `npm run stack -- up`; a no-op then, a one-time download (with a log line) otherwise.
  const path = await installTemporalTestServer();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}

/**
 * A worker on `taskQueue` of a test server (pass timeSkippingEnvironment()'s promise, started early beside
 * the hub), running the given bundle and the real activities.
 */
export async function timeSkippingWorker(
  environment: Promise<TestWorkflowEnvironment>,
  options: { taskQueue: string; workflowBundle: WorkflowBundleWithSourceMap; activities: object },
): Promise<TimeSkipping> {
  const env = await environment;
  const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', ...options });
  const done = worker.run();
  return {
    env,
    taskQueue: options.taskQueue,
    stop: async () => {
      worker.shutdown();
      await done;
      await env.teardown();
    },
  };
}

type Event = temporal.api.history.v1.IHistoryEvent;

/** When an event happened on the workflow's clock (the test server's, which skips), in seconds. */
export const eventSeconds = (e: Event | undefined): number => Number(e?.eventTime?.seconds ?? 0) + (e?.eventTime?.nanos ?? 0) / 1e9;

/** A protobuf duration in seconds. */
export const durationSeconds = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number => Number(d?.seconds ?? 0) + (d?.nanos ?? 0) / 1e9;

/** Each scheduling of an activity type in a history, with its workflow-clock time and decoded arguments. */
export function scheduledActivities(events: Event[], type: string): { at: number; args: unknown[] }[] {
  return events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type)
    .map((e) => ({
      at: eventSeconds(e),
      args: (e.activityTaskScheduledEventAttributes?.input?.payloads ?? []).map((p) => JSON.parse(Buffer.from(p.data!).toString('utf8')) as unknown),
    }));
}

/** The timers a workflow started, in seconds. */
export const timersOf = (events: Event[]): number[] =>
  events.flatMap((e) => (e.timerStartedEventAttributes ? [durationSeconds(e.timerStartedEventAttributes.startToFireTimeout)] : []));
