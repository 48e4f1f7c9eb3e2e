// The picture's graph as data: the walk, the expansions and the source path merged into one set of
// nodes and edges (by id), then the kind filter applied, counting what it hides. Pure functions, so
// the page recomputes them only when their inputs change (never per frame).
import type { LineageNodeKind } from '../../gql/graphql';
import type { PictureEdge, PictureNode } from './api';
import { drawn } from './kinds';

export interface Part {
  nodes: readonly PictureNode[];
  edges: readonly PictureEdge[];
}

export interface DrawnEdge {
  id: string;
  source: string;
  target: string;
  relationship: string;
  label?: string;
}

export interface Merged {
  nodes: Map<string, PictureNode>;
  edges: Map<string, DrawnEdge>;
}

const edgeId = (e: PictureEdge): string => `${e.from}|${e.relationship}|${e.to}`;

/** One graph from several parts; a node met twice keeps its first (nearest) distance, an edge its label if any part gave one. */
export function merge(parts: readonly (Part | null | undefined)[]): Merged {
  const nodes = new Map<string, PictureNode>();
  const edges = new Map<string, DrawnEdge>();
  for (const part of parts) {
    if (!part) continue;
    for (const n of part.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of part.edges) {
      const id = edgeId(e);
      const had = edges.get(id);
      if (had && (had.label || !e.label)) continue;
      const [source, target] = drawn(e);
      edges.set(id, { id, source, target, relationship: e.relationship, ...(e.label ? { label: e.label } : {}) });
    }
  }
  return { nodes, edges };
}

export interface Filtered {
  nodes: PictureNode[];
  edges: DrawnEdge[];
  /** Nodes left out by the kind filter, per kind. */
  hiddenByKind: Map<LineageNodeKind, number>;
  hiddenTotal: number;
  /** How many nodes of each kind the graph holds (shown beside the filter's checkboxes). */
  countByKind: Map<LineageNodeKind, number>;
}

/** The nodes whose kind is not hidden (the root always stays), and the edges between them. */
export function filterKinds(graph: Merged, hidden: ReadonlySet<string>, rootId: string): Filtered {
  const nodes: PictureNode[] = [];
  const hiddenByKind = new Map<LineageNodeKind, number>();
  const countByKind = new Map<LineageNodeKind, number>();
  for (const n of graph.nodes.values()) {
    countByKind.set(n.kind, (countByKind.get(n.kind) ?? 0) + 1);
    if (hidden.has(n.kind) && n.id !== rootId) hiddenByKind.set(n.kind, (hiddenByKind.get(n.kind) ?? 0) + 1);
    else nodes.push(n);
  }
  const shown = new Set(nodes.map((n) => n.id));
  const edges = [...graph.edges.values()].filter((e) => shown.has(e.source) && shown.has(e.target));
  let hiddenTotal = 0;
  for (const c of hiddenByKind.values()) hiddenTotal += c;
  return { nodes, edges, hiddenByKind, hiddenTotal, countByKind };
}
