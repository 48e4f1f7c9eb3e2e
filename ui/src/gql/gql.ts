/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      username\n      roles\n      org {\n        id\n        name\n        level\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  query CatalogSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      edges {\n        node {\n          kind\n          id\n          name\n          description\n          score\n        }\n      }\n    }\n  }\n": typeof types.CatalogSearchDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      username\n      roles\n      org {\n        id\n        name\n        level\n      }\n    }\n  }\n": types.MeDocument,
    "\n  query CatalogSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      edges {\n        node {\n          kind\n          id\n          name\n          description\n          score\n        }\n      }\n    }\n  }\n": types.CatalogSearchDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      username\n      roles\n      org {\n        id\n        name\n        level\n      }\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogSearch($query: String!, $first: Int) {\n    search(query: $query, first: $first) {\n      edges {\n        node {\n          kind\n          id\n          name\n          description\n          score\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CatalogSearchDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
