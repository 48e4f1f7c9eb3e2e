// The lineage picture's reads: a walk paged through to the end (up to a cap), a one-level walk to
// expand a clicked node, and a deployment's provenance for the path-to-source mode. Plain async
// functions over requestGraphQL, so one useQuery can page through many requests.
import { graphql } from '../../gql';
import type { LineageDirection, LineageNodeKind, LineagePicturePageQuery } from '../../gql/graphql';
import { requestGraphQL } from '../../lib/graphql';

/** Nodes the picture fetches at most; the rest is counted as hidden (the API's own cap is 5,000). */
export const PICTURE_CAP = 3_000;
const PAGE = 100;

const LineagePicturePage = graphql(`
  query LineagePicturePage(
    $id: ID!
    $direction: LineageDirection!
    $depth: Int!
    $first: Int!
    $after: String
    $withEdges: Boolean!
  ) {
    lineage(id: $id, direction: $direction, depth: $depth, first: $first, after: $after) {
      root {
        id
        kind
        name
      }
      truncated
      nodes {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            kind
            name
            distance
          }
        }
      }
      edges @include(if: $withEdges) {
        from
        to
        relationship
      }
    }
  }
`);

const LineagePictureProvenance = graphql(`
  query LineagePictureProvenance($id: ID!) {
    provenance(deploymentId: $id) {
      truncated
      deployments {
        deployment {
          id
          kind
          name
          distance
        }
        approvals {
          userId
          username
          comment
          at
        }
      }
      modelVersions {
        modelVersion {
          id
          kind
          name
          distance
        }
      }
      trainingRuns {
        trainingRun {
          id
          kind
          name
          distance
        }
      }
      datasetVersions {
        datasetVersion {
          id
          kind
          name
          distance
        }
      }
      edges {
        from
        to
        relationship
        at
      }
    }
  }
`);

export interface PictureNode {
  id: string;
  kind: LineageNodeKind;
  name: string;
  distance: number;
}
export interface PictureEdge {
  from: string;
  to: string;
  relationship: string;
  /** Shown on the edge (path mode: who approved, when). */
  label?: string;
}
export interface LineageFetch {
  root: PictureNode;
  nodes: PictureNode[];
  edges: PictureEdge[];
  /** Nodes the walk found (what the API counts). */
  totalCount: number;
  /** The walk stopped at the depth bound or the API's node cap with more to see. */
  truncated: boolean;
  /** Milliseconds spent in the API (all pages). */
  apiMs: number;
}

/** Pages through `lineage(...)` until the end or PICTURE_CAP nodes; edges come whole with the first page. */
export async function fetchLineage(
  token: string | undefined,
  id: string,
  direction: LineageDirection,
  depth: number,
): Promise<LineageFetch | null> {
  const started = performance.now();
  const nodes: PictureNode[] = [];
  let edges: PictureEdge[] = [];
  let after: string | null = null;
  for (;;) {
    const data: LineagePicturePageQuery = await requestGraphQL(
      LineagePicturePage,
      { id, direction, depth, first: PAGE, after, withEdges: after === null },
      token,
    );
    const graph = data.lineage;
    if (!graph) return null;
    if (graph.edges) edges = graph.edges;
    nodes.push(...graph.nodes.edges.map((e) => e.node));
    const { hasNextPage, endCursor } = graph.nodes.pageInfo;
    if (!hasNextPage || !endCursor || nodes.length >= PICTURE_CAP) {
      const kept = new Set(nodes.map((n) => n.id));
      return {
        root: { ...graph.root, distance: 0 },
        nodes,
        edges: edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
        totalCount: graph.nodes.totalCount,
        truncated: graph.truncated,
        apiMs: performance.now() - started,
      };
    }
    after = endCursor;
  }
}

export interface PathFetch {
  nodes: PictureNode[];
  edges: PictureEdge[];
  truncated: boolean;
}

/**
 * The chain from a deployment back to its source dataset versions: the deployment, its model
 * versions, their training runs, the data they used and every ancestor of it, and the approvers
 * (APPROVED_BY edges labelled with who approved and when).
 */
export async function fetchSourcePath(
  token: string | undefined,
  deploymentId: string,
  approvedLabel: (who: string, at: string | null | undefined) => string,
): Promise<PathFetch | null> {
  const data = await requestGraphQL(LineagePictureProvenance, { id: deploymentId }, token);
  const p = data.provenance;
  if (!p) return null;
  const nodes: PictureNode[] = [
    ...p.deployments.map((d) => d.deployment),
    ...p.modelVersions.map((m) => m.modelVersion),
    ...p.trainingRuns.map((t) => t.trainingRun),
    ...p.datasetVersions.map((d) => d.datasetVersion),
  ];
  const onPath = new Set(nodes.map((n) => n.id));
  const edges: PictureEdge[] = p.edges
    .filter((e) => onPath.has(e.from) && onPath.has(e.to))
    .map((e) => ({ from: e.from, to: e.to, relationship: e.relationship }));
  for (const d of p.deployments) {
    for (const a of d.approvals) {
      nodes.push({ id: a.userId, kind: 'USER', name: a.username, distance: 1 });
      edges.push({
        from: d.deployment.id,
        to: a.userId,
        relationship: 'APPROVED_BY',
        label: approvedLabel(a.username, a.at),
      });
    }
  }
  return { nodes, edges, truncated: p.truncated };
}
