// Programmatic API of the local stack: `npm start`, the test runner and the CLI all call these.
import { rmSync } from 'node:fs';
import { waitHealthy } from './health.js';
import { keycloakService } from './keycloak.js';
import { neo4jService } from './neo4j.js';
import { isAlive, pidFile, portFree, portOwner, runningRecord, spawnDetached, stopGroup } from './process.js';
import { s3Service } from './s3.js';
import type { Endpoint, Service, ServiceName } from './service.js';
import { temporalService } from './temporal.js';
import { installTemporalTestServer } from './temporal-test-server.js';
import { installEmbeddingModels } from './embedding-models.js';
import { say } from './ui.js';

export type { Endpoint, ServiceName } from './service.js';

export const services: readonly Service[] = [neo4jService, temporalService, keycloakService, s3Service];
export const serviceNames = services.map((s) => s.name);

function select(names?: readonly string[]): Service[] {
  if (!names || names.length === 0) return [...services];
  return names.map((name) => {
    const service = services.find((s) => s.name === name);
    if (!service) throw new Error(`Unknown service "${name}"; expected one of: ${serviceNames.join(', ')}`);
    return service;
  });
}

export class PortTakenError extends Error {
  constructor(
    readonly port: number,
    readonly label: string,
    readonly service: ServiceName,
  ) {
    const owner = portOwner(port);
    super(
      `Port ${port} (${label}) is already in use by ${owner || 'another process'}, which Plinth did not start, ` +
        `so ${service} cannot start. Stop that process, or point Plinth at other ports (see lib/config.ts).`,
    );
  }
}

async function assertPortsFree(service: Service): Promise<void> {
  for (const { port, label } of service.ports) {
    if (!(await portFree(port))) throw new PortTakenError(port, label, service.name);
  }
}

export interface UpOptions {
  /** Only these services (default: all). */
  services?: readonly ServiceName[];
  /** With Temporal, also fetch its time-skipping test server (for tests; `npm start` has no use for it). */
  testServer?: boolean;
}

export interface UpResult {
  service: ServiceName;
  action: 'already running' | 'started';
  pid: number;
  seconds: number;
  endpoints: Endpoint[];
}

async function upOne(service: Service): Promise<UpResult> {
  const began = Date.now();
  const result = (action: UpResult['action'], pid: number): UpResult => {
    const seconds = Math.round((Date.now() - began) / 100) / 10;
    say(
      service.name,
      `${action === 'started' ? `healthy after ${seconds}s` : 'already running and healthy'} (pid ${pid})`,
    );
    return { service: service.name, action, pid, seconds, endpoints: service.endpoints() };
  };
  const waitFor = (pid: number, log: string, probe = service.healthy): Promise<void> =>
    waitHealthy(probe, { timeoutMs: service.startTimeoutMs, died: () => !isAlive(pid), log, service: service.title });

  const running = runningRecord(service.name);
  if (running) {
    // Ours and alive: either healthy, or a previous `up` is still starting it.
    if (!(await service.healthy())) {
      say(service.name, `running (pid ${running.pid}) but not answering yet; waiting`);
      await waitFor(running.pid, running.log, service.started ?? service.healthy);
      await service.afterStart?.();
      await waitFor(running.pid, running.log);
    }
    await service.reconcile?.();
    return result('already running', running.pid);
  }

  // Fail before a long download if the ports are taken anyway, and again right before starting.
  await assertPortsFree(service);
  await service.install();
  const spec = await service.prepare();
  await assertPortsFree(service);
  say(service.name, `starting ${service.title}`);
  const record = spawnDetached(service.name, spec);
  await waitFor(record.pid, record.log, service.started ?? service.healthy);
  await service.afterStart?.();
  await waitFor(record.pid, record.log);
  return result('started', record.pid);
}

/**
 * Installs what is missing, starts what is not running, and waits until every service is healthy.
 * Safe to call again: running, healthy services are left alone. Rejects with every failure's message.
 */
export async function stackUp(options: UpOptions = {}): Promise<UpResult[]> {
  const chosen = select(options.services);
  // Concurrent on purpose: downloads (network), the Go build (CPU) and JVM starts overlap well. The knowledge
  // Q&A's sentence encoders are a download, not a service, fetched beside them on a full `up`.
  const models = (options.services?.length ? Promise.resolve() : installEmbeddingModels()).then(
    () => undefined,
    (error: unknown) => `knowledge embedding models: ${(error as Error).message}`,
  );
  const settled = await Promise.allSettled(chosen.map(upOne));
  const failures: string[] = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [`${chosen[i]?.name}: ${(s.reason as Error).message}`] : [],
  );
  const modelsFailure = await models;
  if (modelsFailure) failures.push(modelsFailure);
  // The time-skipping test server is a download, not a service: fetched here so tests find it installed.
  if (options.testServer && chosen.includes(temporalService)) {
    await installTemporalTestServer().catch((error: unknown) =>
      failures.push(`temporal test server: ${(error as Error).message}`),
    );
  }
  if (failures.length > 0) {
    throw new Error(
      `The local stack is not fully up:\n\n${failures.join('\n\n')}\n\nServices that did start are still running; \`npm run stack -- down\` stops them.`,
    );
  }
  return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
}

export interface DownResult {
  service: ServiceName;
  result: 'stopped' | 'killed' | 'not running';
}

/** Stops exactly the processes `stackUp` started (by pid file, whole process group). */
export async function stackDown(options: UpOptions = {}): Promise<DownResult[]> {
  return Promise.all(
    select(options.services).map(async (service): Promise<DownResult> => {
      const record = runningRecord(service.name);
      if (!record) return { service: service.name, result: 'not running' };
      say(service.name, `stopping (pid ${record.pid})`);
      const result = await stopGroup(record.pid, service.stopGraceMs);
      rmSync(pidFile(service.name), { force: true });
      say(service.name, result === 'killed' ? `did not stop within ${service.stopGraceMs / 1000}s; killed` : result);
      return { service: service.name, result };
    }),
  );
}

export interface ServiceStatus {
  service: ServiceName;
  title: string;
  /** healthy: ours and answering. starting: ours, not answering. foreign: its port is held by a process we did not start. */
  state: 'healthy' | 'starting' | 'stopped' | 'foreign';
  pid?: number;
  log?: string;
  endpoints: Endpoint[];
  detail?: string;
}

export async function stackStatus(options: UpOptions = {}): Promise<ServiceStatus[]> {
  return Promise.all(
    select(options.services).map(async (service): Promise<ServiceStatus> => {
      const base = { service: service.name, title: service.title, endpoints: service.endpoints() };
      const record = runningRecord(service.name);
      if (record) {
        const state = (await service.healthy()) ? 'healthy' : 'starting';
        return { ...base, state, pid: record.pid, log: record.log };
      }
      for (const { port, label } of service.ports) {
        if (!(await portFree(port))) {
          return {
            ...base,
            state: 'foreign',
            detail: `port ${port} (${label}) held by ${portOwner(port) || 'another process'}`,
          };
        }
      }
      return { ...base, state: 'stopped' };
    }),
  );
}
