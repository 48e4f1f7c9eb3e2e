// A checksum of the whole graph: every node (labels, properties) and every relationship (type, ends,
// properties), so a test can show that something it ran changed nothing at all. Kept per element, so a
// difference is reported as the elements that differ rather than as two unequal hashes.
import { createHash } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';

export interface GraphChecksum {
  nodes: number;
  relationships: number;
  digest: string;
  /** elementId → hash of that node or relationship. */
  elements: Map<string, string>;
  /** elementId → a short description, for reporting differences. */
  describe: Map<string, string>;
}

/** A JSON form of a Neo4j value that is stable across reads (integers, temporals, points as strings; sorted keys). */
function stable(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return `int:${value.toString()}`;
  if (Array.isArray(value)) return value.map(stable);
  if (typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    if (ctor && ctor !== 'Object') return `${ctor}:${String(value)}`;
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const hash = (x: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(stable(x)))
    .digest('base64');

export async function graphChecksum(driver: Driver): Promise<GraphChecksum> {
  const elements = new Map<string, string>();
  const describe = new Map<string, string>();
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    // One read transaction: both halves see the same snapshot.
    await session.executeRead(async (tx) => {
      const nodes = await tx.run('MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props');
      for (const r of nodes.records) {
        const labels = [...(r.get('labels') as string[])].sort();
        const props = r.get('props') as Record<string, unknown>;
        elements.set(r.get('id'), hash(['node', labels, props]));
        describe.set(r.get('id'), `(:${labels.join(':')} {id: ${JSON.stringify(props.id ?? null)}})`);
      }
      const rels = await tx.run(
        'MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, elementId(b) AS b, properties(r) AS props',
      );
      for (const r of rels.records) {
        elements.set(r.get('id'), hash(['rel', r.get('type'), r.get('a'), r.get('b'), r.get('props')]));
        describe.set(r.get('id'), `[:${r.get('type')}] ${describe.get(r.get('a'))} → ${describe.get(r.get('b'))}`);
      }
    });
  } finally {
    await session.close();
  }
  const digest = createHash('sha256');
  for (const id of [...elements.keys()].sort()) digest.update(`${id}=${elements.get(id)}\n`);
  const relationships = [...describe.values()].filter((d) => d.startsWith('[:')).length;
  return { nodes: elements.size - relationships, relationships, digest: digest.digest('hex'), elements, describe };
}

/** The elements added, removed or changed between two checksums (at most `limit` of each), for a failure message. */
export function graphDifference(before: GraphChecksum, after: GraphChecksum, limit = 10): string {
  const added = [...after.elements.keys()].filter((id) => !before.elements.has(id));
  const removed = [...before.elements.keys()].filter((id) => !after.elements.has(id));
  const changed = [...after.elements.keys()].filter(
    (id) => before.elements.has(id) && before.elements.get(id) !== after.elements.get(id),
  );
  const list = (ids: string[], from: GraphChecksum) =>
    ids
      .slice(0, limit)
      .map((id) => from.describe.get(id))
      .join('; ') + (ids.length > limit ? ` … and ${ids.length - limit} more` : '');
  return [
    added.length ? `${added.length} added: ${list(added, after)}` : '',
    removed.length ? `${removed.length} removed: ${list(removed, before)}` : '',
    changed.length ? `${changed.length} changed: ${list(changed, after)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
