// Imports the knowledge base into the graph: MERGE by id, so running it again changes nothing (the
// node and relationship counts stay the same). Each imported node's outgoing knowledge relationships
// are replaced, so an edit to a file (a symptom removed from a fault) is reflected on re-import.
// Labels and relationship types come from the ontology; every value is a $parameter.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { config } from '../../../lib/config.js';
import type { AssetsFile, DomainFile, GridFile, KbNamed, KnowledgeBase } from './format.js';

export const defaultDataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

export function loadKnowledgeBase(dir = defaultDataDir): KnowledgeBase {
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
  const kb = {
    domain: read<DomainFile>('domain.json'),
    grid: read<GridFile>('grid.json'),
    assets: read<AssetsFile>('assets.json'),
  };
  validateKnowledgeBase(kb);
  return kb;
}

/** Every reference must name an entity of the right kind; ids are unique across the files. */
export function validateKnowledgeBase(kb: KnowledgeBase): void {
  const { domain, grid, assets } = kb;
  const problems: string[] = [];
  const seen = new Set<string>();
  const ids = (items: { id: string }[]): Set<string> => new Set(items.map((i) => i.id));
  const named: KbNamed[] = [
    ...domain.equipmentTypes,
    ...domain.roles,
    ...domain.safetyRules,
    ...domain.symptoms,
    ...domain.causes,
    ...domain.procedures,
    ...domain.faultTypes,
    ...grid.substations,
    ...grid.equipment,
  ];
  for (const n of named) {
    if (seen.has(n.id)) problems.push(`duplicate id ${n.id}`);
    seen.add(n.id);
    if (!n.name || !n.nameEn || !Array.isArray(n.aliases))
      problems.push(`${n.id}: name, nameEn and aliases are required`);
  }
  const check = (owner: string, refs: string[], valid: Set<string>, what: string): void => {
    for (const r of refs) if (!valid.has(r)) problems.push(`${owner}: unknown ${what} ${r}`);
  };
  const types = ids(domain.equipmentTypes),
    roles = ids(domain.roles),
    rules = ids(domain.safetyRules),
    symptoms = ids(domain.symptoms);
  const causes = ids(domain.causes),
    procedures = ids(domain.procedures),
    faults = ids(domain.faultTypes);
  const subs = ids(grid.substations),
    equipment = ids(grid.equipment);
  for (const p of domain.procedures) {
    if (p.steps.length === 0) problems.push(`${p.id}: a procedure needs steps`);
    check(p.id, p.safetyRules, rules, 'safety rule');
    check(p.id, p.responsible, roles, 'role');
  }
  for (const f of domain.faultTypes) {
    check(f.id, f.symptoms, symptoms, 'symptom');
    check(f.id, f.causes, causes, 'cause');
    check(f.id, f.affects, types, 'equipment type');
    check(f.id, [f.procedure], procedures, 'procedure');
  }
  for (const e of grid.equipment) {
    check(e.id, [e.type], types, 'equipment type');
    check(e.id, [e.substation], subs, 'substation');
    check(e.id, e.feeds, equipment, 'equipment');
  }
  for (const m of assets.models) check(m.id, m.detects, faults, 'fault type');
  for (const s of assets.services) check(s.id, s.raises, symptoms, 'symptom');
  if (problems.length > 0) throw new Error(`invalid knowledge base:\n  ${problems.join('\n  ')}`);
}

const props = (n: KbNamed, extra: Record<string, unknown> = {}) => ({
  id: n.id,
  name: n.name,
  nameEn: n.nameEn,
  aliases: n.aliases,
  aliasesText: n.aliases.join(' '),
  ...extra,
});

async function mergeNodes(tx: ManagedTransaction, label: Label, rows: Record<string, unknown>[]): Promise<void> {
  await tx.run(`UNWIND $rows AS row MERGE (n:${label} {id: row.id}) SET n += row, n.source = 'knowledge'`, { rows });
}

/** Deletes the given relationship types going out of the listed nodes, then creates the rows' edges. */
async function replaceEdges(
  tx: ManagedTransaction,
  from: Label,
  rel: Rel,
  to: Label,
  owners: string[],
  rows: { from: string; to: string; props?: Record<string, unknown> }[],
): Promise<void> {
  await tx.run(`MATCH (a:${from})-[r:${rel}]->(:${to}) WHERE a.id IN $owners DELETE r`, { owners });
  await tx.run(
    `UNWIND $rows AS row MATCH (a:${from} {id: row.from}), (b:${to} {id: row.to}) MERGE (a)-[r:${rel}]->(b) SET r += row.props`,
    { rows: rows.map((r) => ({ ...r, props: r.props ?? {} })) },
  );
}

export interface ImportSummary {
  nodes: number;
  relationships: number;
}

export async function importKnowledgeBase(
  driver: Driver,
  kb: KnowledgeBase = loadKnowledgeBase(),
): Promise<ImportSummary> {
  const { domain, grid, assets } = kb;
  const session = driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite(async (tx) => {
      await mergeNodes(
        tx,
        Label.EquipmentType,
        domain.equipmentTypes.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        Label.DutyRole,
        domain.roles.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        Label.SafetyRule,
        domain.safetyRules.map((n) => props(n, { requirement: n.requirement, requirementEn: n.requirementEn })),
      );
      await mergeNodes(
        tx,
        Label.Symptom,
        domain.symptoms.map((n) => props(n, { kind: n.kind })),
      );
      await mergeNodes(
        tx,
        Label.Cause,
        domain.causes.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        Label.Procedure,
        domain.procedures.map((n) => props(n, { stepCount: n.steps.length })),
      );
      await mergeNodes(
        tx,
        Label.FaultType,
        domain.faultTypes.map((n) => props(n)),
      );
      await mergeNodes(
        tx,
        Label.Substation,
        grid.substations.map((n) => props(n, { ownerOrgId: n.orgId, voltageKv: n.voltageKv })),
      );
      const orgOf = new Map(grid.substations.map((s) => [s.id, s.orgId]));
      await mergeNodes(
        tx,
        Label.Equipment,
        grid.equipment.map((n) => props(n, { ownerOrgId: orgOf.get(n.substation), typeId: n.type })),
      );

      // Steps: id = procedure id + '#' + order; steps beyond a shortened procedure are removed.
      const steps = domain.procedures.flatMap((p) =>
        p.steps.map((s, i) => ({
          id: `${p.id}#${i + 1}`,
          procedureId: p.id,
          order: i + 1,
          text: s.text,
          textEn: s.textEn,
        })),
      );
      await tx.run(`UNWIND $rows AS row MERGE (s:${Label.Step} {id: row.id}) SET s += row, s.source = 'knowledge'`, {
        rows: steps,
      });
      await tx.run(
        `MATCH (p:${Label.Procedure})-[:${Rel.HAS_STEP}]->(s:${Label.Step}) WHERE p.id IN $procs AND NOT s.id IN $keep DETACH DELETE s`,
        { procs: domain.procedures.map((p) => p.id), keep: steps.map((s) => s.id) },
      );
      const procIds = domain.procedures.map((p) => p.id);
      await replaceEdges(
        tx,
        Label.Procedure,
        Rel.HAS_STEP,
        Label.Step,
        procIds,
        steps.map((s) => ({ from: s.procedureId, to: s.id, props: { order: s.order } })),
      );
      await replaceEdges(
        tx,
        Label.Procedure,
        Rel.REQUIRES,
        Label.SafetyRule,
        procIds,
        domain.procedures.flatMap((p) => p.safetyRules.map((to) => ({ from: p.id, to }))),
      );
      await replaceEdges(
        tx,
        Label.Procedure,
        Rel.RESPONSIBLE,
        Label.DutyRole,
        procIds,
        domain.procedures.flatMap((p) => p.responsible.map((to) => ({ from: p.id, to }))),
      );
      const faultIds = domain.faultTypes.map((f) => f.id);
      await replaceEdges(
        tx,
        Label.FaultType,
        Rel.HAS_SYMPTOM,
        Label.Symptom,
        faultIds,
        domain.faultTypes.flatMap((f) => f.symptoms.map((to, i) => ({ from: f.id, to, props: { rank: i + 1 } }))),
      );
      await replaceEdges(
        tx,
        Label.FaultType,
        Rel.CAUSED_BY,
        Label.Cause,
        faultIds,
        domain.faultTypes.flatMap((f) => f.causes.map((to) => ({ from: f.id, to }))),
      );
      await replaceEdges(
        tx,
        Label.FaultType,
        Rel.HANDLED_BY,
        Label.Procedure,
        faultIds,
        domain.faultTypes.map((f) => ({ from: f.id, to: f.procedure })),
      );
      await replaceEdges(
        tx,
        Label.FaultType,
        Rel.AFFECTS,
        Label.EquipmentType,
        faultIds,
        domain.faultTypes.flatMap((f) => f.affects.map((to) => ({ from: f.id, to }))),
      );

      const eqIds = grid.equipment.map((e) => e.id);
      await replaceEdges(
        tx,
        Label.Equipment,
        Rel.INSTANCE_OF,
        Label.EquipmentType,
        eqIds,
        grid.equipment.map((e) => ({ from: e.id, to: e.type })),
      );
      await replaceEdges(
        tx,
        Label.Equipment,
        Rel.LOCATED_AT,
        Label.Substation,
        eqIds,
        grid.equipment.map((e) => ({ from: e.id, to: e.substation })),
      );
      await replaceEdges(
        tx,
        Label.Equipment,
        Rel.FEEDS,
        Label.Equipment,
        eqIds,
        grid.equipment.flatMap((e) => e.feeds.map((to) => ({ from: e.id, to }))),
      );
      await replaceEdges(
        tx,
        Label.Substation,
        Rel.PART_OF,
        Label.Org,
        grid.substations.map((s) => s.id),
        grid.substations.map((s) => ({ from: s.id, to: s.orgId })),
      );

      // Detector models and alarm services: created as ordinary assets when absent (owned by their org,
      // visible by the usual rule), never overwritten when the asset subgraphs already manage them.
      await tx.run(
        `UNWIND $rows AS row
         MATCH (o:${Label.Org} {id: row.ownerOrgId})
         MERGE (m:${Label.Model} {id: row.id})
         ON CREATE SET m.name = row.name, m.description = row.description, m.task = row.task, m.tags = ['knowledge-demo'],
           m.tagsText = 'knowledge-demo', m.ownerOrgId = row.ownerOrgId, m.createdAt = datetime(), m.createdBy = 'knowledge-import', m.archived = false
         MERGE (m)-[:${Rel.OWNED_BY}]->(o)`,
        { rows: assets.models },
      );
      await tx.run(
        `UNWIND $rows AS row
         MATCH (o:${Label.Org} {id: row.ownerOrgId})
         MERGE (s:${Label.Service} {id: row.id})
         ON CREATE SET s.name = row.name, s.description = coalesce(row.description, row.name), s.endpoint = row.endpoint, s.tags = ['knowledge-demo'],
           s.tagsText = 'knowledge-demo', s.ownerOrgId = row.ownerOrgId, s.createdAt = datetime(), s.createdBy = 'knowledge-import', s.archived = false
         MERGE (s)-[:${Rel.OWNED_BY}]->(o)`,
        { rows: assets.services.map((s) => ({ description: null, ...s })) },
      );
      await replaceEdges(
        tx,
        Label.Model,
        Rel.DETECTS,
        Label.FaultType,
        assets.models.map((m) => m.id),
        assets.models.flatMap((m) => m.detects.map((to) => ({ from: m.id, to }))),
      );
      await replaceEdges(
        tx,
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
  const nodes =
    domain.equipmentTypes.length +
    domain.roles.length +
    domain.safetyRules.length +
    domain.symptoms.length +
    domain.causes.length +
    domain.procedures.length +
    domain.faultTypes.length +
    grid.substations.length +
    grid.equipment.length +
    domain.procedures.reduce((n, p) => n + p.steps.length, 0);
  const relationships =
    domain.procedures.reduce((n, p) => n + p.steps.length + p.safetyRules.length + p.responsible.length, 0) +
    domain.faultTypes.reduce((n, f) => n + f.symptoms.length + f.causes.length + 1 + f.affects.length, 0) +
    grid.equipment.reduce((n, e) => n + 2 + e.feeds.length, 0) +
    grid.substations.length +
    assets.models.reduce((n, m) => n + m.detects.length, 0) +
    assets.services.reduce((n, s) => n + s.raises.length, 0);
  return { nodes, relationships };
}

/** True when the knowledge graph has not been imported yet (for `npm start`). */
export async function knowledgeIsEmpty(driver: Driver): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `MATCH (f:${Label.FaultType}) RETURN count(f) AS n`,
    {},
    { database: config.neo4j.database },
  );
  return (records[0]?.get('n') as number) === 0;
}
