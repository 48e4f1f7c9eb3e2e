// "What loses supply if X fails" for an equipment TYPE, from the type-level relations of a base (used
// when the base has no equipment instances to walk FEEDS over, e.g. a base written from a regulation).
// The rule:
//   * X fails → everything X SUPPLIES loses supply, transitively (what it supplies loses supply too);
//   * a type fails with the whole it is PART_OF (a failed pump stops its pumping station), so the
//     SUPPLIES of every whole that X is part of count as X's own;
//   * a type IS_A a more general type inherits that type's SUPPLIES (a booster pump station supplies
//     what any pumping station supplies);
//   * the failed type's own parts (types PART_OF it, transitively) fail with it, so a whole with no
//     SUPPLIES of its own (a treatment plant) answers through its parts (its clear well supplies the
//     high-lift pumps); this goes down from the failed type only, never from a whole reached by lifting
//     (a failed filter does not stop its plant's sedimentation tank);
//   * the lifting through PART_OF / IS_A is applied again at every type reached, so a chain
//     part → whole → supplied → its parts' wholes … is followed; each type is listed once, at its
//     fewest SUPPLIES hops, with the relationships that reached it as evidence.
// One constant Cypher template reads the base's type relations; the walk is done here (a base has tens
// of types, not thousands).
import type { Driver } from 'neo4j-driver';
import { config } from '../../../lib/config.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';

export interface TypeNode {
  id: string;
  name: string;
  nameEn: string;
}
export interface TypeEdge {
  type: string;
  from: string;
  to: string;
}
export interface DownstreamType {
  type: TypeNode;
  /** SUPPLIES hops from the failed type. */
  hops: number;
  /** The relationships from the failed type to this one (PART_OF / IS_A liftings and SUPPLIES). */
  path: TypeEdge[];
}

const Q_TYPE_RELATIONS = `
MATCH (a:${Label.EquipmentType})-[r:${Rel.SUPPLIES}|${Rel.PART_OF}|${Rel.IS_A}]->(b:${Label.EquipmentType})
WHERE a.kb = $kb AND b.kb = $kb
RETURN a {.id, .name, .nameEn} AS a, type(r) AS type, b {.id, .name, .nameEn} AS b`;

export async function downstreamTypes(driver: Driver, kb: string, typeId: string): Promise<DownstreamType[]> {
  const { records } = await driver.executeQuery(
    Q_TYPE_RELATIONS,
    { kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const nodes = new Map<string, TypeNode>();
  const out = new Map<string, TypeEdge[]>();
  for (const r of records) {
    const a = r.get('a') as TypeNode,
      b = r.get('b') as TypeNode;
    nodes.set(a.id, a);
    nodes.set(b.id, b);
    out.set(a.id, [...(out.get(a.id) ?? []), { type: r.get('type') as string, from: a.id, to: b.id }]);
  }
  return walk(nodes, out, typeId);
}

/** The walk itself (pure, unit-tested): breadth-first over SUPPLIES hops with PART_OF / IS_A lifting. */
export function walk(nodes: Map<string, TypeNode>, out: Map<string, TypeEdge[]>, start: string): DownstreamType[] {
  // The types that fail with t (t itself, the wholes it is part of, the types it is a kind of), with the path to each.
  const lift = (t: string, path: TypeEdge[]): { id: string; path: TypeEdge[] }[] => {
    const seen = new Map<string, TypeEdge[]>([[t, path]]);
    const queue = [t];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const e of out.get(id) ?? [])
        if ((e.type === Rel.PART_OF || e.type === Rel.IS_A) && !seen.has(e.to)) {
          seen.set(e.to, [...seen.get(id)!, e]);
          queue.push(e.to);
        }
    }
    return [...seen].map(([id, p]) => ({ id, path: p }));
  };
  // The failed type's parts, transitively (reverse PART_OF), each with the path from the part up to it.
  const partsOf = (t: string): { id: string; path: TypeEdge[] }[] => {
    const into = new Map<string, TypeEdge[]>();
    for (const edges of out.values())
      for (const e of edges) if (e.type === Rel.PART_OF) into.set(e.to, [...(into.get(e.to) ?? []), e]);
    const seen = new Map<string, TypeEdge[]>([[t, []]]);
    const queue = [t];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const e of into.get(id) ?? [])
        if (!seen.has(e.from)) {
          seen.set(e.from, [e, ...seen.get(id)!]);
          queue.push(e.from);
        }
    }
    return [...seen].map(([id, path]) => ({ id, path }));
  };
  const found = new Map<string, DownstreamType>();
  // The failed type and its own parts fail; they are not listed as losing supply.
  const parts = partsOf(start);
  const failed = new Set(parts.map((p) => p.id));
  let frontier: { id: string; path: TypeEdge[] }[] = [{ id: start, path: [] }];
  for (let hops = 1; frontier.length > 0 && hops <= 12; hops++) {
    const next: { id: string; path: TypeEdge[] }[] = [];
    for (const f of frontier)
      for (const src of hops === 1 ? [...lift(f.id, f.path), ...parts.slice(1)] : lift(f.id, f.path))
        for (const e of out.get(src.id) ?? [])
          if (e.type === Rel.SUPPLIES && !failed.has(e.to) && !found.has(e.to)) {
            const path = [...src.path, e];
            found.set(e.to, { type: nodes.get(e.to)!, hops, path });
            next.push({ id: e.to, path });
          }
    frontier = next;
  }
  return [...found.values()].sort((a, b) => a.hops - b.hops || a.type.id.localeCompare(b.type.id));
}
