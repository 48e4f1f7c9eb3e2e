// Open Inference Protocol (KServe v2 REST) over the runtime. `handleOip` is a pure request → response
// function; `createOipRouter` mounts it on Express. Which deployment serves a model name (and whether
// the caller may see it) is the caller's business: `resolveModel` answers with a deployment id, or null,
// which is reported as 404 so that invisible models look exactly like absent ones.
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { TensorSpec } from '../../../domain/models/signature.js';
import { InferenceError, isInferenceError, type InferenceErrorCode } from './errors.js';
import { invalidArgument, quoted, tooManyInputs, unknownInputs } from './problems.js';
import type { InferenceRuntime } from './runtime.js';
import {
  binaryBody,
  decodeBinaryTensor,
  encodeBinaryTensor,
  INFERENCE_HEADER_CONTENT_LENGTH,
  ITEM_BYTES,
  parseJson,
  splitBinaryBody,
} from './oip-binary.js';
import { type JsonTensors } from './tensors.js';
import { fixedDim } from './validate.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable } from '../../../lib/subgraph/errors.js';
import { BodyError, discardBody, readBody } from '../../../lib/http/body.js';

/** ONNX Runtime dtype → KServe v2 datatype. */
export const KSERVE_DATATYPE: Readonly<Record<string, string>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
};
const DTYPE_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(KSERVE_DATATYPE).map(([k, v]) => [v, k]),
);

export const kserveDatatype = (dtype: string): string => KSERVE_DATATYPE[dtype] ?? dtype.toUpperCase();

export interface OipContext {
  headers: Record<string, string | string[] | undefined>;
}

/** A deployment id, or one with the version to report; null when the model is absent or invisible. */
export type ResolvedModel = string | { deploymentId: string; version?: string };
export type ResolveModel = (
  name: string,
  version: string | undefined,
  context: OipContext,
) => ResolvedModel | null | Promise<ResolvedModel | null>;

export interface OipRequest extends OipContext {
  method: string;
  /** The path from /v2 on, e.g. /v2/models/iris/versions/3/infer. */
  path: string;
  /** Raw bytes (JSON, or JSON header + binary tensors), or a JSON value already parsed. */
  body?: unknown;
}

export interface OipResponse {
  status: number;
  /** A JSON value, or raw bytes (binary tensor extension; the headers then give the content type). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface OipOptions {
  serverName?: string;
  serverVersion?: string;
  /** Largest request body the router accepts, decoded (default OIP_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

/** 64 MiB: a million FP64 elements in binary is 8 MB; JSON numbers take a few bytes more each. */
export const OIP_MAX_BODY_BYTES = 64 * 1024 * 1024;

const STATUS_OF: Record<InferenceErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  OVERLOADED: 429,
  TIMEOUT: 504,
  UNAVAILABLE: 503,
  MODEL_REJECTED_INPUT: 400,
  INTERNAL: 500,
};

export function errorResponse(error: unknown): OipResponse {
  const e = isInferenceError(error)
    ? error
    : isGraphUnavailable(error)
      ? new InferenceError('UNAVAILABLE', GRAPH_UNAVAILABLE)
      : new InferenceError('INTERNAL', 'internal error');
  const headers: Record<string, string> = e.code === 'OVERLOADED' ? { 'retry-after': '1' } : {};
  return { status: STATUS_OF[e.code], body: { error: e.message }, headers };
}

/** A path segment, decoded; a malformed escape (`%E0`) is the client's mistake (400), not ours. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InferenceError('INVALID_ARGUMENT', `malformed percent-encoding in the request path: "${segment}"`);
  }
}

const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(ready|infer))?\/?$/;

const metadataOf = (spec: TensorSpec): { name: string; datatype: string; shape: number[] } => ({
  name: spec.name,
  datatype: kserveDatatype(spec.dtype),
  shape: spec.shape.map(fixedDim),
});

/** Answers one OIP request. Never throws. */
export async function handleOip(
  runtime: InferenceRuntime,
  resolveModel: ResolveModel,
  req: OipRequest,
  options: OipOptions = {},
): Promise<OipResponse> {
  try {
    const method = req.method.toUpperCase();
    const path = req.path.replace(/\/+$/, '') || '/';
    if (method === 'GET' && path === '/v2')
      return {
        status: 200,
        body: {
          name: options.serverName ?? 'plinth',
          version: options.serverVersion ?? '0.1.0',
          extensions: ['binary_tensor_data'],
        },
      };
    if (method === 'GET' && path === '/v2/health/live') return { status: 200, body: { live: true } };
    if (method === 'GET' && path === '/v2/health/ready') return { status: 200, body: { ready: true } };
    const match = MODEL_PATH.exec(req.path);
    if (!match) return { status: 404, body: { error: `no such endpoint: ${req.method} ${req.path}` } };
    const name = decodeSegment(match[1] as string);
    const version = match[2] === undefined ? undefined : decodeSegment(match[2]);
    const action = match[3];
    if ((action === 'infer') !== (method === 'POST') || (method !== 'GET' && method !== 'POST'))
      return {
        status: 405,
        body: { error: `${req.method} is not allowed on ${req.path}` },
        headers: { allow: action === 'infer' ? 'POST' : 'GET' },
      };

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
    if (!status) return { status: 404, body: { error: `${label} is not deployed` } };
    const { header, binary } = readInferBody(req.body, req.headers[INFERENCE_HEADER_CONTENT_LENGTH]);
    const parsed = parseInferRequest(header, status.signature.inputs, binary);
    const outputs = await runtime.predict(
      deploymentId,
      parsed.inputs,
      parsed.outputs ? { outputs: parsed.outputs } : {},
    );
    const chunks: Buffer[] = [];
    const body = {
      model_name: name,
      ...(modelVersion === undefined ? {} : { model_version: modelVersion }),
      id: parsed.id ?? randomUUID(),
      outputs: Object.entries(outputs).map(([outputName, t]) => {
        const datatype = kserveDatatype(t.dtype);
        if (!parsed.binaryOutput(outputName) || (datatype !== 'BYTES' && ITEM_BYTES[datatype] === undefined))
          return { name: outputName, shape: t.shape, datatype, data: t.data };
        const bytes = encodeBinaryTensor(datatype, t.data);
        chunks.push(bytes);
        return { name: outputName, shape: t.shape, datatype, parameters: { binary_data_size: bytes.length } };
      }),
    };
    if (chunks.length === 0) return { status: 200, body };
    return { status: 200, ...binaryBody(body, chunks) };
  } catch (error) {
    return errorResponse(error);
  }
}

/** At most MAX_PROBLEMS problems, then how many more (problems.ts: an error stays small whatever is sent). */
const invalid = (problems: string[]): InferenceError => invalidArgument(problems);

/**
 * An infer request body → its JSON header and the binary tensor bytes after it. Raw bytes are split at
 * `Inference-Header-Content-Length` when given, else parsed whole as JSON; an already parsed value is
 * taken as the header (it cannot carry binary data).
 */
export function readInferBody(
  body: unknown,
  headerLength: string | string[] | undefined,
): { header: unknown; binary?: Buffer } {
  if (body instanceof Uint8Array)
    return headerLength === undefined ? { header: parseJson(body) } : splitBinaryBody(body, headerLength);
  if (headerLength !== undefined) throw invalid(['Inference-Header-Content-Length needs the raw request body']);
  return { header: body };
}

const paramsOf = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

export interface ParsedInferRequest {
  id?: string;
  inputs: JsonTensors;
  outputs?: string[];
  /** Whether an output goes back as binary data: its own `binary_data`, else the request's `binary_data_output`. */
  binaryOutput(name: string): boolean;
}

/**
 * KServe v2 inference request → runtime inputs (datatypes checked against the model's). `binary` holds the
 * bytes that followed the JSON header; inputs with `parameters.binary_data_size` take theirs from it in order.
 */
export function parseInferRequest(body: unknown, specs: readonly TensorSpec[], binary?: Buffer): ParsedInferRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalid(['the request body must be a JSON object with "inputs"']);
  const {
    id,
    inputs,
    outputs,
    parameters: requestParameters,
  } = body as { id?: unknown; inputs?: unknown; outputs?: unknown; parameters?: unknown };
  if (id !== undefined && typeof id !== 'string') throw invalid(['"id" must be a string']);
  if (!Array.isArray(inputs) || inputs.length === 0) throw invalid(['"inputs" must be a non-empty list of tensors']);
  const tooMany = tooManyInputs(inputs.length, specs);
  if (tooMany) throw invalid([tooMany]);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const problems: string[] = [];
  // Names the model does not take: one problem for all of them, and nothing else is said of them.
  const unknown: string[] = [];
  const result: JsonTensors = {};
  let offset = 0;
  inputs.forEach((input: unknown, i) => {
    if (input === null || typeof input !== 'object') return void problems.push(`inputs[${i}] must be an object`);
    const { name, shape, datatype, data, parameters } = input as Record<string, unknown>;
    if (typeof name !== 'string') return void problems.push(`inputs[${i}]: "name" must be a string`);
    if (Object.hasOwn(result, name) || unknown.includes(name))
      return void problems.push(`input ${quoted(name)}: given more than once`);
    const size = paramsOf(parameters)?.binary_data_size;
    if (size !== undefined && (!Number.isSafeInteger(size) || (size as number) < 0))
      return void problems.push(`input ${quoted(name)}: binary_data_size must be a non-negative integer`);
    // Claim the bytes before any other check, so that the inputs after this one still find theirs.
    const bytes = size === undefined || !binary ? undefined : binary.subarray(offset, offset + (size as number));
    if (size !== undefined) offset += size as number;
    if (!byName.has(name)) return void unknown.push(name);
    if (typeof datatype !== 'string' || DTYPE_OF[datatype] === undefined)
      return void problems.push(
        `input "${name}": unknown datatype ${JSON.stringify(datatype)}; expected one of ${Object.keys(DTYPE_OF).join(', ')}`,
      );
    const spec = byName.get(name);
    if (spec && kserveDatatype(spec.dtype) !== datatype)
      return void problems.push(`input "${name}": expected datatype ${kserveDatatype(spec.dtype)}, got ${datatype}`);
    if (size !== undefined) {
      if (!binary)
        return void problems.push(
          `input "${name}": binary_data_size needs binary data after the JSON header (Inference-Header-Content-Length)`,
        );
      if (data !== undefined)
        return void problems.push(`input "${name}": give either "data" or binary_data_size, not both`);
      if (offset > binary.length)
        return void problems.push(`input "${name}": binary_data_size ${size as number} runs past the end of the body`);
      try {
        result[name] = {
          dtype: DTYPE_OF[datatype] as string,
          shape: shape as number[],
          data: decodeBinaryTensor(name, datatype, shape, bytes as Buffer),
        };
      } catch (error) {
        problems.push((error as Error).message);
      }
      return;
    }
    if (!Array.isArray(data)) return void problems.push(`input "${name}": "data" must be a list`);
    result[name] = {
      dtype: DTYPE_OF[datatype] as string,
      shape: shape as number[],
      data: data.flat(Infinity) as (number | string | boolean)[],
    };
  });
  if (unknown.length > 0) problems.unshift(unknownInputs(unknown, specs));
  if (binary && offset < binary.length)
    problems.push(
      `${binary.length} bytes of binary data follow the JSON header, but the inputs' binary_data_size add up to ${offset}`,
    );
  let outputNames: string[] | undefined;
  const binaryByName = new Map<string, boolean>();
  if (outputs !== undefined) {
    if (
      !Array.isArray(outputs) ||
      outputs.some((o) => o === null || typeof o !== 'object' || typeof (o as { name?: unknown }).name !== 'string')
    )
      problems.push('"outputs" must be a list of {"name": ...}');
    else {
      outputNames = outputs.map((o: { name: string }) => o.name);
      for (const o of outputs as { name: string; parameters?: unknown }[]) {
        const p = paramsOf(o.parameters);
        if (p?.binary_data !== undefined && typeof p.binary_data !== 'boolean')
          problems.push(`output ${quoted(o.name)}: binary_data must be true or false`);
        else if (typeof p?.binary_data === 'boolean') binaryByName.set(o.name, p.binary_data);
        if (p?.classification !== undefined && p.classification !== 0)
          problems.push(`output ${quoted(o.name)}: the classification extension is not supported`);
      }
    }
  }
  const binaryAll = paramsOf(requestParameters)?.binary_data_output;
  if (binaryAll !== undefined && typeof binaryAll !== 'boolean')
    problems.push('binary_data_output must be true or false');
  if (problems.length > 0) throw invalid(problems);
  return {
    ...(id === undefined ? {} : { id }),
    inputs: result,
    ...(outputNames ? { outputs: outputNames } : {}),
    binaryOutput: (name) => binaryByName.get(name) ?? binaryAll === true,
  };
}

/**
 * For POST .../infer: the model resolved before the body is read, or the answer to send at once
 * (404 for a model that is absent, invisible or not deployed; 400 for a malformed path). Other
 * requests: nothing to decide yet.
 */
async function resolveBeforeBody(
  runtime: InferenceRuntime,
  resolveModel: ResolveModel,
  path: string,
  headers: OipContext['headers'],
): Promise<{ answer: OipResponse } | { resolved?: ResolvedModel }> {
  const match = MODEL_PATH.exec(path);
  if (!match || match[3] !== 'infer') return {};
  try {
    const name = decodeSegment(match[1] as string);
    const version = match[2] === undefined ? undefined : decodeSegment(match[2]);
    const label = version === undefined ? `model "${name}"` : `model "${name}" version "${version}"`;
    const resolved = await resolveModel(name, version, { headers });
    if (resolved === null) return { answer: { status: 404, body: { error: `${label} not found` } } };
    if (!runtime.status(typeof resolved === 'string' ? resolved : resolved.deploymentId))
      return { answer: { status: 404, body: { error: `${label} is not deployed` } } };
    return { resolved };
  } catch (error) {
    return { answer: errorResponse(error) };
  }
}

/** An Express router answering /v2/... ; mount it at the app's root (or under a prefix). */
export function createOipRouter(
  runtime: InferenceRuntime,
  resolveModel: ResolveModel,
  options: OipOptions = {},
): Router {
  const router = express.Router();
  const limit = options.maxBodyBytes ?? OIP_MAX_BODY_BYTES;
  // Raw bytes: an infer body is JSON, or a JSON header followed by binary tensors; handleOip splits it.
  // Counted while they stream (gzip and deflate decoded under the same limit), refused at once when
  // the declared length is over it; a 413 leaves the connection usable (lib/http/body.ts).
  const readBodyNext = (req: Request, res: Response, next: NextFunction): void =>
    void readBody(req, limit, { encoded: 'decode' }).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: Error) => {
        res.status(error instanceof BodyError ? error.status : 400).json({ error: error.message });
        discardBody(req, res);
      },
    );
  router.use('/v2', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    // An infer request names its model in the path: resolve it first, so a missing or invisible model
    // is a 404 with the body discarded unread (issue #12: twelve 62 MB bodies for a model that does not
    // exist were each buffered whole before their 404, serving went from 491 MB to 1.33 GB).
    resolveBeforeBody(runtime, resolveModel, `/v2${req.path === '/' ? '' : req.path}`, req.headers).then((early) => {
      if ('answer' in early) {
        res.status(early.answer.status);
        for (const [k, v] of Object.entries(early.answer.headers ?? {})) res.setHeader(k, v);
        res.json(early.answer.body);
        return discardBody(req, res);
      }
      if (early.resolved !== undefined) res.locals.oipResolved = early.resolved;
      readBodyNext(req, res, next);
    }, next);
  });
  router.use('/v2', (req: Request, res: Response, next: NextFunction) => {
    const path = `/v2${req.path === '/' ? '' : req.path}`; // req.path is relative to the mount point
    const early = res.locals.oipResolved as ResolvedModel | undefined;
    const resolve: ResolveModel = early === undefined ? resolveModel : () => early;
    handleOip(runtime, resolve, { method: req.method, path, body: req.body, headers: req.headers }, options)
      .then((answer) => {
        res.status(answer.status);
        for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
        if (answer.body instanceof Uint8Array) res.end(answer.body);
        else res.json(answer.body);
      })
      .catch(next);
  });
  router.use(
    '/v2',
    (error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      const message =
        error.type === 'entity.parse.failed'
          ? `the request body is not valid JSON: ${error.message}`
          : error.type === 'entity.too.large'
            ? `the request body is larger than ${limit} bytes`
            : status === 500
              ? 'internal error'
              : error.message;
      res.status(status).json({ error: message });
    },
  );
  return router;
}
