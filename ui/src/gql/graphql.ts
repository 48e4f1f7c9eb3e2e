/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The kinds of asset that search covers. */
export type AssetKind =
  | 'ACCELERATOR'
  | 'CLUSTER'
  | 'DATASET'
  | 'DATASET_VERSION'
  | 'DEPLOYMENT'
  | 'EDGE_NODE'
  | 'MODEL'
  | 'MODEL_VERSION'
  | 'NODE'
  | 'SERVICE';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, roles: Array<string>, org: { id: string, name: string, level: string } | null } };

export type CatalogSearchQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
}>;


export type CatalogSearchQuery = { search: { edges: Array<{ node: { kind: AssetKind, id: string, name: string | null, description: string | null, score: number } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    username
    roles
    org {
      id
      name
      level
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const CatalogSearchDocument = new TypedDocumentString(`
    query CatalogSearch($query: String!, $first: Int) {
  search(query: $query, first: $first) {
    edges {
      node {
        kind
        id
        name
        description
        score
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogSearchQuery, CatalogSearchQueryVariables>;