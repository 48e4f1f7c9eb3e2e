// Services: a stable endpoint whose traffic is split across deployments by weight.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { Keyset } from '../../../lib/subgraph/cursor.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import {
  READ,
  archiveAsset,
  assertNameFree,
  duplicateName,
  inWriteTx,
  int,
  lookupForWrite,
  ownerFor,
  readOne,
  updateAsset,
  visibleById,
  visiblePage,
} from '../../../lib/graph/asset-store.js';
import { visibleByIds, visibleRelatedByIds } from '../../../lib/graph/batch.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { DEPLOYMENT, ROUTABLE, type DeploymentRecord } from './deployment-store.js';
import { routesProblem, type ServiceKind } from '../../../domain/deployment/routes.js';
import { SERVICE, ensureServices, type ServiceRecord } from '../../../domain/serving/service-nodes.js';

export { SERVICE, type ServiceRecord };

export interface NewService {
  name: string;
  description?: string;
  tags?: string[];
  endpoint?: string;
  ownerOrgId?: string | null;
  kind?: ServiceKind;
}

export interface ServiceChanges {
  name?: string;
  description?: string;
  tags?: string[];
  endpoint?: string;
}

export interface RouteInput {
  deploymentId: string;
  weight: number;
}

export interface RouteRecord {
  weight: number;
  deploymentId: string;
  /** null when the caller may not see the deployment. */
  deployment: DeploymentRecord | null;
}

export class ServiceStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<ServiceRecord | null> {
    return visibleById(this.driver, viewer, SERVICE, id);
  }

  page(viewer: Identity, args: { first: number; after: Keyset | null; includeArchived: boolean }) {
    return visiblePage<ServiceRecord>(this.driver, viewer, SERVICE, args);
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  byIds(viewer: Identity, ids: readonly string[]): Promise<(ServiceRecord | null)[]> {
    return visibleByIds(this.driver, viewer, SERVICE, ids);
  }

  /** Visible services routing to each deployment, one query for all (per-request loader). */
  routingTo(viewer: Identity, deploymentIds: readonly string[]): Promise<ServiceRecord[][]> {
    return visibleRelatedByIds(
      this.driver,
      viewer,
      SERVICE,
      `(n:${Label.Service})-[:${Rel.ROUTES_TO}]->(:${Label.Deployment} {id: id})`,
      deploymentIds,
      false,
    );
  }

  async routes(viewer: Identity, serviceId: string): Promise<RouteRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:${Label.Service} {id: $id})-[r:${Rel.ROUTES_TO}]->(n:${Label.Deployment})
       WITH r, n ORDER BY r.weight DESC, n.id
       RETURN r.weight AS weight, n.id AS deploymentId, CASE WHEN ${visibleTo('n')} THEN ${DEPLOYMENT.projection} END AS deployment`,
      { id: serviceId, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => ({
      weight: r.get('weight') as number,
      deploymentId: r.get('deploymentId') as string,
      deployment: r.get('deployment') as DeploymentRecord | null,
    }));
  }

  async register(actor: Identity, input: NewService): Promise<ServiceRecord> {
    const scope = await viewerScope(this.driver, actor);
    const org = ownerFor(actor, scope, input.ownerOrgId);
    return inWriteTx(
      this.driver,
      async (tx) => {
        await assertNameFree(tx, SERVICE, org, input.name);
        const [made] = await ensureServices(tx, actor, [
          {
            id: randomUUID(),
            name: input.name,
            description: input.description ?? '',
            tags: input.tags ?? [],
            endpoint: input.endpoint ?? '',
            kind: input.kind ?? 'MODEL',
            ownerOrgId: org,
          },
        ]);
        if (!made) throw new Error(`org "${org}" does not exist in the graph`);
        return made.service;
      },
      () => duplicateName(SERVICE, input.name, org),
    );
  }

  update(actor: Identity, id: string, changes: ServiceChanges): Promise<ServiceRecord> {
    return updateAsset(this.driver, actor, SERVICE, id, { ...changes });
  }

  archive(actor: Identity, id: string): Promise<ServiceRecord> {
    return archiveAsset(this.driver, actor, SERVICE, id, null);
  }

  /**
   * Replaces the service's routes: weights 0..100 summing to 100, one per deployment (checked here too, so
   * no caller writes a split that does not add up). Each deployment must be visible (NOT_FOUND) and PENDING
   * or READY (BAD_USER_INPUT); a pipeline service takes none.
   */
  async setRoutes(actor: Identity, serviceId: string, routes: RouteInput[]): Promise<ServiceRecord> {
    const problem = routesProblem(routes);
    if (problem) throw badInput(problem, 'routes');
    const scope = await viewerScope(this.driver, actor);
    return inWriteTx(
      this.driver,
      async (tx) => {
        const service = await lookupForWrite(tx, Label.Service, 'service', serviceId, scope, 'serviceId');
        if (service.archived) throw badInput(`service ${serviceId} is archived`, 'serviceId');
        const kind = await tx.run(`MATCH (s:${Label.Service} {id: $id}) RETURN coalesce(s.kind, 'MODEL') AS kind`, {
          id: serviceId,
        });
        if (routes.length > 0 && kind.records[0]?.get('kind') !== 'MODEL')
          throw badInput(
            `service ${serviceId} is a ${String(kind.records[0]?.get('kind'))} service: predict runs its pipeline, and it takes no routes`,
            'routes',
          );
        const found = await tx.run(
          `UNWIND $ids AS id
           OPTIONAL MATCH (n:${Label.Deployment} {id: id}) WHERE ${visibleTo('n')}
           RETURN id, n.status AS status`,
          { ids: routes.map((r) => r.deploymentId), ...scope },
        );
        for (const record of found.records) {
          const id = record.get('id') as string;
          const status = record.get('status') as string | null;
          if (status === null) throw notFound(`deployment ${id} not found`, 'routes');
          if (!(ROUTABLE as string[]).includes(status))
            throw badInput(`deployment ${id} is ${status}; only PENDING or READY deployments take traffic`, 'routes');
        }
        const current = async () =>
          (
            await tx.run(
              `MATCH (:${Label.Service} {id: $id})-[r:${Rel.ROUTES_TO}]->(d:${Label.Deployment})
               WITH r, d ORDER BY d.id RETURN collect({deploymentId: d.id, weight: r.weight}) AS routes`,
              { id: serviceId },
            )
          ).records[0]?.get('routes') as RouteInput[];
        const before = { service: await readOne<ServiceRecord>(tx, SERVICE, serviceId), routes: await current() };
        await tx.run(
          `MATCH (s:${Label.Service} {id: $id})
           OPTIONAL MATCH (s)-[r:${Rel.ROUTES_TO}]->(:${Label.Deployment})
           DELETE r
           WITH DISTINCT s
           SET s.updatedAt = datetime()
           WITH s
           UNWIND $routes AS route
           MATCH (d:${Label.Deployment} {id: route.deploymentId})
           CREATE (s)-[:${Rel.ROUTES_TO} {weight: route.weight}]->(d)`,
          { id: serviceId, routes: routes.map((r) => ({ deploymentId: r.deploymentId, weight: int(r.weight) })) },
        );
        const after = { service: await readOne<ServiceRecord>(tx, SERVICE, serviceId), routes: await current() };
        await writeAudit(tx, {
          action: 'service.setRoutes',
          actor,
          targetId: serviceId,
          targetLabel: Label.Service,
          before,
          after,
        });
        return after.service;
      },
      () => badInput(`routes of service ${serviceId} could not be set`, 'routes'),
    );
  }
}
