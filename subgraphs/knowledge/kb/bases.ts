// Which knowledge base a question goes to. A base is chosen per question (`base` argument), else by the
// asker's org (Org.knowledgeBase, set by a platform admin), else the demo base `grid`. An unknown base is
// a BAD_USER_INPUT that names it and the known ones. The list of bases and the org defaults are cached
// briefly, since every question needs them; a miss re-reads once, so a base imported a moment ago works.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { config } from '../../../lib/config.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { Label, knowledgeLabels } from '../../../lib/graph/ontology.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { echo } from '../qa/normalize.js';
import type { KbInfo } from './format.js';

export const DEFAULT_BASE = 'grid';

/** A base as its kb.json describes it. */
export type KnowledgeBaseInfo = KbInfo;
export interface KnowledgeBaseWithCounts extends KnowledgeBaseInfo {
  /** Nodes of the base per knowledge label. */
  counts: { label: string; count: number }[];
}

const READ = { database: config.neo4j.database, routing: 'READ' as const };
const TTL_MS = 30_000;
let bases: { byId: Map<string, KnowledgeBaseInfo>; until: number } | undefined;
const orgDefaults = new Map<string, { base: string | null; until: number }>();

export function clearBaseCache(): void {
  bases = undefined;
  orgDefaults.clear();
}

async function readBases(driver: Driver): Promise<Map<string, KnowledgeBaseInfo>> {
  const { records } = await driver.executeQuery(
    `MATCH (k:${Label.KnowledgeBase})
     RETURN k {.id, .name, .nameEn, .description, .descriptionEn, .source} AS base ORDER BY k.id`,
    {},
    READ,
  );
  const byId = new Map(records.map((r) => [r.get('base').id as string, r.get('base') as KnowledgeBaseInfo]));
  bases = { byId, until: Date.now() + TTL_MS };
  return byId;
}

/** The imported bases (cached; `fresh` re-reads). */
export async function knownBases(driver: Driver, fresh = false): Promise<Map<string, KnowledgeBaseInfo>> {
  if (!fresh && bases && bases.until > Date.now()) return bases.byId;
  return readBases(driver);
}

/** The base by id, or BAD_USER_INPUT naming it and the known ones. */
export async function requireBase(driver: Driver, id: string, field = 'base'): Promise<KnowledgeBaseInfo> {
  const hit = (await knownBases(driver)).get(id) ?? (await knownBases(driver, true)).get(id);
  if (hit) return hit;
  const known = [...(await knownBases(driver)).keys()];
  throw badInput(
    `unknown knowledge base "${echo(id)}"; known: ${known.length > 0 ? known.join(', ') : 'none (run npm run knowledge:import)'}`,
    field,
  );
}

async function orgDefault(driver: Driver, org: string): Promise<string | null> {
  const hit = orgDefaults.get(org);
  if (hit && hit.until > Date.now()) return hit.base;
  const { records } = await driver.executeQuery(
    `MATCH (o:${Label.Org} {id: $org}) RETURN o.knowledgeBase AS base`,
    { org },
    READ,
  );
  const base = (records[0]?.get('base') as string | null | undefined) ?? null;
  orgDefaults.set(org, { base, until: Date.now() + TTL_MS });
  return base;
}

/** The base a request uses: the one asked for, else the asker's org's default, else `grid`. */
export async function resolveBase(
  driver: Driver,
  viewer: Identity,
  requested: string | null | undefined,
): Promise<KnowledgeBaseInfo> {
  if (requested !== null && requested !== undefined) return requireBase(driver, requested.trim());
  const mine = await orgDefault(driver, viewer.org);
  // An org default whose base has since been removed falls back to the demo rather than failing every question.
  const known = await knownBases(driver);
  const id = mine && known.has(mine) ? mine : DEFAULT_BASE;
  return known.get(id) ?? requireBase(driver, id);
}

// Node counts per knowledge label for each base, through the `<label>_kb` indexes.
const Q_BASES_WITH_COUNTS = `
MATCH (k:${Label.KnowledgeBase})
${knowledgeLabels.map((l) => `CALL { WITH k MATCH (n:${l}) WHERE n.kb = k.id RETURN count(n) AS c_${l} }`).join('\n')}
RETURN k {.id, .name, .nameEn, .description, .descriptionEn, .source} AS base,
  [${knowledgeLabels.map((l) => `{label: '${l}', count: c_${l}}`).join(', ')}] AS counts
ORDER BY k.id`;

export async function listBases(driver: Driver): Promise<KnowledgeBaseWithCounts[]> {
  const { records } = await driver.executeQuery(Q_BASES_WITH_COUNTS, {}, READ);
  return records.map((r) => ({
    ...(r.get('base') as KnowledgeBaseInfo),
    counts: (r.get('counts') as { label: string; count: unknown }[]).map((c) => ({
      label: c.label,
      count: Number(c.count),
    })),
  }));
}

/**
 * Sets (or, with null, clears) an org's default knowledge base, with an audit event in the same
 * transaction. Platform admins only (checked by the schema).
 */
export async function setOrgKnowledgeBase(
  driver: Driver,
  actor: Identity,
  orgId: string,
  base: string | null | undefined,
): Promise<{ orgId: string; base: KnowledgeBaseInfo | null }> {
  const info = base === null || base === undefined ? null : await requireBase(driver, base.trim());
  const session = driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite(async (tx) => {
      const { records } = await tx.run(
        `MATCH (o:${Label.Org} {id: $orgId})
         WITH o, o.knowledgeBase AS before
         SET o.knowledgeBase = $base
         RETURN before`,
        { orgId, base: info?.id ?? null },
      );
      if (records.length === 0) throw notFound(`org "${echo(orgId)}" does not exist`, 'orgId');
      await writeAudit(tx, {
        action: 'org.knowledgeBase.set',
        actor,
        targetId: orgId,
        targetLabel: Label.Org,
        before: { knowledgeBase: (records[0]!.get('before') as string | null) ?? null },
        after: { knowledgeBase: info?.id ?? null },
      });
    });
  } finally {
    await session.close();
  }
  orgDefaults.delete(orgId);
  return { orgId, base: info };
}
