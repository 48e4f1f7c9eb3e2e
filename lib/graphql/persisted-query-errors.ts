// Apollo Server refuses an automatic persisted query whose sha256Hash is not the query's hash (or whose
// version it does not know) with a 400 but no error code, which its error formatting turns into
// INTERNAL_SERVER_ERROR, and which a subgraph's formatError (lib/subgraph/server.ts) masks and logs as an
// internal error with a reference: the client's mistake reported as the server's (issue #13). This plugin
// gives those refusals client error codes naming the mistake before they are formatted.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { createHash } from 'node:crypto';

export const HASH_MISMATCH = 'PERSISTED_QUERY_HASH_MISMATCH';
export const VERSION_UNSUPPORTED = 'PERSISTED_QUERY_VERSION_UNSUPPORTED';

export function persistedQueryErrors<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ request, errors }) => {
        const persisted = request.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
        if (!persisted) return;
        // Apollo's own checks, in its order, decide which refusal an uncoded error is.
        const code =
          persisted.version !== 1
            ? VERSION_UNSUPPORTED
            : typeof request.query === 'string' &&
                createHash('sha256').update(request.query).digest('hex') !== persisted.sha256Hash
              ? HASH_MISMATCH
              : undefined;
        if (!code) return;
        for (const error of errors) {
          if (error.extensions.code !== undefined) continue;
          // GraphQLError's extensions is a plain object; formatting reads it after this hook.
          Object.assign(error.extensions, { code });
          error.message =
            code === HASH_MISMATCH
              ? 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query (provided sha does not match query)'
              : `extensions.persistedQuery.version must be 1 (${error.message})`;
        }
      },
    }),
  };
}
