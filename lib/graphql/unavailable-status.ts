// A GraphQL answer that carries nothing but "a dependency is down" (Neo4j, Keycloak, a subgraph) is a
// 503 with Retry-After, not a 200: load balancers, retries and monitoring read the status line, and
// issue #12 asks for "unavailable, 503" on every door. Partial answers (some data, some errors) stay 200,
// as GraphQL over HTTP wants, so a dead subgraph does not hide what the others answered.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

const isUnavailable = (error: GraphQLFormattedError): boolean => error.extensions?.code === 'SERVICE_UNAVAILABLE';

/** True when a result holds no data at all (null, or every top-level field null) and only unavailability errors. */
export function onlyUnavailable(
  data: Record<string, unknown> | null | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): boolean {
  if (!errors?.length || !errors.every(isUnavailable)) return false;
  return data == null || Object.values(data).every((value) => value === null);
}

export function unavailableStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!onlyUnavailable(data, errors)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', '5');
        },
      };
    },
  };
}
