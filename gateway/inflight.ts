// In-flight dedup of whole operations: identical concurrent queries of the same caller are executed
// once and every one of them is answered with that result. Beside the subgraph-call dedup in
// data-source.ts, this also spares the gateway's own work (plan execution, merging, error formatting)
// for every follower. Keyed by the caller's whole token plus the operation (text, name, variables,
// extensions): two callers, or one user's two tokens, never share an answer. Queries only: a mutation
// is always executed; so is an operation whose leader answered incrementally (@defer).
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import type { GatewayContext } from './context.js';

type Shared = Pick<GraphQLResponse, 'body'> & { status: number | undefined };

/** `onJoin`: called each time a request joins an identical one in flight (a test counts them). */
export function inflightDedupPlugin(onJoin?: () => void): ApolloServerPlugin<GatewayContext> {
  const inflight = new Map<string, Promise<Shared | null>>();
  return {
    async requestDidStart() {
      let settle: ((shared: Shared | null) => void) | undefined;
      let key: string | undefined;
      const finish = (shared: Shared | null): void => {
        if (!settle || key === undefined) return;
        inflight.delete(key);
        settle(shared);
        settle = undefined;
      };
      return {
        async responseForOperation(rc: GraphQLRequestContext<GatewayContext>) {
          if (rc.operation?.operation !== 'query' || !rc.contextValue.token) return null;
          const { query, operationName, variables, extensions } = rc.request;
          const candidate = `${rc.contextValue.token}\n${operationName ?? ''}\n${JSON.stringify(variables ?? {})}\n${JSON.stringify(extensions ?? {})}\n${query ?? ''}`;
          const leader = inflight.get(candidate);
          if (leader) {
            onJoin?.();
            const shared = await leader;
            // The leader's answer, as this request's own: its status; headers stay this request's.
            if (shared) return { body: shared.body, http: { status: shared.status, headers: new HeaderMap() } };
            return null;
          }
          key = candidate;
          inflight.set(key, new Promise((resolve) => (settle = resolve)));
          return null;
        },
        async willSendResponse({ response }) {
          finish(response.body.kind === 'single' ? { body: response.body, status: response.http.status } : null);
        },
      };
    },
  };
}
