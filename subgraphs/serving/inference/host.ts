// The serving process's inference runtime: one per process, shared by GraphQL `predict`, the Open
// Inference Protocol routes and /metrics. Deployments are activated from what the graph says (model
// file, signature, accelerator), and their outcome (READY/FAILED, provider, fallback) is written back.
// The model's bytes come from the content-addressed store and are verified against the version's digest
// before onnxruntime sees them: changed or vanished bytes fail the deployment, naming both digests.
import { hostname } from 'node:os';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { config } from '../../../lib/config.js';
import { createLogger } from '../../../lib/logger.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { parseSpecs, type Signature } from '../../../domain/models/signature.js';
import { readModelArtifact } from '../../../domain/models/artifact-integrity.js';
import { IntegrityError } from '../../../domain/integrity.js';
import { InferenceRuntime, type DeploymentStatus } from '../runtime/runtime.js';
import type { Isolation } from '../runtime/session-pool.js';
import { hostProviders } from '../runtime/providers.js';
import { recordHostNode } from '../../../domain/compute/node-nodes.js';
import { inWriteTx } from '../../../lib/graph/asset-store.js';

const log = createLogger('serving');

/** The identity runtime-driven graph changes are audited under. */
export const RUNTIME_ACTOR: Identity = {
  sub: 'plinth-serving-runtime',
  username: 'serving-runtime',
  roles: ['platform-admin'],
  org: 'hq',
};

let shared: InferenceRuntime | undefined;
// The process's runtime samples its metrics every 10 s for Deployment.operations (an unref'd timer).
export const getRuntime = (): InferenceRuntime => (shared ??= startSampling(new InferenceRuntime()));
const startSampling = (runtime: InferenceRuntime): InferenceRuntime => {
  runtime.operations.start();
  return runtime;
};

interface DeploymentSource {
  modelVersionId: string;
  /** Absent for versions registered before signatures were recorded: the file's own is used. */
  signature?: Signature;
  requestedProviders: string[];
  replicas: number;
}

async function readSource(driver: Driver, deploymentId: string): Promise<DeploymentSource | null> {
  const { records } = await driver.executeQuery(
    `MATCH (d:${Label.Deployment} {id: $id})-[:${Rel.SERVES}]->(mv:${Label.ModelVersion})
     OPTIONAL MATCH (d)-[:${Rel.RUNS_ON}]->(a:${Label.Accelerator})
     RETURN mv.id AS modelVersionId, mv.inputs AS inputs, mv.outputs AS outputs, d.plannedExecutionProvider AS planned,
            coalesce(a.executionProviders, []) AS eps, coalesce(d.replicas, 1) AS replicas`,
    { id: deploymentId },
    { database: config.neo4j.database },
  );
  const r = records[0];
  if (!r) return null;
  const planned = r.get('planned') as string | null;
  const eps = r.get('eps') as string[];
  return {
    modelVersionId: r.get('modelVersionId') as string,
    signature: registeredSignature(parseSpecs(r.get('inputs')), parseSpecs(r.get('outputs'))),
    // The planned provider first, then the rest of what the accelerator offers. Planned, never the one in
    // use (executionProvider, which a load overwrites): a reload after a CPU fallback must try the GPU
    // again, and name the fallback again, not take the cpu it fell back to as the plan.
    requestedProviders: planned ? [planned, ...eps.filter((e) => e !== planned)] : eps,
    replicas: Math.max(1, Math.min(8, Number(r.get('replicas')) || 1)),
  };
}

const registeredSignature = (inputs: Signature['inputs'], outputs: Signature['outputs']): Signature | undefined =>
  inputs.length === 0 && outputs.length === 0 ? undefined : { inputs, outputs };

/**
 * Replicas are sessions that run side by side, which onnxruntime-node only does in separate threads; a
 * single replica stays on the serving thread (no thread hop). PLINTH_SESSION_ISOLATION=inline|thread
 * sets it for every deployment.
 */
export function sessionIsolation(
  replicas: number,
  env: string | undefined = process.env.PLINTH_SESSION_ISOLATION,
): Isolation {
  if (env === 'inline' || env === 'thread') return env;
  return replicas > 1 ? 'thread' : 'inline';
}

/** Loads the deployment's sessions and records READY or FAILED (with the reason) on its node. */
export async function activateDeployment(
  driver: Driver,
  deploymentId: string,
  actor: Identity = RUNTIME_ACTOR,
): Promise<DeploymentStatus | null> {
  const source = await readSource(driver, deploymentId);
  if (!source) return null;
  const status = await loadSessions(driver, deploymentId, source);
  const session = driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite(async (tx) => {
      const before = await tx.run(
        `MATCH (d:${Label.Deployment} {id: $id}) RETURN d.status AS status, d.executionProvider AS ep`,
        { id: deploymentId },
      );
      await tx.run(
        `MATCH (d:${Label.Deployment} {id: $id})
         SET d.status = $state, d.executionProvider = $provider, d.fallbackReason = $fallback, d.failureReason = $error,
             d.sessionIsolation = $isolation, d.graphRewrites = $rewrites, d.updatedAt = datetime(), d.servedBy = $host`,
        {
          id: deploymentId,
          state: status.state,
          provider: status.provider,
          fallback: status.fallbackReason,
          error: status.error,
          isolation: status.isolation,
          rewrites: status.graphRewrites,
          host: hostname(),
        },
      );
      await writeAudit(tx, {
        action: status.state === 'READY' ? 'deployment.ready' : 'deployment.failed',
        actor,
        targetId: deploymentId,
        targetLabel: Label.Deployment,
        before: before.records[0]?.toObject(),
        after: {
          status: status.state,
          provider: status.provider,
          fallbackReason: status.fallbackReason,
          error: status.error,
          sessionIsolation: status.isolation,
          graphRewrites: status.graphRewrites,
        },
      });
    });
  } finally {
    await session.close();
  }
  if (status.state === 'FAILED') log.warn(`deployment ${deploymentId} FAILED: ${status.error}`);
  else
    log.info(
      `deployment ${deploymentId} READY on ${status.provider}, ${status.poolSize} session(s) ${status.isolation === 'thread' ? 'in worker threads' : 'inline'}${status.graphRewrites.length ? `, graph rewrites: ${status.graphRewrites.join('; ')}` : ''}${status.fallbackReason ? ` (${status.fallbackReason})` : ''}`,
    );
  return status;
}

/** Verifies the artifact, then builds the sessions from the verified local file. */
async function loadSessions(driver: Driver, deploymentId: string, source: DeploymentSource): Promise<DeploymentStatus> {
  const isolation = sessionIsolation(source.replicas);
  let modelPath: string;
  try {
    modelPath = (await readModelArtifact(driver, source.modelVersionId, `deployment ${deploymentId}`)).path;
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    // Whatever this id served before (a restart's restore, a redeploy) stops serving too.
    await getRuntime().undeploy(deploymentId);
    return {
      deploymentId,
      state: 'FAILED',
      provider: null,
      fallbackReason: null,
      error: error.message,
      signature: source.signature ?? { inputs: [], outputs: [] },
      batched: false,
      poolSize: source.replicas,
      isolation,
      graphRewrites: [],
    };
  }
  return getRuntime().deploy({
    deploymentId,
    modelPath,
    signature: source.signature,
    requestedProviders: source.requestedProviders,
    poolSize: source.replicas,
    isolation,
  });
}

export async function deactivateDeployment(deploymentId: string): Promise<void> {
  await getRuntime().undeploy(deploymentId);
}

/** At start: loads every deployment the graph says should be serving, so a restart resumes them. */
export async function restoreDeployments(driver: Driver): Promise<number> {
  const { records } = await driver.executeQuery(
    `MATCH (d:${Label.Deployment}) WHERE d.status IN ['PENDING', 'READY'] AND NOT coalesce(d.archived, false) RETURN d.id AS id`,
    {},
    { database: config.neo4j.database },
  );
  for (const r of records) {
    const id = r.get('id') as string;
    // A store that cannot be reached right now (not bytes that fail their digest: those mark the
    // deployment FAILED) leaves the deployment as it was for the next start, and the others still load.
    await activateDeployment(driver, id).catch((error: Error) =>
      log.error(`deployment ${id} not restored: ${error.message}`),
    );
  }
  return records.length;
}

/**
 * Writes the execution providers this host really has to its Node in the graph, registering the host
 * through compute's Node writer (domain/compute) when compute has no hq node of this hostname yet.
 */
export async function recordHostProviders(driver: Driver): Promise<string[]> {
  const discovery = await hostProviders();
  await inWriteTx(driver, (tx) =>
    recordHostNode(tx, RUNTIME_ACTOR, hostname(), {
      available: discovery.available,
      unavailable: Object.entries(discovery.unavailable ?? {}).map(([k, v]) => `${k}: ${String(v)}`),
    }),
  );
  return discovery.available;
}
