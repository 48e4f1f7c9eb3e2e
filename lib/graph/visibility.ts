// Row visibility, decided inside the query: an asset is visible to a caller when it is owned by the
// caller's org or an org below it (HQ sees its branches), or shared with the caller's org.
// Use with a `$viewerOrg` parameter; `alias` is a variable name chosen by our code, never by a request.
export const visibleTo = (alias: string): string =>
  `(EXISTS { MATCH (${alias})-[:OWNED_BY]->(:Org)-[:PART_OF*0..]->(:Org {id: $viewerOrg}) }
    OR EXISTS { MATCH (${alias})-[:SHARED_WITH]->(:Org {id: $viewerOrg}) })`;
