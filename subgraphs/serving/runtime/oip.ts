// Open Inference Protocol (KServe v2 REST) over the runtime. `handleOip` is a pure request → response
// function; `createOipRouter` mounts it on Express. Which deployment serves a model name (and whether
// the caller may see it) is the caller's business: `resolveModel` answers with a deployment id, or null,
// which is reported as 404 so that invisible models look exactly like absent ones.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { TensorSpec } from '../../models/signature.js';
import { InferenceError, isInferenceError, type InferenceErrorCode } from './errors.js';
import type { InferenceRuntime } from './runtime.js';
import { type JsonTensors } from './tensors.js';
import { fixedDim } from './validate.js';

/** ONNX Runtime dtype → KServe v2 datatype. */
export const KSERVE_DATATYPE: Readonly<Record<string, string>> = {
  bool: 'BOOL', uint8: 'UINT8', uint16: 'UINT16', uint32: 'UINT32', uint64: 'UINT64', int8: 'INT8', int16: 'INT16', int32: 'INT32',
  int64: 'INT64', float16: 'FP16', float32: 'FP32', float64: 'FP64', string: 'BYTES',
};
const DTYPE_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(KSERVE_DATATYPE).map(([k, v]) => [v, k]));

export const kserveDatatype = (dtype: string): string => KSERVE_DATATYPE[dtype] ?? dtype.toUpperCase();

export interface OipContext {
  headers: Record<string, string | string[] | undefined>;
}

/** A deployment id, or one with the version to report; null when the model is absent or invisible. */
export type ResolvedModel = string | { deploymentId: string; version?: string };
export type ResolveModel = (name: string, version: string | undefined, context: OipContext) => ResolvedModel | null | Promise<ResolvedModel | null>;

export interface OipRequest extends OipContext {
  method: string;
  /** The path from /v2 on, e.g. /v2/models/iris/versions/3/infer. */
  path: string;
  body?: unknown;
}

export interface OipResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface OipOptions {
  serverName?: string;
  serverVersion?: string;
  /** Largest JSON body the router accepts (default 64 MiB). */
  maxBodyBytes?: number;
}

const STATUS_OF: Record<InferenceErrorCode, number> = {
  INVALID_ARGUMENT: 400, NOT_FOUND: 404, OVERLOADED: 429, TIMEOUT: 504, UNAVAILABLE: 503, INTERNAL: 500,
};

export function errorResponse(error: unknown): OipResponse {
  const e = isInferenceError(error) ? error : new InferenceError('INTERNAL', 'internal error');
  const headers: Record<string, string> = e.code === 'OVERLOADED' ? { 'retry-after': '1' } : {};
  return { status: STATUS_OF[e.code], body: { error: e.message }, headers };
}

const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(ready|infer))?\/?$/;

const metadataOf = (spec: TensorSpec): { name: string; datatype: string; shape: number[] } => ({
  name: spec.name,
  datatype: kserveDatatype(spec.dtype),
  shape: spec.shape.map(fixedDim),
});

/** Answers one OIP request. Never throws. */
export async function handleOip(runtime: InferenceRuntime, resolveModel: ResolveModel, req: OipRequest, options: OipOptions = {}): Promise<OipResponse> {
  try {
    const method = req.method.toUpperCase();
    const path = req.path.replace(/\/+$/, '') || '/';
    if (method === 'GET' && path === '/v2') return { status: 200, body: { name: options.serverName ?? 'plinth', version: options.serverVersion ?? '0.1.0', extensions: [] } };
    if (method === 'GET' && path === '/v2/health/live') return { status: 200, body: { live: true } };
    if (method === 'GET' && path === '/v2/health/ready') return { status: 200, body: { ready: true } };
    const match = MODEL_PATH.exec(req.path);
    if (!match) return { status: 404, body: { error: `no such endpoint: ${req.method} ${req.path}` } };
    const name = decodeURIComponent(match[1] as string);
    const version = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const action = match[3];
    if ((action === 'infer') !== (method === 'POST') || (method !== 'GET' && method !== 'POST'))
      return { status: 405, body: { error: `${req.method} is not allowed on ${req.path}` }, headers: { allow: action === 'infer' ? 'POST' : 'GET' } };

    const resolved = await resolveModel(name, version, { headers: req.headers });
    const label = version === undefined ? `model "${name}"` : `model "${name}" version "${version}"`;
    if (resolved === null) return { status: 404, body: { error: `${label} not found` } };
    const deploymentId = typeof resolved === 'string' ? resolved : resolved.deploymentId;
    const modelVersion = (typeof resolved === 'string' ? undefined : resolved.version) ?? version;
    const status = runtime.status(deploymentId);

    if (action === 'ready') {
      if (!status) return { status: 404, body: { error: `${label} is not deployed` } };
      const ready = status.state === 'READY';
      return { status: ready ? 200 : 400, body: { name, ready } };
    }
    if (action === undefined) {
      if (!status) return { status: 404, body: { error: `${label} is not deployed` } };
      return {
        status: 200,
        body: {
          name,
          versions: modelVersion === undefined ? [] : [modelVersion],
          platform: 'onnxruntime',
          inputs: status.signature.inputs.map(metadataOf),
          outputs: status.signature.outputs.map(metadataOf),
        },
      };
    }

    // infer
    if (req.headers['inference-header-content-length'] !== undefined)
      return { status: 400, body: { error: 'the binary tensor data extension is not supported; send JSON tensors' } };
    if (!status) return { status: 404, body: { error: `${label} is not deployed` } };
    const parsed = parseInferRequest(req.body, status.signature.inputs);
    const outputs = await runtime.predict(deploymentId, parsed.inputs, parsed.outputs ? { outputs: parsed.outputs } : {});
    return {
      status: 200,
      body: {
        model_name: name,
        ...(modelVersion === undefined ? {} : { model_version: modelVersion }),
        id: parsed.id ?? randomUUID(),
        outputs: Object.entries(outputs).map(([outputName, t]) => ({ name: outputName, shape: t.shape, datatype: kserveDatatype(t.dtype), data: t.data })),
      },
    };
  } catch (error) {
    return errorResponse(error);
  }
}

const invalid = (problems: string[]): InferenceError => new InferenceError('INVALID_ARGUMENT', problems.join('; '), problems);

/** KServe v2 inference request → runtime inputs (datatypes checked against the model's). */
export function parseInferRequest(body: unknown, specs: readonly TensorSpec[]): { id?: string; inputs: JsonTensors; outputs?: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid(['the request body must be a JSON object with "inputs"']);
  const { id, inputs, outputs } = body as { id?: unknown; inputs?: unknown; outputs?: unknown };
  if (id !== undefined && typeof id !== 'string') throw invalid(['"id" must be a string']);
  if (!Array.isArray(inputs) || inputs.length === 0) throw invalid(['"inputs" must be a non-empty list of tensors']);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const problems: string[] = [];
  const result: JsonTensors = {};
  inputs.forEach((input: unknown, i) => {
    if (input === null || typeof input !== 'object') return void problems.push(`inputs[${i}] must be an object`);
    const { name, shape, datatype, data, parameters } = input as Record<string, unknown>;
    if (typeof name !== 'string') return void problems.push(`inputs[${i}]: "name" must be a string`);
    if (name in result) return void problems.push(`input "${name}": given more than once`);
    if (parameters && typeof parameters === 'object' && 'binary_data_size' in parameters)
      return void problems.push(`input "${name}": binary data is not supported; send JSON data`);
    if (typeof datatype !== 'string' || DTYPE_OF[datatype] === undefined)
      return void problems.push(`input "${name}": unknown datatype ${JSON.stringify(datatype)}; expected one of ${Object.keys(DTYPE_OF).join(', ')}`);
    const spec = byName.get(name);
    if (spec && kserveDatatype(spec.dtype) !== datatype) return void problems.push(`input "${name}": expected datatype ${kserveDatatype(spec.dtype)}, got ${datatype}`);
    if (!Array.isArray(data)) return void problems.push(`input "${name}": "data" must be a list`);
    result[name] = { dtype: DTYPE_OF[datatype] as string, shape: shape as number[], data: data.flat(Infinity) as (number | string | boolean)[] };
  });
  let outputNames: string[] | undefined;
  if (outputs !== undefined) {
    if (!Array.isArray(outputs) || outputs.some((o) => o === null || typeof o !== 'object' || typeof (o as { name?: unknown }).name !== 'string'))
      problems.push('"outputs" must be a list of {"name": ...}');
    else outputNames = outputs.map((o: { name: string }) => o.name);
  }
  if (problems.length > 0) throw invalid(problems);
  return { ...(id === undefined ? {} : { id }), inputs: result, ...(outputNames ? { outputs: outputNames } : {}) };
}

/** An Express router answering /v2/... ; mount it at the app's root (or under a prefix). */
export function createOipRouter(runtime: InferenceRuntime, resolveModel: ResolveModel, options: OipOptions = {}): Router {
  const router = express.Router();
  router.use('/v2', express.json({ limit: options.maxBodyBytes ?? 64 * 1024 * 1024, type: () => true }));
  router.use('/v2', (req: Request, res: Response, next: NextFunction) => {
    const path = `/v2${req.path === '/' ? '' : req.path}`; // req.path is relative to the mount point
    handleOip(runtime, resolveModel, { method: req.method, path, body: req.body, headers: req.headers }, options)
      .then((answer) => {
        res.status(answer.status);
        for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
        res.json(answer.body);
      })
      .catch(next);
  });
  router.use('/v2', (error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const message =
      error.type === 'entity.parse.failed' ? `the request body is not valid JSON: ${error.message}`
      : error.type === 'entity.too.large' ? `the request body is larger than ${options.maxBodyBytes ?? 64 * 1024 * 1024} bytes`
      : status === 500 ? 'internal error' : error.message;
    res.status(status).json({ error: message });
  });
  return router;
}
