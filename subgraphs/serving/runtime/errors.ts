// Errors of the inference runtime carry a stable code; the GraphQL layer and the OIP router map codes
// to their own error shapes (extensions.code, HTTP status).

export type InferenceErrorCode =
  | 'NOT_FOUND' // unknown or undeployed deployment (or model, through OIP)
  | 'INVALID_ARGUMENT' // request tensors do not fit the signature
  | 'OVERLOADED' // the deployment's queue is full: retry later
  | 'TIMEOUT' // the request waited or ran longer than its deadline
  | 'UNAVAILABLE' // the deployment exists but is not READY (FAILED, closing)
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

export function isInferenceError(error: unknown, code?: InferenceErrorCode): error is InferenceError {
  return error instanceof InferenceError && (code === undefined || error.code === code);
}
