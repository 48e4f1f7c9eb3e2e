// A layered left-to-right layout for the evidence path: each node one column right of the deepest node
// pointing at it. Evidence is a few dozen nodes at most, so this is computed inline (no elkjs worker):
// the picture appears with the answer, not a layout pass later.
export interface EvidenceInput {
  nodes: { id: string; label: string; name: string }[];
  relationships: { type: string; from: string; to: string; order?: number | null }[];
}
export interface Placed {
  id: string;
  x: number;
  y: number;
}

export const NODE_W = 200;
export const NODE_H = 48;
const COL_GAP = 90;
const ROW_GAP = 14;

export function layoutEvidence(evidence: EvidenceInput): { placed: Placed[]; height: number } {
  const ids = new Set(evidence.nodes.map((n) => n.id));
  const rels = evidence.relationships.filter((r) => ids.has(r.from) && ids.has(r.to) && r.from !== r.to);
  const depth = new Map(evidence.nodes.map((n) => [n.id, 0]));
  // Longest-path layering by relaxation; the bound keeps a cycle (none expected) from looping forever.
  for (let pass = 0; pass < evidence.nodes.length; pass++) {
    let changed = false;
    for (const r of rels) {
      const next = depth.get(r.from)! + 1;
      if (next > depth.get(r.to)! && next < evidence.nodes.length) {
        depth.set(r.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const order = new Map(rels.filter((r) => r.order != null).map((r) => [r.to, r.order!]));
  const columns = new Map<number, string[]>();
  for (const n of evidence.nodes) columns.set(depth.get(n.id)!, [...(columns.get(depth.get(n.id)!) ?? []), n.id]);
  // Steps in their procedure's order; everything else as the answer listed it.
  for (const col of columns.values()) col.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const height = tallest * (NODE_H + ROW_GAP) - ROW_GAP;
  const placed: Placed[] = [];
  for (const [d, col] of columns) {
    const top = (height - (col.length * (NODE_H + ROW_GAP) - ROW_GAP)) / 2;
    col.forEach((id, i) => placed.push({ id, x: d * (NODE_W + COL_GAP), y: top + i * (NODE_H + ROW_GAP) }));
  }
  return { placed, height };
}
