// The inference runtime: a registry of deployments, each a session pool behind a dynamic batcher.
// Plain inputs only (no GraphQL, no graph): the serving subgraph resolves a Deployment, its model
// file, signature and accelerator EPs, and calls deploy/predict here.
import { createHash } from 'node:crypto';
import type * as ort from 'onnxruntime-node';
import type { Signature } from '../../../domain/models/signature.js';
import { Batcher, DEFAULT_BATCHING, isBatchable, type BatchingOptions } from './batcher.js';
import { InferenceError, isInferenceError, runFailure } from './errors.js';
import { RuntimeMetrics } from './metrics.js';
import { OperationsRecorder } from './operations.js';
import { invalidArgument, listInputs, quoted } from './problems.js';
import { chooseProvider, hostProviders, type ProviderDiscovery } from './providers.js';
import { SessionPool, type Isolation } from './session-pool.js';
import { fromOrt, toOrt, type JsonTensors, type OrtTensors } from './tensors.js';
import { DEFAULT_MAX_ELEMENTS, validateInputs } from './validate.js';

export interface DeploySpec {
  deploymentId: string;
  /** The .onnx file (or its bytes). */
  modelPath: string | Uint8Array;
  /** The signature registered for the model version; checked against the file when given. */
  signature?: Signature;
  /** The accelerator's EPs in preference order, e.g. ['tensorrt', 'cuda']; empty or absent: cpu. */
  requestedProviders?: string[];
  /** Sessions in the pool (default 1). */
  poolSize?: number;
  /** 'inline' (default): sessions run on the serving thread; 'thread': each in its own worker thread, side by side. */
  isolation?: Isolation;
  /** Dynamic batching; false runs every request alone (queue bound and timeout still apply). */
  batching?: Partial<BatchingOptions> | false;
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

export type DeploymentState = 'READY' | 'FAILED';

export interface DeploymentStatus {
  deploymentId: string;
  state: DeploymentState;
  /** The EP the sessions run on (null when none could be chosen). */
  provider: string | null;
  fallbackReason: string | null;
  /** Why the deployment FAILED; null when READY. */
  error: string | null;
  /** The model's signature as ONNX Runtime reports it. */
  signature: Signature;
  /** Whether concurrent requests are concatenated along dimension 0. */
  batched: boolean;
  poolSize: number;
  isolation: Isolation;
  /** Exact graph rewrites applied before loading, "node: what" (onnx-rewrite.ts). */
  graphRewrites: string[];
}

export interface PredictOptions {
  /** Overrides the deployment's per-request timeout. */
  timeoutMs?: number;
  /** Only these outputs (default: all). */
  outputs?: string[];
}

/** One inference with what the serving host measured and used for it (GraphQL `predict` shows these). */
export interface Inference {
  outputs: JsonTensors;
  /**
   * Milliseconds from the request reaching the runtime to its outputs: validation, waiting for a batch and a
   * free session, and the session run. The same span the latency histogram records.
   */
  latencyMs: number;
  /** The execution provider the deployment's sessions ran on. */
  provider: string | null;
  /** Why that provider is not the one the accelerator asked for; null when it is. */
  fallbackReason: string | null;
}

export interface RuntimeOptions {
  /** What this host has; default: probed once per process (`hostProviders`). */
  providers?: ProviderDiscovery | (() => Promise<ProviderDiscovery>);
  /** Element limit per request (default 1e6). */
  maxElements?: number;
  metrics?: RuntimeMetrics;
}

interface Deployment {
  status: DeploymentStatus;
  pool: SessionPool | null;
  batcher: Batcher | null;
}

export class InferenceRuntime {
  readonly metrics: RuntimeMetrics;
  /** Samples of the metrics over time (operations.ts); sampling starts only when asked (start()). */
  readonly operations: OperationsRecorder;
  private deployments = new Map<string, Deployment>();
  /** Deploys of one id run one after another. */
  private chains = new Map<string, Promise<unknown>>();
  private readonly maxElements: number;

  constructor(private readonly options: RuntimeOptions = {}) {
    this.metrics = options.metrics ?? new RuntimeMetrics();
    this.operations = new OperationsRecorder(this.metrics);
    this.maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  }

  private async providers(): Promise<ProviderDiscovery> {
    const p = this.options.providers;
    if (p === undefined) return hostProviders();
    return typeof p === 'function' ? p() : p;
  }

  /**
   * Builds the deployment's session pool and batcher. Never throws for a bad model: the status says
   * FAILED with the reason. Deploying an id again replaces the old deployment once the new one is built.
   */
  deploy(spec: DeploySpec): Promise<DeploymentStatus> {
    const previous = this.chains.get(spec.deploymentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.deployNow(spec));
    this.chains.set(spec.deploymentId, next);
    void next.finally(() => {
      if (this.chains.get(spec.deploymentId) === next) this.chains.delete(spec.deploymentId);
    });
    return next;
  }

  private async deployNow(spec: DeploySpec): Promise<DeploymentStatus> {
    const discovery = await this.providers();
    const { provider, fallbackReason } = chooseProvider(spec.requestedProviders ?? [], discovery);
    const poolSize = Math.max(1, Math.floor(spec.poolSize ?? 1));
    const isolation = spec.isolation ?? 'inline';
    const pool = await SessionPool.create({
      model: spec.modelPath,
      provider,
      size: poolSize,
      sessionOptions: spec.sessionOptions,
      isolation,
    });
    let error = pool.state === 'READY' ? null : pool.reason;
    if (!error && spec.signature) error = signatureMismatch(spec.signature, pool.signature);
    const batchingOptions =
      spec.batching === false ? { ...DEFAULT_BATCHING, maxBatchSize: 1 } : { ...DEFAULT_BATCHING, ...spec.batching };
    const batched = batchingOptions.maxBatchSize > 1 && isBatchable(pool.signature);
    const status: DeploymentStatus = {
      deploymentId: spec.deploymentId,
      state: error ? 'FAILED' : 'READY',
      provider,
      fallbackReason,
      error,
      signature: pool.signature,
      batched: !error && batched,
      poolSize,
      isolation,
      graphRewrites: pool.rewrites.map((r) => `${r.node}: ${r.detail}`),
    };
    let deployment: Deployment;
    if (error) {
      await pool.close();
      deployment = { status, pool: null, batcher: null };
    } else {
      const id = spec.deploymentId;
      const batcher = new Batcher((feeds) => pool.run(feeds), {
        ...batchingOptions,
        batchable: batched,
        concurrency: pool.size,
        onBatch: (requests, rows) => this.metrics.batch(id, requests, rows),
      });
      deployment = { status, pool, batcher };
    }
    const old = this.deployments.get(spec.deploymentId);
    this.deployments.set(spec.deploymentId, deployment);
    if (old)
      await retire(old, new InferenceError('UNAVAILABLE', `deployment ${spec.deploymentId} was replaced; retry`));
    return { ...status };
  }

  status(deploymentId: string): DeploymentStatus | null {
    const d = this.deployments.get(deploymentId);
    return d ? { ...d.status } : null;
  }

  list(): DeploymentStatus[] {
    return [...this.deployments.values()].map((d) => ({ ...d.status }));
  }

  /** Session runs so far (warm-up excluded); for tests and diagnostics. */
  runs(deploymentId: string): number {
    return this.deployments.get(deploymentId)?.pool?.runs ?? 0;
  }

  /** Stops a deployment: queued requests fail with NOT_FOUND, running ones finish, sessions are released. */
  async undeploy(deploymentId: string): Promise<boolean> {
    const d = this.deployments.get(deploymentId);
    if (!d) return false;
    this.deployments.delete(deploymentId);
    this.metrics.remove(deploymentId);
    await retire(d, notFound(deploymentId));
    return true;
  }

  /** Runs the model on JSON tensors; errors are InferenceErrors with a code. */
  async predict(deploymentId: string, inputs: JsonTensors, options: PredictOptions = {}): Promise<JsonTensors> {
    return (await this.infer(deploymentId, inputs, options)).outputs;
  }

  /** predict, with the latency measured here and the provider that ran it. */
  async infer(deploymentId: string, inputs: JsonTensors, options: PredictOptions = {}): Promise<Inference> {
    const d = this.deployments.get(deploymentId);
    if (!d) throw notFound(deploymentId);
    if (d.status.state !== 'READY' || !d.batcher)
      throw new InferenceError(
        'UNAVAILABLE',
        `deployment ${deploymentId} is ${d.status.state}: ${d.status.error ?? 'not ready'}; it serves nothing until it ` +
          'is deployed again with a model that loads: route its traffic to a READY deployment meanwhile',
      );
    const started = performance.now();
    try {
      const problems = validateInputs(d.status.signature, inputs, { maxElements: this.maxElements });
      if (problems.length > 0) throw invalidArgument(problems);
      if (options.outputs) {
        const known = new Set(d.status.signature.outputs.map((o) => o.name));
        const unknown = options.outputs.filter((name) => !known.has(name));
        if (unknown.length > 0)
          throw invalidArgument(
            unknown.map((name) => `output ${quoted(name)}: unknown output`),
            `The model returns ${listInputs(d.status.signature.outputs)}`,
          );
      }
      const feeds: OrtTensors = {};
      for (const spec of d.status.signature.inputs) feeds[spec.name] = toOrt(inputs[spec.name] as JsonTensors[string]);
      const out = await d.batcher.submit(feeds, options.timeoutMs);
      const result: JsonTensors = {};
      for (const name of options.outputs ?? Object.keys(out)) {
        const tensor = out[name];
        if (tensor) result[name] = fromOrt(tensor);
      }
      const latencyMs = performance.now() - started;
      this.metrics.request(deploymentId, latencyMs / 1000);
      return { outputs: result, latencyMs, provider: d.status.provider, fallbackReason: d.status.fallbackReason };
    } catch (error) {
      const failure = isInferenceError(error) ? error : runFailure(error as Error);
      if (this.deployments.get(deploymentId) === d)
        this.metrics.request(deploymentId, (performance.now() - started) / 1000, failure.code);
      throw failure;
    }
  }

  /** Prometheus exposition of the deployments' metrics: every one, or those `include` keeps. */
  metricsText(include?: ReadonlySet<string>): string {
    const depth: Record<string, number> = {};
    for (const [id, d] of this.deployments)
      if (d.batcher && (!include || include.has(id))) depth[id] = d.batcher.queued;
    return this.metrics.render(depth, include);
  }

  /** Undeploys everything. */
  async close(): Promise<void> {
    this.operations.stop();
    await Promise.all([...this.deployments.keys()].map((id) => this.undeploy(id)));
  }
}

const notFound = (deploymentId: string): InferenceError =>
  new InferenceError('NOT_FOUND', `deployment ${deploymentId} is not deployed`);

async function retire(d: Deployment, error: InferenceError): Promise<void> {
  d.batcher?.close(error);
  await d.pool?.close();
}

/** Null when the registered signature agrees with the model file on input/output names and dtypes. */
export function signatureMismatch(registered: Signature, actual: Signature): string | null {
  const problems: string[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const have = new Map(actual[side].map((s) => [s.name, s]));
    for (const spec of registered[side]) {
      const found = have.get(spec.name);
      if (!found) problems.push(`${side.slice(0, -1)} "${spec.name}" is registered but not in the model file`);
      else if (found.dtype !== spec.dtype)
        problems.push(`${side.slice(0, -1)} "${spec.name}": registered ${spec.dtype}, model file has ${found.dtype}`);
    }
    const registeredNames = new Set(registered[side].map((s) => s.name));
    for (const spec of actual[side])
      if (!registeredNames.has(spec.name))
        problems.push(`${side.slice(0, -1)} "${spec.name}" is in the model file but not registered`);
  }
  return problems.length === 0
    ? null
    : `the model file does not match the registered signature: ${problems.join('; ')}`;
}

export interface Route {
  deploymentId: string;
  weight: number;
}

/** A number in [0, 1) from a key: the first 48 bits of its SHA-256. */
export function stickyFraction(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Canary routing: picks a route with probability proportional to its weight (routes with weight ≤ 0
 * never). With `stickyKey` (a user or session id) the pick is a function of the key and the routes, so
 * the same key keeps reaching the same deployment while the weights stay the same. Null when no
 * route has a positive weight.
 */
export function pickDeployment(
  routes: readonly Route[],
  stickyKey?: string,
  random: () => number = Math.random,
): string | null {
  const live = routes
    .filter((r) => Number.isFinite(r.weight) && r.weight > 0)
    .sort((a, b) => (a.deploymentId < b.deploymentId ? -1 : a.deploymentId > b.deploymentId ? 1 : 0));
  const total = live.reduce((sum, r) => sum + r.weight, 0);
  if (live.length === 0 || total <= 0) return null;
  let point = (stickyKey === undefined ? random() : stickyFraction(stickyKey)) * total;
  for (const route of live) {
    if (point < route.weight) return route.deploymentId;
    point -= route.weight;
  }
  return (live[live.length - 1] as Route).deploymentId;
}
