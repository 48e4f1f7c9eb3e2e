// Typed GraphQL operations for the portal, generated from the API schema that `npm run compose` prints
// from the committed supergraph. `npm run compose` writes ui/src/gql/; `compose:check` fails when stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'ui/src/gql/schema.graphql',
  documents: ['ui/src/**/*.{ts,tsx}', '!ui/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'ui/src/gql/': {
      preset: 'client',
      // Documents as strings (TypedDocumentString): no graphql-js runtime in the bundle.
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
