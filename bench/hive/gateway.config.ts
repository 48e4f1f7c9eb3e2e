// Hive Gateway's configuration for bench/gateway-vs-hive.ts: its defaults, plus the one setting it needs
// to serve Plinth at all. Plinth's subgraphs verify the caller's bearer token themselves, and Hive
// Gateway forwards no client header unless told to: it forwards `authorization`, nothing else.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
});
