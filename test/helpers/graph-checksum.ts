// A checksum of the whole graph: every node (labels, properties) and every relationship (type, ends,
// properties), so a test can show that something it ran changed nothing at all. Counted per content hash, so a
// difference is reported as the elements that differ rather than as two unequal hashes.
import { createHash } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';

export interface GraphChecksum {
  nodes: number;
  relationships: number;
  digest: string;
  /** content hash → how many nodes or relationships have it. */
  elements: Map<string, number>;
  /** content hash → a short description, for reporting differences. */
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

/**
 * Content, not storage: a node is its labels and properties, a relationship its type, properties and the
 * content of its two ends. Element ids are left out, so deleting and re-creating the same relationship (as
 * re-importing a knowledge base does) is no change, while any label, property, type or end that differs is.
 */
export async function graphChecksum(driver: Driver): Promise<GraphChecksum> {
  const elements = new Map<string, number>();
  const describe = new Map<string, string>();
  const count = (h: string, what: string): void => {
    elements.set(h, (elements.get(h) ?? 0) + 1);
    describe.set(h, what);
  };
  let nodes = 0;
  let relationships = 0;
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    // One read transaction: both halves see the same snapshot.
    await session.executeRead(async (tx) => {
      const byElement = new Map<string, { hash: string; what: string }>();
      const ns = await tx.run('MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props');
      for (const r of ns.records) {
        const labels = [...(r.get('labels') as string[])].sort();
        const props = r.get('props') as Record<string, unknown>;
        const h = hash(['node', labels, props]);
        const what = `(:${labels.join(':')} {id: ${JSON.stringify(props.id ?? null)}})`;
        byElement.set(r.get('id'), { hash: h, what });
        count(h, what);
        nodes++;
      }
      const rs = await tx.run(
        'MATCH (a)-[r]->(b) RETURN type(r) AS type, elementId(a) AS a, elementId(b) AS b, properties(r) AS props',
      );
      for (const r of rs.records) {
        const a = byElement.get(r.get('a'))!;
        const b = byElement.get(r.get('b'))!;
        count(
          hash(['rel', r.get('type'), a.hash, b.hash, r.get('props')]),
          `[:${r.get('type')}] ${a.what} → ${b.what}`,
        );
        relationships++;
      }
    });
  } finally {
    await session.close();
  }
  const digest = createHash('sha256');
  for (const h of [...elements.keys()].sort()) digest.update(`${h}×${elements.get(h)}\n`);
  return { nodes, relationships, digest: digest.digest('hex'), elements, describe };
}

/** The contents that are new or gone between two checksums (at most `limit` of each), for a failure message. */
export function graphDifference(before: GraphChecksum, after: GraphChecksum, limit = 10): string {
  const delta = (x: GraphChecksum, y: GraphChecksum): string[] =>
    [...x.elements].flatMap(([h, n]) =>
      Array<string>(Math.max(0, n - (y.elements.get(h) ?? 0))).fill(x.describe.get(h)!),
    );
  const list = (items: string[]): string =>
    items.slice(0, limit).join('; ') + (items.length > limit ? ` … and ${items.length - limit} more` : '');
  const added = delta(after, before);
  const removed = delta(before, after);
  return [
    added.length ? `${added.length} new (added or changed): ${list(added)}` : '',
    removed.length ? `${removed.length} gone (removed or changed): ${list(removed)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
