// Errors of the inference runtime carry a stable code; the GraphQL layer and the OIP router map codes
// to their own error shapes (extensions.code, HTTP status).

export type InferenceErrorCode =
  | 'NOT_FOUND' // unknown or undeployed deployment (or model, through OIP)
  | 'INVALID_ARGUMENT' // request tensors do not fit the signature
  | 'OVERLOADED' // the deployment's queue is full: retry later
  | 'TIMEOUT' // the request waited or ran longer than its deadline
  | 'UNAVAILABLE' // the deployment exists but is not READY (FAILED, closing)
  | 'MODEL_REJECTED_INPUT' // the input fits the signature, but the model's own graph refused it at run time
  | 'INTERNAL'; // the model run itself failed

export class InferenceError extends Error {
  override readonly name = 'InferenceError';
  constructor(
    readonly code: InferenceErrorCode,
    message: string,
    /** For INVALID_ARGUMENT: every problem found, one per entry. */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

// ONNX Runtime's messages for a run that its kernels refused (shapes that do not broadcast, a reshape that
// does not fit, a dimension the graph fixes inside): the caller's input, not a fault of the server.
const REFUSED_BY_MODEL =
  /Non-zero status code returned while running|invalid dimensions|Invalid rank|Unexpected input data type|shape/i;

/**
 * What a failed session run means for the caller: the model refusing this input (MODEL_REJECTED_INPUT, with
 * what to do) or a fault of the runtime (INTERNAL).
 */
export function runFailure(error: Error): InferenceError {
  if (!REFUSED_BY_MODEL.test(error.message))
    return new InferenceError('INTERNAL', `model run failed: ${error.message}`);
  return new InferenceError(
    'MODEL_REJECTED_INPUT',
    `the model could not run on this input: ${error.message}. The input matched the deployment's signature (names, ` +
      "dtypes, fixed dimensions), so it is the model's graph that refuses these dimensions or values at run time: " +
      'send inputs shaped as the model was trained on (see the model version signature and its metrics.features), ' +
      'or deploy a version built for this shape',
  );
}

export function isInferenceError(error: unknown, code?: InferenceErrorCode): error is InferenceError {
  return error instanceof InferenceError && (code === undefined || error.code === code);
}
