// Imports one knowledge base into its namespace, in ONE transaction: every node gets `kb` = the base id,
// MERGE by id, so running it again changes nothing. Re-importing a base replaces only its own nodes'
// outgoing knowledge relationships and removes its nodes no longer in the files; another base's nodes and
// relationships are never matched (every delete is filtered by `kb`). An id that another base owns is
// refused before anything is written, naming both bases. Labels and relationship types come from the
// ontology; every value is a $parameter.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { Label, Rel, knowledgeLabels } from '../../../lib/graph/ontology.js';
import { config } from '../../../lib/config.js';
import type { Entity, KnowledgeBase } from './format.js';
import { defaultDataDir, loadBase, type IdLocations } from './load.js';
import { KbValidationError, MAX_ERRORS, type KbProblem } from './validate.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { ensureModels } from '../../../domain/models/model-nodes.js';
import { ensureServices } from '../../../domain/serving/service-nodes.js';

export { defaultDataDir, basesDir, loadBase, loadKnowledgeBase } from './load.js';
export { KbValidationError } from './validate.js';

/** The identity an import creates its detector models and alarm services under (createdBy, audit). */
export const KB_IMPORT_ACTOR: Identity = {
  sub: 'plinth-knowledge-import',
  username: 'knowledge-import',
  roles: ['platform-admin'],
  org: 'hq',
};
const DEMO_TAGS = ['knowledge-demo'];

const props = (n: Entity, extra: Record<string, unknown> = {}) => ({
  id: n.id,
  name: n.name,
  nameEn: n.nameEn,
  nameLangs: n.nameLangs,
  aliases: n.aliases,
  aliasesText: n.aliases.join(' '),
  ...extra,
});

async function mergeNodes(
  tx: ManagedTransaction,
  kb: string,
  label: Label,
  rows: Record<string, unknown>[],
): Promise<void> {
  await tx.run(`UNWIND $rows AS row MERGE (n:${label} {id: row.id}) SET n += row, n.kb = $kb, n.source = 'knowledge'`, {
    rows,
    kb,
  });
}

/**
 * Deletes the given relationship type going out of the listed nodes into this base (or into nodes of no
 * base, such as an Org), then creates the rows' edges. A shared model's DETECTS edges into another base
 * are left alone.
 */
async function replaceEdges(
  tx: ManagedTransaction,
  kb: string,
  from: Label,
  rel: Rel,
  to: Label,
  owners: string[],
  rows: { from: string; to: string; props?: Record<string, unknown> }[],
): Promise<void> {
  await tx.run(`MATCH (a:${from})-[r:${rel}]->(b:${to}) WHERE a.id IN $owners AND coalesce(b.kb, $kb) = $kb DELETE r`, {
    owners,
    kb,
  });
  await tx.run(
    `UNWIND $rows AS row MATCH (a:${from} {id: row.from}), (b:${to} {id: row.to}) MERGE (a)-[r:${rel}]->(b) SET r += row.props`,
    { rows: rows.map((r) => ({ ...r, props: r.props ?? {} })) },
  );
}

// Ids of this import already held by a node of another base (or of none), label by label through the
// id constraints' indexes.
const Q_CLASHES = knowledgeLabels
  .map(
    (l) =>
      `MATCH (n:${l}) WHERE n.id IN $ids AND coalesce(n.kb, '') <> $kb RETURN n.id AS id, '${l}' AS label, n.kb AS kb`,
  )
  .join(' UNION ALL ');

export interface ImportSummary {
  base: string;
  nodes: number;
  relationships: number;
  /** Nodes of this base that the files no longer list, removed. */
  removed: number;
}

const stepId = (procedureId: string, order: number): string => `${procedureId}#${order}`;

export async function importKnowledgeBase(
  driver: Driver,
  loaded: KnowledgeBase | { kb: KnowledgeBase; locations?: IdLocations } = loadBase(defaultDataDir),
): Promise<ImportSummary> {
  const { kb, locations } = 'info' in loaded ? { kb: loaded, locations: undefined } : loaded;
  const { info, domain, grid, assets, lexicon } = kb;
  const base = info.id;
  const steps = domain.procedures.flatMap((p) =>
    p.steps.map((s, i) => ({
      id: stepId(p.id, i + 1),
      procedureId: p.id,
      order: i + 1,
      text: s.text,
      textEn: s.textEn,
      langs: s.langs,
    })),
  );
  const entityIds = [
    ...domain.equipmentTypes,
    ...domain.roles,
    ...domain.safetyRules,
    ...domain.symptoms,
    ...domain.causes,
    ...domain.procedures,
    ...domain.faultTypes,
    ...grid.substations,
    ...grid.equipment,
  ].map((n) => n.id);
  const allIds = [...entityIds, ...steps.map((s) => s.id)];
  let removed = 0;
  const session = driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite(async (tx) => {
      const clashes = await tx.run(Q_CLASHES, { ids: allIds, kb: base });
      if (clashes.records.length > 0) {
        const problems: KbProblem[] = clashes.records.map((r) => {
          const id = r.get('id') as string;
          const other = (r.get('kb') as string | null) ?? null;
          const message = `"${id}" belongs to ${other ? `base "${other}"` : 'no base (a node not imported from a base)'}, not to base "${base}": ids are unique across bases`;
          const at = locations?.get(id.split('#')[0]!);
          return at
            ? at.file.problem(`${at.pointer}/id`, message)
            : { file: 'domain.json', line: 0, column: 0, field: id, message };
        });
        throw new KbValidationError(`base "${base}"`, problems.slice(0, MAX_ERRORS), problems.length);
      }

      // Nodes of this base that the files no longer list go (with their relationships).
      for (const label of knowledgeLabels) {
        const res = await tx.run(
          `MATCH (n:${label}) WHERE n.kb = $kb AND NOT n.id IN $ids DETACH DELETE n RETURN count(*) AS n`,
          { kb: base, ids: allIds },
        );
        removed += Number(res.records[0]?.get('n') ?? 0);
      }

      await tx.run(
        `MERGE (k:${Label.KnowledgeBase} {id: $info.id})
         SET k.name = $info.name, k.nameEn = $info.nameEn, k.description = $info.description,
             k.descriptionEn = $info.descriptionEn, k.source = $info.source, k.synonymsJson = $synonymsJson, k.kb = $info.id`,
        { info, synonymsJson: JSON.stringify(lexicon.synonyms) },
      );
      await mergeNodes(
        tx,
        base,
        Label.EquipmentType,
        domain.equipmentTypes.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        base,
        Label.DutyRole,
        domain.roles.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        base,
        Label.SafetyRule,
        domain.safetyRules.map((n) => props(n, { requirement: n.requirement, requirementEn: n.requirementEn })),
      );
      await mergeNodes(
        tx,
        base,
        Label.Symptom,
        domain.symptoms.map((n) => props(n, { kind: n.kind })),
      );
      await mergeNodes(
        tx,
        base,
        Label.Cause,
        domain.causes.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        base,
        Label.Procedure,
        domain.procedures.map((n) => props(n, { stepCount: n.steps.length })),
      );
      await mergeNodes(
        tx,
        base,
        Label.FaultType,
        domain.faultTypes.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        base,
        Label.Substation,
        grid.substations.map((n) => props(n, { ownerOrgId: n.orgId, voltageKv: n.voltageKv })),
      );
      const orgOf = new Map(grid.substations.map((s) => [s.id, s.orgId]));
      await mergeNodes(
        tx,
        base,
        Label.Equipment,
        grid.equipment.map((n) => props(n, { ownerOrgId: orgOf.get(n.substation), typeId: n.type })),
      );
      await tx.run(
        `UNWIND $rows AS row MERGE (s:${Label.Step} {id: row.id}) SET s += row, s.kb = $kb, s.source = 'knowledge'`,
        { rows: steps, kb: base },
      );

      const edges = (
        from: Label,
        rel: Rel,
        to: Label,
        owners: string[],
        rows: { from: string; to: string; props?: Record<string, unknown> }[],
      ) => replaceEdges(tx, base, from, rel, to, owners, rows);
      const procIds = domain.procedures.map((p) => p.id);
      await edges(
        Label.Procedure,
        Rel.HAS_STEP,
        Label.Step,
        procIds,
        steps.map((s) => ({ from: s.procedureId, to: s.id, props: { order: s.order } })),
      );
      await edges(
        Label.Procedure,
        Rel.REQUIRES,
        Label.SafetyRule,
        procIds,
        domain.procedures.flatMap((p) => p.safetyRules.map((to) => ({ from: p.id, to }))),
      );
      await edges(
        Label.Procedure,
        Rel.RESPONSIBLE,
        Label.DutyRole,
        procIds,
        domain.procedures.flatMap((p) => p.responsible.map((to) => ({ from: p.id, to }))),
      );
      const faultIds = domain.faultTypes.map((f) => f.id);
      await edges(
        Label.FaultType,
        Rel.HAS_SYMPTOM,
        Label.Symptom,
        faultIds,
        domain.faultTypes.flatMap((f) => f.symptoms.map((to, i) => ({ from: f.id, to, props: { rank: i + 1 } }))),
      );
      await edges(
        Label.FaultType,
        Rel.CAUSED_BY,
        Label.Cause,
        faultIds,
        domain.faultTypes.flatMap((f) => f.causes.map((to) => ({ from: f.id, to }))),
      );
      await edges(
        Label.FaultType,
        Rel.HANDLED_BY,
        Label.Procedure,
        faultIds,
        domain.faultTypes.map((f) => ({ from: f.id, to: f.procedure })),
      );
      await edges(
        Label.FaultType,
        Rel.AFFECTS,
        Label.EquipmentType,
        faultIds,
        domain.faultTypes.flatMap((f) => f.affects.map((to) => ({ from: f.id, to }))),
      );
      // Type-level relations (SUPPLIES, PART_OF, IS_A between equipment types).
      const typeIds = domain.equipmentTypes.map((t) => t.id);
      for (const rel of [Rel.SUPPLIES, Rel.PART_OF, Rel.IS_A] as const)
        await edges(
          Label.EquipmentType,
          rel,
          Label.EquipmentType,
          typeIds,
          domain.equipmentTypes.flatMap((t) =>
            t.relations.filter((r) => r.type === rel).map((r) => ({ from: t.id, to: r.target })),
          ),
        );
      // What a safety rule governs: one relationship type, three kinds of target.
      const kindOf = new Map<string, Label>([
        ...domain.equipmentTypes.map((t) => [t.id, Label.EquipmentType] as const),
        ...domain.faultTypes.map((f) => [f.id, Label.FaultType] as const),
        ...domain.procedures.map((p) => [p.id, Label.Procedure] as const),
      ]);
      const ruleIds = domain.safetyRules.map((r) => r.id);
      for (const target of [Label.EquipmentType, Label.FaultType, Label.Procedure] as const)
        await edges(
          Label.SafetyRule,
          Rel.APPLIES_TO,
          target,
          ruleIds,
          domain.safetyRules.flatMap((r) =>
            r.appliesTo.filter((id) => kindOf.get(id) === target).map((to) => ({ from: r.id, to })),
          ),
        );

      const eqIds = grid.equipment.map((e) => e.id);
      await edges(
        Label.Equipment,
        Rel.INSTANCE_OF,
        Label.EquipmentType,
        eqIds,
        grid.equipment.map((e) => ({ from: e.id, to: e.type })),
      );
      await edges(
        Label.Equipment,
        Rel.LOCATED_AT,
        Label.Substation,
        eqIds,
        grid.equipment.map((e) => ({ from: e.id, to: e.substation })),
      );
      // An equipment SUPPLIES relation is what `feeds` already says: supply flows downstream (FEEDS).
      await edges(
        Label.Equipment,
        Rel.FEEDS,
        Label.Equipment,
        eqIds,
        grid.equipment.flatMap((e) =>
          [...new Set([...e.feeds, ...e.relations.filter((r) => r.type === 'SUPPLIES').map((r) => r.target)])].map(
            (to) => ({ from: e.id, to }),
          ),
        ),
      );
      await edges(
        Label.Equipment,
        Rel.PART_OF,
        Label.Equipment,
        eqIds,
        grid.equipment.flatMap((e) =>
          e.relations.filter((r) => r.type === 'PART_OF').map((r) => ({ from: e.id, to: r.target })),
        ),
      );
      await edges(
        Label.Substation,
        Rel.PART_OF,
        Label.Org,
        grid.substations.map((s) => s.id),
        grid.substations.map((s) => ({ from: s.id, to: s.orgId })),
      );

      // Detector models and alarm services: created as ordinary assets when absent (owned by their org,
      // visible by the usual rule, audited as the models and serving subgraphs audit a registration),
      // never overwritten when the asset subgraphs already manage them. They are created through the
      // owners' writers (domain/); the ones created here are marked with the base (createdForKb) so that
      // removing the base removes them.
      await ensureModels(
        tx,
        KB_IMPORT_ACTOR,
        assets.models.map((m) => ({
          id: m.id,
          name: m.name,
          description: m.description ?? null,
          task: m.task,
          tags: DEMO_TAGS,
          ownerOrgId: m.ownerOrgId,
          createdForKb: base,
        })),
      );
      await ensureServices(
        tx,
        KB_IMPORT_ACTOR,
        assets.services.map((s) => ({
          id: s.id,
          name: s.name,
          description: s.description ?? s.name,
          tags: DEMO_TAGS,
          endpoint: s.endpoint,
          kind: null,
          ownerOrgId: s.ownerOrgId,
          createdForKb: base,
        })),
      );
      await edges(
        Label.Model,
        Rel.DETECTS,
        Label.FaultType,
        assets.models.map((m) => m.id),
        assets.models.flatMap((m) => m.detects.map((to) => ({ from: m.id, to }))),
      );
      await edges(
        Label.Service,
        Rel.RAISES,
        Label.Symptom,
        assets.services.map((s) => s.id),
        assets.services.flatMap((s) => s.raises.map((to) => ({ from: s.id, to }))),
      );
    });
  } finally {
    await session.close();
  }
  const nodes = entityIds.length + steps.length;
  const relationships =
    domain.procedures.reduce((n, p) => n + p.steps.length + p.safetyRules.length + p.responsible.length, 0) +
    domain.faultTypes.reduce((n, f) => n + f.symptoms.length + f.causes.length + 1 + f.affects.length, 0) +
    domain.equipmentTypes.reduce((n, t) => n + t.relations.length, 0) +
    domain.safetyRules.reduce((n, r) => n + r.appliesTo.length, 0) +
    grid.equipment.reduce(
      (n, e) => n + 2 + new Set([...e.feeds, ...e.relations.map((r) => `${r.type}:${r.target}`)]).size,
      0,
    ) +
    grid.substations.length +
    assets.models.reduce((n, m) => n + m.detects.length, 0) +
    assets.services.reduce((n, s) => n + s.raises.length, 0);
  return { base, nodes, relationships, removed };
}

/** True when the knowledge graph has not been imported yet (for tests that share the demo). */
export async function knowledgeIsEmpty(driver: Driver): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `MATCH (f:${Label.FaultType}) RETURN count(f) AS n`,
    {},
    { database: config.neo4j.database },
  );
  return (records[0]?.get('n') as number) === 0;
}

/** True when a base of this id has been imported (its KnowledgeBase node exists). */
export async function baseIsImported(driver: Driver, id: string): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `MATCH (k:${Label.KnowledgeBase} {id: $id}) RETURN count(k) AS n`,
    { id },
    { database: config.neo4j.database },
  );
  return Number(records[0]?.get('n') ?? 0) > 0;
}

// The models and services an import of this base created (createdForKb; before that mark existed: created by
// the import and detecting or raising something of this base), read before the base's nodes go.
const Q_CREATED_ASSETS = `MATCH (a) WHERE (a:${Label.Model} OR a:${Label.Service}) AND a.createdBy = 'knowledge-import'
  AND (a.createdForKb = $kb OR (a.createdForKb IS NULL AND EXISTS { (a)-[:${Rel.DETECTS}|${Rel.RAISES}]->(x) WHERE x.kb = $kb }))
RETURN collect(elementId(a)) AS ids`;
// Of those, the ones nothing else holds once the base is gone: no relationship but their owner, their count
// tally (lib/graph/tally.ts: it goes with the node) and the import's own audit events of their creation (a
// model another base's fault still uses, one the asset subgraphs gave versions or changed, stays). Those
// events stay in the chain, naming the target by id.
const Q_DELETE_CREATED_ASSETS = `UNWIND $ids AS eid
MATCH (a) WHERE elementId(a) = eid
  AND NOT EXISTS { (a)-[r]-() WHERE NOT (type(r) IN ['${Rel.OWNED_BY}', '${Rel.TALLIED_IN}']
    OR (type(r) = '${Rel.TARGET}' AND startNode(r).actorId = $importer)) }
DETACH DELETE a
RETURN count(*) AS n`;

export interface RemovedBase {
  /** Knowledge nodes with the base's kb, and its KnowledgeBase node. */
  nodes: number;
  /** Models and services the base's import created, now deleted. */
  assets: number;
  /** Orgs whose default base it was (their default is cleared: grid). */
  orgs: number;
}

/** What removeBase would delete, without deleting it (for the CLI's confirmation). */
export async function baseFootprint(driver: Driver, id: string): Promise<{ nodes: number; assets: number }> {
  let nodes = 0;
  for (const label of [...knowledgeLabels, Label.KnowledgeBase]) {
    const { records } = await driver.executeQuery(
      `MATCH (x:${label}) WHERE x.kb = $kb RETURN count(x) AS n`,
      { kb: id },
      {
        database: config.neo4j.database,
      },
    );
    nodes += Number(records[0]?.get('n') ?? 0);
  }
  const { records } = await driver.executeQuery(Q_CREATED_ASSETS, { kb: id }, { database: config.neo4j.database });
  return { nodes, assets: (records[0]?.get('ids') as string[]).length };
}

/**
 * Removes a base: its KnowledgeBase node and every node carrying its `kb`, with their relationships.
 * For tests and for retiring a base; the demo base is removed only when asked by name like any other.
 */
export async function removeBase(driver: Driver, id: string): Promise<number> {
  const removed = await removeBaseDetailed(driver, id);
  return removed.nodes + removed.assets;
}

/**
 * Removes a base in one transaction: every node carrying its `kb` and its KnowledgeBase node, the models and
 * services its import created that nothing else holds, and the orgs' default pointing at it.
 */
export async function removeBaseDetailed(driver: Driver, id: string): Promise<RemovedBase> {
  const out: RemovedBase = { nodes: 0, assets: 0, orgs: 0 };
  const session = driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite(async (tx) => {
      const created = await tx.run(Q_CREATED_ASSETS, { kb: id });
      const ids = (created.records[0]?.get('ids') as string[] | undefined) ?? [];
      for (const label of [...knowledgeLabels, Label.KnowledgeBase]) {
        const res = await tx.run(`MATCH (x:${label}) WHERE x.kb = $kb DETACH DELETE x RETURN count(*) AS n`, {
          kb: id,
        });
        out.nodes += Number(res.records[0]?.get('n') ?? 0);
      }
      const assets = await tx.run(Q_DELETE_CREATED_ASSETS, { ids, importer: KB_IMPORT_ACTOR.sub });
      out.assets = Number(assets.records[0]?.get('n') ?? 0);
      const orgs = await tx.run(
        `MATCH (o:${Label.Org}) WHERE o.knowledgeBase = $kb REMOVE o.knowledgeBase RETURN count(o) AS n`,
        { kb: id },
      );
      out.orgs = Number(orgs.records[0]?.get('n') ?? 0);
    });
  } finally {
    await session.close();
  }
  return out;
}
