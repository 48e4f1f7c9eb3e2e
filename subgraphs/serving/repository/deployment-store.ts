// Deployments: a model version placed on an accelerator. The inference runtime (a later issue) moves
// them from PENDING to READY or FAILED; this subgraph records them and stops them.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { Keyset } from '../../../lib/subgraph/cursor.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import {
  COMMON,
  inWriteTx,
  int,
  lookupForWrite,
  modelVersionVisible,
  readOne,
  visibleById,
  visiblePage,
  type AssetKind,
  type CommonRecord,
} from '../../../lib/graph/asset-store.js';
import { manyEach, oneEach, visibleByIds } from '../../../lib/graph/batch.js';
import {
  canServe,
  placementParams,
  preferredExecutionProvider,
  requiredMemoryMb,
} from '../../../lib/graph/placement.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { tally } from '../../../lib/graph/tally.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';

export const DEPLOYMENT_STATUSES = ['PENDING', 'READY', 'FAILED', 'STOPPED'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface DeploymentRecord extends CommonRecord {
  status: DeploymentStatus;
  executionProvider: string | null;
  /** Asked for at creation (chosen, or the accelerator's most preferred); null on deployments made before it was kept. */
  plannedExecutionProvider: string | null;
  fallbackReason: string | null;
  /** Why the runtime could not load it (status FAILED): a model that does not load, bytes that fail their digest. */
  failureReason: string | null;
  replicas: number;
  /** How the runtime runs the replicas' sessions: inline (on the serving thread) or thread (one worker thread each). */
  sessionIsolation: string | null;
  /** Exact rewrites applied to the model graph at load (runtime/onnx-rewrite.ts), one line per node. */
  graphRewrites: string[];
  stoppedAt: string | null;
  /** Ids as stored; whether the caller may see them is decided when they are resolved. */
  modelVersionId: string | null;
  acceleratorId: string | null;
  /**
   * Whether the viewer may see the accelerator (RefStore's rule), read along with the deployment by the
   * batched lists (`related`), so that `deployments { accelerator }` needs no query of its own; absent elsewhere.
   */
  acceleratorVisible?: boolean;
}

export const DEPLOYMENT: AssetKind = {
  label: Label.Deployment,
  what: 'deployment',
  action: 'deployment',
  projection: `n { ${COMMON}, .status, .executionProvider, .plannedExecutionProvider, .fallbackReason, .failureReason, .sessionIsolation, graphRewrites: coalesce(n.graphRewrites, []), replicas: coalesce(n.replicas, 1),
    stoppedAt: toString(n.stoppedAt),
    modelVersionId: [(n)-[:${Rel.SERVES}]->(mv:${Label.ModelVersion}) | mv.id][0],
    acceleratorId: [(n)-[:${Rel.RUNS_ON}]->(a:${Label.Accelerator}) | a.id][0] }`,
};

export interface NewDeployment {
  name: string;
  description?: string;
  tags?: string[];
  modelVersionId: string;
  acceleratorId: string;
  replicas: number;
  executionProvider?: string;
}

export interface DeploymentFilter {
  status?: DeploymentStatus | null;
  modelVersionId?: string | null;
  acceleratorId?: string | null;
}

/** Statuses from which a deployment may still take traffic. */
export const ROUTABLE: DeploymentStatus[] = ['PENDING', 'READY'];

export class DeploymentStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<DeploymentRecord | null> {
    return visibleById(this.driver, viewer, DEPLOYMENT, id);
  }

  page(
    viewer: Identity,
    args: { first: number; after: Keyset | null; includeArchived: boolean; filter: DeploymentFilter },
  ) {
    return visiblePage<DeploymentRecord>(this.driver, viewer, DEPLOYMENT, {
      ...args,
      where: `($status IS NULL OR n.status = $status)
        AND ($mvId IS NULL OR EXISTS { MATCH (n)-[:${Rel.SERVES}]->(:${Label.ModelVersion} {id: $mvId}) })
        AND ($accId IS NULL OR EXISTS { MATCH (n)-[:${Rel.RUNS_ON}]->(:${Label.Accelerator} {id: $accId}) })`,
      params: {
        status: args.filter.status ?? null,
        mvId: args.filter.modelVersionId ?? null,
        accId: args.filter.acceleratorId ?? null,
      },
    });
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  byIds(viewer: Identity, ids: readonly string[]): Promise<(DeploymentRecord | null)[]> {
    return visibleByIds(this.driver, viewer, DEPLOYMENT, ids);
  }

  /**
   * Visible deployments matching `pattern` (binds `n`, the parent's id is `id`) for each parent id,
   * newest first: one query for all parents (per-request loaders batch them).
   */
  private async related(
    viewer: Identity,
    pattern: string,
    ids: readonly string[],
    status: DeploymentStatus | null | undefined,
  ): Promise<DeploymentRecord[][]> {
    if (ids.length === 0) return [];
    return manyEach<DeploymentRecord>(
      this.driver,
      ids,
      `MATCH ${pattern} WHERE ${visibleTo('n')} AND ($status IS NULL OR n.status = $status)
       WITH DISTINCT id, n ORDER BY n.createdAt DESC, n.id
       WITH id, ${DEPLOYMENT.projection} AS item,
            EXISTS { MATCH (n)-[:${Rel.RUNS_ON}]->(a:${Label.Accelerator}) WHERE ${visibleTo('a')} } AS acceleratorVisible
       RETURN id, item { .*, acceleratorVisible } AS item`,
      { status: status ?? null, ...(await viewerScope(this.driver, viewer)) },
    );
  }

  /**
   * For each model version id: null when the viewer may not see the version (RefStore's rule), else its
   * deployments the viewer may see, newest first, as `ofModelVersions` lists them (every status). One query
   * for an `_entities` fetch of versions with their `deployments`: the reference check and the field.
   */
  async ofVisibleModelVersions(
    viewer: Identity,
    modelVersionIds: readonly string[],
  ): Promise<(DeploymentRecord[] | null)[]> {
    if (modelVersionIds.length === 0) return [];
    return oneEach<DeploymentRecord[]>(
      this.driver,
      modelVersionIds,
      `MATCH (mv:${Label.ModelVersion} {id: id}) WHERE ${modelVersionVisible('mv')}
       RETURN id, COLLECT {
         MATCH (mv)<-[:${Rel.SERVES}]-(n:${Label.Deployment}) WHERE ${visibleTo('n')}
         WITH DISTINCT n
         WITH n, ${DEPLOYMENT.projection} AS item,
              EXISTS { MATCH (n)-[:${Rel.RUNS_ON}]->(a:${Label.Accelerator}) WHERE ${visibleTo('a')} } AS acceleratorVisible
         RETURN item { .*, acceleratorVisible } ORDER BY n.createdAt DESC, n.id
       } AS item`,
      { ...(await viewerScope(this.driver, viewer)) },
    );
  }

  ofModels(viewer: Identity, modelIds: readonly string[], status?: DeploymentStatus | null) {
    return this.related(
      viewer,
      `(:${Label.Model} {id: id})-[:${Rel.HAS_VERSION}]->(:${Label.ModelVersion})<-[:${Rel.SERVES}]-(n:${Label.Deployment})`,
      modelIds,
      status,
    );
  }

  ofModelVersions(viewer: Identity, modelVersionIds: readonly string[], status?: DeploymentStatus | null) {
    return this.related(
      viewer,
      `(:${Label.ModelVersion} {id: id})<-[:${Rel.SERVES}]-(n:${Label.Deployment})`,
      modelVersionIds,
      status,
    );
  }

  onAccelerators(viewer: Identity, acceleratorIds: readonly string[], status?: DeploymentStatus | null) {
    return this.related(
      viewer,
      `(:${Label.Accelerator} {id: id})<-[:${Rel.RUNS_ON}]-(n:${Label.Deployment})`,
      acceleratorIds,
      status,
    );
  }

  /**
   * Records a PENDING deployment owned by the caller's org. The model version and the accelerator must
   * exist and be visible to the caller (NOT_FOUND otherwise); the accelerator must be in service and
   * able to run the version (BAD_USER_INPUT otherwise).
   */
  async create(actor: Identity, input: NewDeployment): Promise<DeploymentRecord> {
    const scope = await viewerScope(this.driver, actor);
    return inWriteTx(
      this.driver,
      async (tx) => {
        const mv = await tx.run(
          `MATCH (mv:${Label.ModelVersion} {id: $id}) WHERE ${modelVersionVisible('mv')}
           RETURN mv.artifactSize AS artifactSize`,
          { id: input.modelVersionId, ...scope },
        );
        if (mv.records.length === 0)
          throw notFound(`model version ${input.modelVersionId} not found`, 'modelVersionId');
        const acc = await tx.run(
          `MATCH (a:${Label.Accelerator} {id: $accId}) WHERE ${visibleTo('a')}
           MATCH (mv:${Label.ModelVersion} {id: $mvId})
           RETURN coalesce(a.archived, false) AS archived, coalesce(a.executionProviders, []) AS eps,
                  coalesce(a.memoryMb, 0) AS memoryMb, ${canServe('a', 'mv')} AS compatible`,
          { accId: input.acceleratorId, mvId: input.modelVersionId, ...placementParams, ...scope },
        );
        const row = acc.records[0];
        if (!row) throw notFound(`accelerator ${input.acceleratorId} not found`, 'acceleratorId');
        if (row.get('archived')) throw badInput(`accelerator ${input.acceleratorId} is archived`, 'acceleratorId');
        if (!row.get('compatible')) {
          const needed = requiredMemoryMb(mv.records[0]!.get('artifactSize') as number | null);
          throw badInput(
            `accelerator ${input.acceleratorId} cannot serve model version ${input.modelVersionId}: it needs an ONNX Runtime ` +
              `execution provider and at least ${needed} MB of memory (it has ${String(row.get('memoryMb'))} MB, ` +
              `providers [${(row.get('eps') as string[]).join(', ')}])`,
            'acceleratorId',
          );
        }
        const eps = row.get('eps') as string[];
        let ep = preferredExecutionProvider(eps);
        if (input.executionProvider !== undefined) {
          if (!eps.includes(input.executionProvider)) {
            throw badInput(
              `accelerator ${input.acceleratorId} has no execution provider "${input.executionProvider}" (it has ${eps.join(', ')})`,
              'executionProvider',
            );
          }
          ep = input.executionProvider;
        }
        const tags = input.tags ?? [];
        const { records } = await tx.run(
          `MATCH (o:${Label.Org} {id: $org}), (mv:${Label.ModelVersion} {id: $mvId}), (a:${Label.Accelerator} {id: $accId})
           CREATE (n:${Label.Deployment} {id: $id, name: $name, description: $description, tags: $tags, tagsText: $tagsText,
                   status: $status, executionProvider: $ep, plannedExecutionProvider: $ep, replicas: $replicas,
                   ownerOrgId: $org, createdBy: $actor, createdAt: datetime(), archived: false})
           CREATE (n)-[:${Rel.OWNED_BY}]->(o)
           ${tally('n', Label.Deployment)}
           CREATE (n)-[:${Rel.SERVES}]->(mv)
           CREATE (n)-[:${Rel.RUNS_ON}]->(a)
           RETURN ${DEPLOYMENT.projection} AS item`,
          {
            org: actor.org,
            mvId: input.modelVersionId,
            accId: input.acceleratorId,
            id: randomUUID(),
            name: input.name,
            description: input.description ?? '',
            tags,
            tagsText: tags.join(' '),
            status: 'PENDING',
            ep,
            replicas: int(input.replicas),
            actor: actor.username,
          },
        );
        const deployment = records[0]?.get('item') as DeploymentRecord | undefined;
        if (!deployment) throw new Error(`org "${actor.org}" of ${actor.username} does not exist in the graph`);
        await writeAudit(tx, {
          action: 'deployment.create',
          actor,
          targetId: deployment.id,
          targetLabel: Label.Deployment,
          after: deployment,
        });
        return deployment;
      },
      () => badInput(`deployment ${input.name} could not be recorded`, 'name'),
    );
  }

  /** STOPPED; refused while a service still sends it traffic. Stopping a stopped deployment changes nothing. */
  async stop(actor: Identity, id: string): Promise<DeploymentRecord> {
    const scope = await viewerScope(this.driver, actor);
    return inWriteTx(
      this.driver,
      async (tx) => {
        await lookupForWrite(tx, Label.Deployment, 'deployment', id, scope, 'id');
        const before = await readOne<DeploymentRecord>(tx, DEPLOYMENT, id);
        if (before.status === 'STOPPED') return before;
        const routed = await tx.run(
          `MATCH (s:${Label.Service})-[r:${Rel.ROUTES_TO}]->(:${Label.Deployment} {id: $id})
           WHERE r.weight > 0 AND NOT coalesce(s.archived, false)
           RETURN collect(s.name) AS services`,
          { id },
        );
        const services = (routed.records[0]?.get('services') as string[] | undefined) ?? [];
        if (services.length > 0) {
          throw badInput(
            `deployment ${id} still receives traffic from service(s) ${services.join(', ')}; change their routes first`,
            'id',
          );
        }
        await tx.run(
          `MATCH (n:${Label.Deployment} {id: $id}) SET n.status = $stopped, n.stoppedAt = datetime(), n.updatedAt = datetime()`,
          { id, stopped: 'STOPPED' },
        );
        const after = await readOne<DeploymentRecord>(tx, DEPLOYMENT, id);
        await writeAudit(tx, {
          action: 'deployment.stop',
          actor,
          targetId: id,
          targetLabel: Label.Deployment,
          before,
          after,
        });
        return after;
      },
      () => badInput(`deployment ${id} could not be stopped`, 'id'),
    );
  }
}
