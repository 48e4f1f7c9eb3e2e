// How the gateway calls a subgraph: the caller's token is forwarded (subgraphs verify it again), over
// a pool of keep-alive connections with undici. Apollo's RemoteGraphQLDataSource builds a node-fetch
// Request and Response per call; in profiles that was a large share of the gateway's CPU, so this
// data source speaks the same GraphQL-over-HTTP request with less machinery, and lets identical
// concurrent queries of one caller share a single upstream call (in-flight dedup, keyed by the token).
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { Pool } from 'undici';
import type { GatewayContext } from './context.js';

interface Upstream {
  statusCode: number;
  text: string;
}

/**
 * Only reads are shared: a fetch made for a client's query operation (never one of a mutation's, not
 * even the entity fetches after it), whose own text is a query.
 */
function sharable(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  // Health checks and schema loads have no incoming request.
  if (!('incomingRequestContext' in options)) return false;
  if (options.incomingRequestContext.operation?.operation !== OperationTypeNode.QUERY) return false;
  const text = options.request.query?.trimStart() ?? '';
  return text.startsWith('query') || text.startsWith('{');
}

export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    readonly name: string,
    readonly url: string,
    /** Called each time a call joins an identical one in flight (a test counts them). */
    private readonly onJoin?: () => void,
  ) {
    const parsed = new URL(url);
    this.pool = new Pool(parsed.origin, { connections: 128, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
    this.path = parsed.pathname + parsed.search;
  }

  /**
   * Subgraph calls in flight, by caller and request: identical concurrent queries of the same caller
   * share one upstream call. The key holds the caller's whole token, so two callers (or one user's two
   * tokens) never share an answer, whatever they ask: visibility differs by org, rights by role.
   */
  private readonly inFlight = new Map<string, Promise<Upstream>>();

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request, context } = options;
    // The gateway's warm-up plans and executes operations without a caller: nothing goes out.
    if ((context as Partial<GatewayContext>).warmUp) return { errors: [{ message: 'warm-up: not sent' }] };
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    // Health checks and schema loading run without a caller; those carry no token.
    const token = (context as Partial<GatewayContext>).token;
    if (token) headers.authorization = `Bearer ${token}`;
    const { query, variables, operationName, extensions } = request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    let upstream: Upstream;
    if (token && sharable(options)) {
      const key = `${token}\n${body}`;
      let pending = this.inFlight.get(key);
      if (pending) this.onJoin?.();
      else {
        pending = this.send(headers, body).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, pending);
      }
      try {
        upstream = await pending;
      } catch (error) {
        // Each caller gets its own error object: the gateway adds this request's path to the one it sees.
        if (!(error instanceof GraphQLError)) throw error;
        throw new GraphQLError(error.message, {
          extensions: { ...error.extensions },
          originalError: error.originalError ?? undefined,
        });
      }
    } else {
      upstream = await this.send(headers, body);
    }
    // Each caller parses its own copy: the gateway merges later fetches into the objects it is given.
    const { statusCode, text } = upstream;
    let parsed: GatewayGraphQLResponse;
    try {
      parsed = JSON.parse(text) as GatewayGraphQLResponse;
    } catch {
      throw new Error(`subgraph ${this.name} answered HTTP ${statusCode} with a body that is not JSON`);
    }
    if (statusCode >= 400 && !parsed.errors) throw new Error(`subgraph ${this.name} answered HTTP ${statusCode}`);
    return parsed;
  }

  private async send(headers: Record<string, string>, body: string): Promise<Upstream> {
    try {
      const response = await this.pool.request({ path: this.path, method: 'POST', headers, body });
      return { statusCode: response.statusCode, text: await response.body.text() };
    } catch (error) {
      // Down or restarting (the supervisor brings it back): say which part is missing, so the caller gets
      // the other subgraphs' fields with this error, and can retry. The address stays in the log.
      throw new GraphQLError(`${this.name} subgraph unavailable; retry shortly`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', subgraph: this.name },
        originalError: new Error(`subgraph ${this.name} at ${this.url} unreachable: ${(error as Error).message}`),
      });
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
