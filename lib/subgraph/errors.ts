// GraphQL errors with the extension codes clients branch on.
import { GraphQLError } from 'graphql';

export const forbidden = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

export const badInput = (message: string, field?: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });

export const notFound = (message: string, field?: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'NOT_FOUND', ...(field ? { field } : {}) } });

export const unauthenticated = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** What a caller sees while Neo4j cannot be reached: a retryable condition, not a bug to quote a reference for. */
export const GRAPH_UNAVAILABLE = 'graph database unavailable; retry shortly';

export const serviceUnavailable = (message = GRAPH_UNAVAILABLE): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });

// neo4j-driver's codes for "no server to talk to" (refused, closed, routing lost), the server's for a
// database still starting or stopping, and the driver's pool timeout, which with a dead server is the
// same condition reached by waiting.
const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/** True when an error (or one it wraps: GraphQL originalError, cause) says Neo4j cannot be reached. */
export function isGraphUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const { code, message, originalError, cause } = e as {
      code?: unknown;
      message?: unknown;
      originalError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && message.startsWith('Connection acquisition timed out')) return true;
    e = originalError ?? cause;
  }
  return false;
}
