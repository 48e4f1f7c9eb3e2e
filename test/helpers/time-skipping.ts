// Temporal's time-skipping test server for workflow tests (`@temporalio/testing`): timers of minutes fire
// as soon as the test waits for a result. The server is the real Temporal test server (Java, from Maven
// Central, fetched by the launcher); the SDK's own download site is not reachable from every machine.
// Each file starts one server on a free port; `stop()` ends its worker and the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { tcpOpen } from '../../scripts/stack/health.js';
import { installTemporalTestServer } from '../../scripts/stack/temporal-test-server.js';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * Starts the server and waits for its port (up to a minute: a JVM on a busy 2-core machine takes more than
 * the 5 s that createTimeSkipping allows its child, and a child that misses them is left running).
 */
async function startServer(path: string): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(path, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 60_000;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      if (await tcpOpen(port)) return { child, port };
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    // Its port may have been taken between the probe and the bind: try another, twice.
    if (attempt < 3 && child.exitCode !== null) continue;
    throw new Error(
      `Temporal's test server (${path} ${port}) ${child.exitCode === null ? 'did not open its port within 60 s' : `exited with code ${child.exitCode}`}:\n${stderr}`,
    );
  }
}

/** What createTimeSkipping does, with a server this helper started (see startServer). */
const createOnServer = (
  TestWorkflowEnvironment as unknown as {
    create(options: {
      server: { type: 'existing' };
      supportsTimeSkipping: true;
      namespace: string;
      address: string;
    }): Promise<TestWorkflowEnvironment>;
  }
).create.bind(TestWorkflowEnvironment);

export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  // Fetched on `npm run stack -- up`; a no-op then, a one-time download (with a log line) otherwise.
  const path = await installTemporalTestServer();
  const { child, port } = await startServer(path);
  const env = await createOnServer({
    server: { type: 'existing' },
    supportsTimeSkipping: true,
    namespace: 'default',
    address: `127.0.0.1:${port}`,
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await teardown();
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM')) await exited;
  };
  return env;
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
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    ...options,
  });
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
export const eventSeconds = (e: Event | undefined): number =>
  Number(e?.eventTime?.seconds ?? 0) + (e?.eventTime?.nanos ?? 0) / 1e9;

/** A protobuf duration in seconds. */
export const durationSeconds = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  Number(d?.seconds ?? 0) + (d?.nanos ?? 0) / 1e9;

/** Each scheduling of an activity type in a history, with its workflow-clock time and decoded arguments. */
export function scheduledActivities(events: Event[], type: string): { at: number; args: unknown[] }[] {
  return events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type)
    .map((e) => ({
      at: eventSeconds(e),
      args: (e.activityTaskScheduledEventAttributes?.input?.payloads ?? []).map(
        (p) => JSON.parse(Buffer.from(p.data!).toString('utf8')) as unknown,
      ),
    }));
}

/** The timers a workflow started, in seconds. */
export const timersOf = (events: Event[]): number[] =>
  events.flatMap((e) =>
    e.timerStartedEventAttributes ? [durationSeconds(e.timerStartedEventAttributes.startToFireTimeout)] : [],
  );
