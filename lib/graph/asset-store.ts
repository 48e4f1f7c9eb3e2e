// Shared plumbing of asset repositories (compute, serving): read options, one write transaction per mutation with
// duplicate names mapped to BAD_USER_INPUT, the "may this caller change it" lookup, and the generic
// update/archive flows. Labels come from ontology constants; every value is a $parameter.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { GraphQLError } from 'graphql';
import type { Identity } from '../auth/identity.js';
import { writeAudit } from './audit.js';
import { config } from '../config.js';
import { Label, Rel } from './ontology.js';
import { viewerScope, visibleTo, type ViewerScope } from './visibility.js';
import { badInput, forbidden, notFound } from '../subgraph/errors.js';

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
}

export const int = (value: number): ReturnType<typeof neo4j.int> => neo4j.int(value);

/** True for a uniqueness-constraint violation: two writers raced past an in-transaction check. */
export const isConstraintViolation = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';

/** Runs `work` in one write transaction; a uniqueness violation becomes `onDuplicate()`. */
export async function inWriteTx<T>(driver: Driver, work: (tx: ManagedTransaction) => Promise<T>, onDuplicate: () => GraphQLError): Promise<T> {
  const session = driver.session({ database: config.neo4j.database });
  try {
    return await session.executeWrite(work);
  } catch (error) {
    if (isConstraintViolation(error)) throw onDuplicate();
    throw error;
  } finally {
    await session.close();
  }
}

export const duplicateName = (kind: AssetKind, name: string, org: string): GraphQLError =>
  badInput(`a ${kind.what} named "${name}" already exists in org ${org}`, 'name');

export interface WriteTarget {
  ownerOrgId: string;
  archived: boolean;
}

/**
 * The node the caller wants to change or attach to: NOT_FOUND when it does not exist or the caller
 * cannot see it, FORBIDDEN when it is only shared with the caller's org (sharing grants reading).
 */
export async function lookupForWrite(tx: ManagedTransaction, label: Label, what: string, id: string, scope: ViewerScope, field?: string): Promise<WriteTarget> {
  const { records } = await tx.run(
    `MATCH (n:${label} {id: $id})
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
export async function assertNameFree(tx: ManagedTransaction, kind: AssetKind, org: string, name: string, exceptId = ''): Promise<void> {
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
  const { records } = await tx.run(`MATCH (n:${kind.label} {id: $id}) RETURN ${kind.projection} AS item`, { ...kind.params, id });
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
      await writeAudit(tx, { action: `${kind.action}.update`, actor, targetId: id, targetLabel: kind.label, before, after });
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
        const { records } = await tx.run(`MATCH (n:${kind.label} {id: $id}) ${blockers.query}`, { id, ...blockers.params });
        const count = (records[0]?.get('blocking') as number | undefined) ?? 0;
        if (count > 0) throw badInput(blockers.message(count), 'id');
      }
      await tx.run(`MATCH (n:${kind.label} {id: $id}) SET n.archived = true, n.updatedAt = datetime()`, { id });
      const after = await readOne<T>(tx, kind, id);
      await writeAudit(tx, { action: `${kind.action}.archive`, actor, targetId: id, targetLabel: kind.label, before, after });
      return after;
    },
    () => badInput(`${kind.what} ${id} could not be archived`),
  );
}

/** One visible node by id, or null. */
export async function visibleById<T>(driver: Driver, viewer: Identity, kind: AssetKind, id: string): Promise<T | null> {
  const { records } = await driver.executeQuery(
    `MATCH (n:${kind.label} {id: $id}) WHERE ${visibleTo('n')} RETURN ${kind.projection} AS item`,
    { ...kind.params, id, ...(await viewerScope(driver, viewer)) },
    READ,
  );
  return (records[0]?.get('item') as T | undefined) ?? null;
}

/**
 * A page of visible nodes matching `where` (Cypher over `n`, values in `params`), ordered by name;
 * `total` counts every visible match.
 */
export async function visiblePage<T>(
  driver: Driver,
  viewer: Identity,
  kind: AssetKind,
  args: { offset: number; limit: number; includeArchived: boolean; where?: string; params?: Record<string, unknown> },
): Promise<{ total: number; items: T[] }> {
  const where = [visibleTo('n'), '($includeArchived OR NOT coalesce(n.archived, false))', ...(args.where ? [args.where] : [])].join(' AND ');
  const { records } = await driver.executeQuery(
    `MATCH (n:${kind.label}) WHERE ${where}
     WITH n ORDER BY n.name, n.id
     WITH collect(n) AS matched
     RETURN size(matched) AS total, [n IN matched[$offset..($offset + $limit)] | ${kind.projection}] AS page`,
    {
      ...kind.params,
      ...args.params,
      ...(await viewerScope(driver, viewer)),
      includeArchived: args.includeArchived,
      offset: int(args.offset),
      limit: int(args.limit),
    },
    READ,
  );
  const record = records[0];
  return { total: (record?.get('total') as number | undefined) ?? 0, items: (record?.get('page') as T[] | undefined) ?? [] };
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
