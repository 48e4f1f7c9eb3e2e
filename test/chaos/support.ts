// What the chaos tests share: a hub whose subgraphs and gateway are child processes under the real
// supervisor (scripts/supervisor.ts) on free ports, a light open-loop load through its gateway that
// remembers every acknowledged write, and bench/results/chaos.json, where each kill's figures are kept.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tcpOpen } from '../../scripts/stack/health.js';
import { fileURLToPath } from 'node:url';
import { Supervisor } from '../../scripts/supervisor.js';
import { subgraphs } from '../../subgraphs/index.js';
import { gql, type GraphQLResponse } from '../helpers/hub.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const resultsFile = fileURLToPath(new URL('../../bench/results/chaos.json', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForPort(port: number, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tcpOpen(port))) {
    if (Date.now() > deadline) throw new Error(`${what} did not listen on port ${port} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SupervisedHub {
  supervisor: Supervisor;
  gatewayUrl: string;
  ports: Record<string, number>;
  /** The last lines the processes and the supervisor printed (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * The named subgraphs and the gateway as supervised child processes (`node --import tsx <entry>`), as
 * `npm start` runs them, on free ports. Subgraphs not named get a free port nobody listens on.
 */
export async function startSupervisedHub(names: readonly string[]): Promise<SupervisedHub> {
  const lines: string[] = [];
  const keep = (line: string): void => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
  const supervisor = new Supervisor({
    initialDelayMs: 200,
    log: keep,
    output: (name, line) => keep(`[${name}] ${line}`),
  });
  const ports: Record<string, number> = {};
  for (const s of subgraphs) ports[s.name] = await freePort();
  ports.gateway = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', GATEWAY_PORT: String(ports.gateway) };
  for (const s of subgraphs) {
    env[`${s.name.toUpperCase()}_PORT`] = String(ports[s.name]);
    env[`${s.name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[s.name]}/graphql`;
  }
  const node = (script: string) => ({
    command: process.execPath,
    args: ['--import', 'tsx', script],
    env,
    cwd: repoRoot,
  });
  try {
    for (const name of names) supervisor.start({ name, ...node(`subgraphs/${name}/server.ts`) });
    await Promise.all(names.map((name) => waitForPort(ports[name]!, `${name} subgraph`)));
    supervisor.start({ name: 'gateway', ...node('gateway/server.ts') });
    await waitForPort(ports.gateway, 'gateway');
  } catch (error) {
    await supervisor.stop();
    throw new Error(`${(error as Error).message}\n${lines.join('\n')}`);
  }
  return {
    supervisor,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
    ports,
    logs: () => lines.join('\n'),
    stop: () => supervisor.stop(),
  };
}

/** kill -9 of a supervised process; resolves with its replacement's pid once the supervisor has spawned it. */
export async function killAndAwaitRestart(
  hub: SupervisedHub,
  name: string,
): Promise<{ killedAt: number; newPid: number | undefined }> {
  const victim = hub.supervisor.get(name);
  if (!victim?.pid) throw new Error(`${name} is not running under the supervisor`);
  const restarted = hub.supervisor.nextSpawn(name, 30_000);
  const killedAt = performance.now();
  process.kill(victim.pid, 'SIGKILL');
  const { pid } = await restarted;
  return { killedAt, newPid: pid };
}

export interface LoadSample {
  at: number;
  ms: number;
  status: number;
  /** Top-level fields that came back non-null. */
  fields: string[];
  codes: string[];
}

/**
 * A light open-loop load: one request every `everyMs` regardless of how long answers take (a slow or
 * dead backend cannot slow the offered load down), each made by `send`.
 */
export function openLoop<T>(everyMs: number, send: (n: number) => Promise<T>): { samples: T[]; stop(): Promise<void> } {
  const samples: T[] = [];
  const pending = new Set<Promise<void>>();
  let n = 0;
  const timer = setInterval(() => {
    const p = send(n++).then(
      (s) => void samples.push(s),
      () => undefined,
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }, everyMs);
  // A test that fails before stop() must not keep its file's process (and so the whole suite) alive.
  timer.unref();
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await Promise.all([...pending]);
    },
  };
}

/** One GraphQL request, summarised: which top-level fields had data, which error codes came back. */
export async function sample(
  url: string,
  query: string,
  token: string,
  variables?: Record<string, unknown>,
): Promise<LoadSample> {
  const began = performance.now();
  let res: GraphQLResponse;
  try {
    res = await gql(url, query, { token, variables });
  } catch {
    // Connection refused (the gateway itself is down): status 0.
    return { at: began, ms: performance.now() - began, status: 0, fields: [], codes: ['CONNECTION_REFUSED'] };
  }
  const data = (res.body.data ?? {}) as Record<string, unknown>;
  return {
    at: began,
    ms: performance.now() - began,
    status: res.status,
    fields: Object.keys(data).filter((k) => data[k] !== null && data[k] !== undefined),
    codes: (res.body.errors ?? []).map((e) => e.extensions?.code ?? 'NONE'),
  };
}

/** Polls until `ok` holds for an answer; returns the milliseconds from `since` to that answer. */
export async function timeUntil(
  since: number,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
  what = 'recovery',
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return performance.now() - since;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Merges one kill's figures into bench/results/chaos.json (one key per kill) and prints them. */
export async function recordChaos(kill: string, figures: Record<string, unknown>): Promise<void> {
  console.log(`chaos ${kill}: ${JSON.stringify(figures)}`);
  await mkdir(fileURLToPath(new URL('.', `file://${resultsFile}`)), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // first run
  }
  all[kill] = { ...figures, recordedAt: new Date().toISOString() };
  await writeFile(resultsFile, `${JSON.stringify(all, null, 2)}\n`);
}
