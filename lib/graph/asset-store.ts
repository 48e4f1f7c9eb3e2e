// Shared plumbing of asset repositories (compute, serving): read options, one write transaction per mutation with
// duplicate names mapped to BAD_USER_INPUT, the "may this caller change it" lookup, and the generic
// update/archive flows. Labels come from ontology constants; every value is a $parameter.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { GraphQLError } from 'graphql';
import type { Identity } from '../auth/identity.js';
import { writeAudit } from './audit.js';
import { readRecords } from './driver.js';
import { config } from '../config.js';
import { Label, Rel } from './ontology.js';
import { shareTallyPrefix, tallyId } from './tally.js';
import { viewerScope, visibleTo, type ViewerScope } from './visibility.js';
import { badInput, forbidden, notFound } from '../subgraph/errors.js';
import type { KeysetPage } from '../subgraph/connection.js';
import type { Keyset } from '../subgraph/cursor.js';

export const READ = { database: config.neo4j.database, routing: 'READ' as const };

/** Common asset properties of a node bound to `n`, inside a map projection. */
export const COMMON = `.id, .name, .ownerOrgId, .createdBy,
  description: coalesce(n.description, ''), tags: coalesce(n.tags, []), archived: coalesce(n.archived, false),
  createdAt: toString(n.createdAt), updatedAt: toString(n.updatedAt)`;

export interface CommonRecord {
  id: string;
  name: string;
  description: string;
  tags: string[];
  ownerOrgId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string | null;
  archived: boolean;
}

/** One kind of compute asset: its label, how errors name it, and its projection of `n`. */
export interface AssetKind {
  label: Label;
  what: string;
  /** `n { ... }` */
  projection: string;
  /** Audit action prefix, e.g. `cluster`. */
  action: string;
  /** Parameters the projection needs. */
  params?: Record<string, unknown>;
  /** How lists page; by name unless said otherwise. */
  order?: OrderKey;
  /** The variable `projection` reads, when not `n`. */
  alias?: string;
}

export const int = (value: number): ReturnType<typeof neo4j.int> => neo4j.int(value);

/** True for a uniqueness-constraint violation: two writers raced past an in-transaction check. */
export const isConstraintViolation = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';

/**
 * Runs `work` in one write transaction (the hub's one wrapper); a uniqueness violation that slipped past
 * the in-transaction checks (two writers racing) becomes `onDuplicate()` when given.
 */
export async function inWriteTx<T>(
  driver: Driver,
  work: (tx: ManagedTransaction) => Promise<T>,
  onDuplicate?: () => GraphQLError,
): Promise<T> {
  const session = driver.session({ database: config.neo4j.database });
  try {
    return await session.executeWrite(work);
  } catch (error) {
    if (onDuplicate && isConstraintViolation(error)) throw onDuplicate();
    throw error;
  } finally {
    await session.close();
  }
}

/**
 * Takes the node's write lock until commit (Cypher over `alias`), so a read-check-write sequence sees no
 * concurrent change: the hub's one row-lock idiom. It changes no property that outlives the statement.
 */
export const LOCK = (alias: string): string => `SET ${alias}._lock = true REMOVE ${alias}._lock`;

export const duplicateName = (kind: AssetKind, name: string, org: string): GraphQLError =>
  badInput(`a ${kind.what} named "${name}" already exists in org ${org}`, 'name');

export interface WriteTarget {
  ownerOrgId: string;
  archived: boolean;
}

/**
 * The node the caller wants to change or attach to, locked until commit: NOT_FOUND when it does not
 * exist or the caller cannot see it, FORBIDDEN when it is only shared with the caller's org (sharing
 * grants reading).
 */
export async function lookupForWrite(
  tx: ManagedTransaction,
  label: Label,
  what: string,
  id: string,
  scope: ViewerScope,
  field?: string,
): Promise<WriteTarget> {
  const { records } = await tx.run(
    `MATCH (n:${label} {id: $id})
     ${LOCK('n')}
     RETURN n.ownerOrgId IN $visibleOrgs AS managed, ${visibleTo('n')} AS visible,
            n.ownerOrgId AS ownerOrgId, coalesce(n.archived, false) AS archived`,
    { id, ...scope },
  );
  const row = records[0];
  if (!row || !row.get('visible')) throw notFound(`${what} ${id} not found`, field);
  if (!row.get('managed')) throw forbidden(`${what} ${id} is shared with your org, not managed by it`);
  return { ownerOrgId: row.get('ownerOrgId') as string, archived: row.get('archived') as boolean };
}

/** BAD_USER_INPUT when another node of the label in `org` has `name` (checked before the constraint fires). */
export async function assertNameFree(
  tx: ManagedTransaction,
  kind: AssetKind,
  org: string,
  name: string,
  exceptId = '',
): Promise<void> {
  const { records } = await tx.run(
    `MATCH (n:${kind.label} {ownerOrgId: $org, name: $name}) WHERE n.id <> $exceptId RETURN count(n) AS n`,
    { org, name, exceptId },
  );
  if (((records[0]?.get('n') as number | undefined) ?? 0) > 0) throw duplicateName(kind, name, org);
}

/** Org the new asset will belong to: the caller's own, or an org below it. NOT_FOUND otherwise. */
export function ownerFor(actor: Identity, scope: ViewerScope, requested: string | null | undefined): string {
  const org = requested ?? actor.org;
  if (!scope.visibleOrgs.includes(org)) throw notFound(`org ${org} not found at or below ${actor.org}`, 'ownerOrgId');
  return org;
}

export async function readOne<T>(tx: ManagedTransaction, kind: AssetKind, id: string): Promise<T> {
  const a = kind.alias ?? 'n';
  const { records } = await tx.run(`MATCH (${a}:${kind.label} {id: $id}) RETURN ${kind.projection} AS item`, {
    ...kind.params,
    id,
  });
  return records[0]!.get('item') as T;
}

/** Sets `changes` (already validated; may contain `name` and `tags`) with an audit event. */
export async function updateAsset<T extends CommonRecord>(
  driver: Driver,
  actor: Identity,
  kind: AssetKind,
  id: string,
  changes: Record<string, unknown>,
): Promise<T> {
  const scope = await viewerScope(driver, actor);
  let name = '';
  let org = '';
  return inWriteTx(
    driver,
    async (tx) => {
      const target = await lookupForWrite(tx, kind.label, kind.what, id, scope, 'id');
      org = target.ownerOrgId;
      if (target.archived) throw badInput(`${kind.what} ${id} is archived`, 'id');
      if (typeof changes.name === 'string') {
        name = changes.name;
        await assertNameFree(tx, kind, target.ownerOrgId, changes.name, id);
      }
      const props = { ...changes };
      if (Array.isArray(changes.tags)) props.tagsText = (changes.tags as string[]).join(' ');
      const before = await readOne<T>(tx, kind, id);
      await tx.run(`MATCH (n:${kind.label} {id: $id}) SET n += $props, n.updatedAt = datetime()`, { id, props });
      const after = await readOne<T>(tx, kind, id);
      await writeAudit(tx, {
        action: `${kind.action}.update`,
        actor,
        targetId: id,
        targetLabel: kind.label,
        before,
        after,
      });
      return after;
    },
    () => duplicateName(kind, name, org),
  );
}

/**
 * Archives the node unless `blockers` (Cypher over `n` returning `blocking` as a count) finds
 * something still depending on it. Archiving an archived node changes nothing and writes no event.
 */
export async function archiveAsset<T extends CommonRecord>(
  driver: Driver,
  actor: Identity,
  kind: AssetKind,
  id: string,
  blockers: { query: string; params?: Record<string, unknown>; message: (count: number) => string } | null,
): Promise<T> {
  const scope = await viewerScope(driver, actor);
  return inWriteTx(
    driver,
    async (tx) => {
      const target = await lookupForWrite(tx, kind.label, kind.what, id, scope, 'id');
      const before = await readOne<T>(tx, kind, id);
      if (target.archived) return before;
      if (blockers) {
        const { records } = await tx.run(`MATCH (n:${kind.label} {id: $id}) ${blockers.query}`, {
          id,
          ...blockers.params,
        });
        const count = (records[0]?.get('blocking') as number | undefined) ?? 0;
        if (count > 0) throw badInput(blockers.message(count), 'id');
      }
      await tx.run(`MATCH (n:${kind.label} {id: $id}) SET n.archived = true, n.updatedAt = datetime()`, { id });
      const after = await readOne<T>(tx, kind, id);
      await writeAudit(tx, {
        action: `${kind.action}.archive`,
        actor,
        targetId: id,
        targetLabel: kind.label,
        before,
        after,
      });
      return after;
    },
    () => badInput(`${kind.what} ${id} could not be archived`),
  );
}

/** One visible node by id, or null. */
export async function visibleById<T>(driver: Driver, viewer: Identity, kind: AssetKind, id: string): Promise<T | null> {
  const a = kind.alias ?? 'n';
  const records = await readRecords(
    driver,
    `MATCH (${a}:${kind.label} {id: $id}) WHERE ${visibleTo(a)} RETURN ${kind.projection} AS item`,
    { ...kind.params, id, ...(await viewerScope(driver, viewer)) },
  );
  return (records[0]?.get('item') as T | undefined) ?? null;
}

/** The order a list pages in: an indexed property (with ownerOrgId first in the index), then id. */
export interface OrderKey {
  property: 'name' | 'createdAt';
  descending: boolean;
}

export const BY_NAME: OrderKey = { property: 'name', descending: false };
export const NEWEST_FIRST: OrderKey = { property: 'createdAt', descending: true };

export interface PageArgs {
  first: number;
  /** The keyset (order key as text, id) of the row the page starts after. */
  after: Keyset | null;
  includeArchived: boolean;
  /** Extra predicate over `n` (values in `params`). */
  where?: string;
  params?: Record<string, unknown>;
  /** Only assets owned by these orgs (a filter; visibility still applies). */
  ownerOrgs?: string[] | null;
}

/**
 * A keyset page of visible nodes of `kind` matching `where`, in `order` then id. For each org the viewer
 * sees, the query walks the (ownerOrgId, order key) index from the cursor and stops after `first + 1`
 * rows; assets shared with the viewer's org from outside its tree come by their SHARED_WITH edges; the
 * few candidates are merged in order. So a page reads at most (orgs + 1) x (first + 1) rows at any size,
 * for HQ (every org) as for a city unit. `count` counts every visible match exactly, and runs only
 * when called: without extra filters from the orgs' tallies and the archived index (`ownedCount`),
 * otherwise by reading the matches.
 */
export async function visiblePage<T>(
  driver: Driver,
  viewer: Identity,
  kind: AssetKind,
  args: PageArgs,
): Promise<KeysetPage<T>> {
  const order = kind.order ?? BY_NAME;
  const key = `n.${order.property}`;
  const a = kind.alias ?? 'n';
  const scope = await viewerScope(driver, viewer);
  const orgs = args.ownerOrgs ? scope.visibleOrgs.filter((org) => args.ownerOrgs!.includes(org)) : scope.visibleOrgs;
  const filters = [
    '($includeArchived OR NOT coalesce(n.archived, false))',
    ...(args.where ? [`(${args.where})`] : []),
  ].join(' AND ');
  // Assets shared with the viewer's org from outside its tree, found by their SHARED_WITH edges into `org`.
  const sharedInto = (
    org: string,
  ): string => `MATCH (:${Label.Org} {id: ${org}})<-[:${Rel.SHARED_WITH}]-(n:${kind.label})
     WHERE NOT n.ownerOrgId IN $visibleOrgs AND ($ownerOrgs IS NULL OR n.ownerOrgId IN $ownerOrgs)`;
  const shared = sharedInto('$viewerOrg');
  const params = {
    ...kind.params,
    ...args.params,
    ...scope,
    orgs,
    ownerOrgs: args.ownerOrgs ?? null,
    includeArchived: args.includeArchived,
  };
  // After the cursor: (key, id) beyond (afterKey, afterId). The range on the key alone is what the index
  // seeks; the id breaks ties between rows with the same key.
  const value = order.property === 'createdAt' ? 'datetime($afterKey)' : '$afterKey';
  const beyond = order.descending ? '<' : '>';
  const seekOn = (k: string): string =>
    args.after ? `${k} ${beyond}= ${value} AND (${k} ${beyond} ${value} OR n.id > $afterId)` : `${k} IS NOT NULL`;
  const seek = seekOn(key);
  const desc = order.descending ? ' DESC' : '';
  const sort = `${key}${desc}, n.id`;
  // Within one org the same order, prefixed by the (constant) owner: the planner then reads the
  // (ownerOrgId, key) index in order and stops early; without the prefix it reads every row of the org.
  const sortInOrg = `n.ownerOrgId${order.descending ? ' DESC' : ''}, ${sort}`;
  // Ordered by createdAt (immutable, so copied onto each share edge by migration 0017 and the writers),
  // the shares are walked in order through the (toOrg, kind, createdAt) index on SHARED_WITH and the walk
  // stops after `first + 1`, instead of reading and sorting every share of the org. That index holds every
  // share of the org when its entries for the org number the org's SHARED_WITH degree (edges written
  // without the properties are missing from it); otherwise the shares are read by their edges as above.
  // Both ways in one plan: the way not taken seeks a null org and reads nothing.
  const sharedByIndex = (): string => `OPTIONAL MATCH (viewer:${Label.Org} {id: $viewerOrg})
       WITH COUNT { (viewer)<-[:${Rel.SHARED_WITH}]-() } =
            COUNT { ()-[s:${Rel.SHARED_WITH}]->() WHERE s.toOrg = $viewerOrg AND s.kind IS NOT NULL AND s.createdAt IS NOT NULL } AS indexed
       CALL (indexed) {
         MATCH (n:${kind.label})-[s:${Rel.SHARED_WITH}]->()
         WHERE s.toOrg = CASE WHEN indexed THEN $viewerOrg END AND s.kind = $shareKind AND ${seekOn('s.createdAt')}
           AND NOT n.ownerOrgId IN $visibleOrgs AND ($ownerOrgs IS NULL OR n.ownerOrgId IN $ownerOrgs) AND ${filters}
         RETURN n ORDER BY ${['s.toOrg', 's.kind', `s.${order.property}`].map((k) => `${k}${desc}`).join(', ')}, n.id LIMIT $take
         UNION
         ${sharedInto(`CASE WHEN indexed THEN null ELSE $viewerOrg END`)} AND ${seek} AND ${filters}
         RETURN n ORDER BY ${sort} LIMIT $take
       }
       RETURN n`;
  // Auto-commit reads (readRecords): one round trip each where a managed transaction takes two.
  const records = await readRecords(
    driver,
    `CALL () {
       UNWIND $orgs AS org
       CALL (org) {
         MATCH (n:${kind.label}) WHERE n.ownerOrgId = org AND ${seek} AND ${filters}
         RETURN n ORDER BY ${sortInOrg} LIMIT $take
       }
       RETURN n
       UNION
       ${order.property === 'createdAt' ? sharedByIndex() : `${shared} AND ${seek} AND ${filters} RETURN n ORDER BY ${sort} LIMIT $take`}
     }
     WITH n ORDER BY ${sort} LIMIT $take
     WITH collect(n) AS page
     RETURN [${a} IN page | {item: ${kind.projection}, key: toString(${a}.${order.property}), id: ${a}.id}] AS page`,
    {
      ...params,
      take: int(args.first + 1),
      afterKey: args.after?.key ?? null,
      afterId: args.after?.id ?? null,
      shareKind: kind.label,
    },
  );
  const rows = (records[0]?.get('page') as { item: T; key: string; id: string }[] | undefined) ?? [];
  const page = rows.slice(0, args.first);
  const count = async (): Promise<number> => {
    const totals = await readRecords(
      driver,
      `CALL () { ${args.where ? `MATCH (n:${kind.label}) WHERE n.ownerOrgId IN $orgs AND ${filters} RETURN count(n) AS c` : ownedCount(kind.label)} }
       CALL () { ${args.where ? `${shared} AND ${filters} RETURN count(n) AS s` : sharedCount(kind.label, `${shared} AND ${filters}`)} }
       RETURN c + s AS total`,
      {
        ...params,
        tallies: orgs.map((org) => tallyId(kind.label, org)),
        sharePrefix: shareTallyPrefix(kind.label, scope.viewerOrg),
      },
    );
    return (totals[0]?.get('total') as number | undefined) ?? 0;
  };
  return {
    items: page.map((r) => r.item),
    keys: page.map((r) => ({ key: r.key, id: r.id })),
    hasMore: rows.length > args.first,
    count,
  };
}

/**
 * Cypher (returning `c`) counting the nodes of `label` owned by `$orgs`, not archived unless
 * `$includeArchived`, without reading one index entry per node. While every node of the label is tallied
 * (its TALLIED_IN edges number its nodes, both read from the count store), the owned are the sum of the
 * TALLIED_IN degrees of the orgs' tallies (`$tallies`, lib/graph/tally.ts): one degree read per org.
 * Otherwise (a writer created nodes without tallying them) they come from the owner index (`indexCount`).
 * The archived, subtracted either way, come from the (ownerOrgId, archived) index: one entry per
 * archived node.
 */
function ownedCount(label: Label): string {
  // One plan for both ways: the way not taken gets an empty list, so its seeks read nothing.
  return `CALL () { MATCH (n:${label}) RETURN count(n) AS nodes }
    CALL () { MATCH (:${label})-[r:${Rel.TALLIED_IN}]->() RETURN count(r) AS tallied }
    WITH nodes = tallied AS trusted
    CALL (trusted) {
      MATCH (t:${Label.Tally}) WHERE t.id IN CASE WHEN trusted THEN $tallies ELSE [] END
      RETURN sum(COUNT { (t)<-[:${Rel.TALLIED_IN}]-() }) AS fromTallies
    }
    CALL (trusted) {
      WITH CASE WHEN trusted THEN [] ELSE $orgs END AS scan
      ${indexCount(label)}
    }
    CALL () { MATCH (n:${label}) WHERE n.ownerOrgId IN $orgs AND n.archived = true RETURN count(n) AS archived }
    RETURN CASE WHEN trusted THEN fromTallies ELSE owned END
           - CASE WHEN $includeArchived THEN 0 ELSE archived END AS c`;
}

/**
 * Cypher (returning `s`) counting the nodes of `label` shared with `$viewerOrg` by owners outside
 * `$visibleOrgs` (and among `$ownerOrgs` when given), not archived unless `$includeArchived`. While every
 * SHARED_WITH edge of the label is tallied (SHARE_TALLIED_IN edges number them, both from the count store),
 * from the share tallies of the viewer's org (an index prefix seek on `$sharePrefix`, one per owner org
 * sharing into it), minus the archived among them: an (ownerOrgId, archived) index seek over those owners,
 * one entry per archived node. Otherwise by reading the shares (`readShares`, Cypher that matches them as
 * `n` with the filters).
 */
function sharedCount(label: Label, readShares: string): string {
  // One plan for both ways: the way not taken seeks a null prefix or a null org, and reads nothing.
  return `CALL () { MATCH (:${label})-[r:${Rel.SHARED_WITH}]->() RETURN count(r) AS shares }
    CALL () { MATCH (:${label})-[r:${Rel.SHARE_TALLIED_IN}]->() RETURN count(r) AS shareTallied }
    WITH shares = shareTallied AS sharesTrusted
    CALL (sharesTrusted) {
      MATCH (t:${Label.Tally}) WHERE t.id STARTS WITH CASE WHEN sharesTrusted THEN $sharePrefix END
        AND NOT t.ownerOrgId IN $visibleOrgs AND ($ownerOrgs IS NULL OR t.ownerOrgId IN $ownerOrgs)
      WITH t.ownerOrgId AS owner, COUNT { (t)<-[:${Rel.SHARE_TALLIED_IN}]-() } AS tallied WHERE tallied > 0
      RETURN sum(tallied) AS fromTallies, collect(owner) AS owners
    }
    CALL (owners) {
      MATCH (n:${label}) WHERE n.ownerOrgId IN owners AND n.archived = true
        AND EXISTS { (n)-[:${Rel.SHARED_WITH}]->(:${Label.Org} {id: $viewerOrg}) }
      RETURN count(n) AS archivedShared
    }
    CALL (sharesTrusted) {
      WITH sharesTrusted WHERE NOT sharesTrusted
      ${readShares}
      RETURN count(n) AS read
    }
    RETURN CASE WHEN sharesTrusted
             THEN fromTallies - CASE WHEN $includeArchived THEN 0 ELSE archivedShared END
             ELSE read END AS s`;
}

/**
 * Cypher (over `scan`, a list of org ids; returning `owned`) counting the nodes of `label` owned by those
 * orgs from indexes and the count store alone, archived included. An index count reads one entry per node,
 * so when `scan` covers most of the org tree (HQ) the owned are counted as the label's total (the count
 * store, no read) minus the nodes owned outside `scan`: range seeks below the lowest org id, above the
 * highest and between each and the next (compared in Cypher, so the gaps follow the index's order), which
 * also catch owner ids that name no org. This relies on every asset carrying a string `ownerOrgId`, as
 * every writer and migration 0004 make sure.
 */
function indexCount(label: Label): string {
  // One plan for both ways: the way not taken gets an empty org list or null bounds, so its seeks read nothing.
  return `CALL () { MATCH (o:${Label.Org}) RETURN count(o) AS orgTotal }
    WITH scan, size(scan) > 0 AND size(scan) * 2 > orgTotal AS complement
    WITH scan, complement,
         CASE WHEN complement THEN reduce(m = scan[0], x IN scan | CASE WHEN x < m THEN x ELSE m END) END AS lowest,
         CASE WHEN complement THEN reduce(m = scan[0], x IN scan | CASE WHEN x > m THEN x ELSE m END) END AS highest
    CALL (scan, complement) {
      MATCH (n:${label}) WHERE n.ownerOrgId IN CASE WHEN complement THEN [] ELSE scan END RETURN count(n) AS direct
    }
    CALL () { MATCH (n:${label}) RETURN count(n) AS all }
    CALL (lowest) { MATCH (n:${label}) WHERE n.ownerOrgId < lowest RETURN count(n) AS below }
    CALL (highest) { MATCH (n:${label}) WHERE n.ownerOrgId > highest RETURN count(n) AS above }
    CALL (scan, complement) {
      UNWIND CASE WHEN complement THEN scan ELSE [] END AS low
      WITH DISTINCT scan, low
      WITH low, reduce(m = null, x IN scan | CASE WHEN x > low AND (m IS NULL OR x < m) THEN x ELSE m END) AS high
      WHERE high IS NOT NULL
      CALL (low, high) { MATCH (n:${label}) WHERE n.ownerOrgId > low AND n.ownerOrgId < high RETURN count(n) AS c }
      RETURN sum(c) AS between
    }
    RETURN CASE WHEN complement THEN all - below - above - between ELSE direct END AS owned`;
}

/** Visible nodes related to one node: `pattern` binds `n` and uses `$id`; archived ones only on request. */
export async function visibleRelated<T>(
  driver: Driver,
  viewer: Identity,
  kind: AssetKind,
  pattern: string,
  id: string,
  includeArchived: boolean,
): Promise<T[]> {
  const { records } = await driver.executeQuery(
    `MATCH ${pattern} WHERE ${visibleTo('n')} AND ($includeArchived OR NOT coalesce(n.archived, false))
     WITH n ORDER BY n.name, n.id
     RETURN ${kind.projection} AS item`,
    { ...kind.params, id, includeArchived, ...(await viewerScope(driver, viewer)) },
    READ,
  );
  return records.map((r) => r.get('item') as T);
}

/**
 * A model version is visible when its model is (versions carry their model's ownerOrgId; sharing is
 * recorded on the model), the same rule the models subgraph applies. `mv` is the version's variable;
 * needs `viewerScope`.
 */
export const modelVersionVisible = (mv: string): string =>
  `EXISTS { MATCH (pm:${Label.Model})-[:${Rel.HAS_VERSION}]->(${mv}) WHERE ${visibleTo('pm')} }`;
