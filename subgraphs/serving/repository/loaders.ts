// This subgraph's batched reads, one loader per kind per request (lib/subgraph/loaders.ts): entity
// references and nested fields of many parents cost one query per kind, visibility inside it.
import { Label } from '../../../lib/graph/ontology.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import {
  DEPLOYMENT_STATUSES,
  DeploymentStore,
  type DeploymentRecord,
  type DeploymentStatus,
} from './deployment-store.js';
import { RefStore } from './refs-store.js';
import { ServiceStore } from './service-store.js';
import { requestRecordsOf } from '../../../domain/deployment/approval-store.js';

type RefLabel = Parameters<RefStore['visibleMany']>[1];

const refs = (label: RefLabel) => (ctx: SubgraphContext) => (ids: readonly string[]) =>
  new RefStore(ctx.driver).visibleMany(ctx.identity, label, ids);

/** `{ id }` of another subgraph's entity when the caller may see it, else null. */
const ref = (label: RefLabel) => (ctx: SubgraphContext, id: string) =>
  ctx.loaders.load(`ref:${label}`, id, refs(label)(ctx));

type Related = 'ofModels' | 'ofModelVersions' | 'onAccelerators';

/** The accelerator visibility each deployment was read with, so that `accelerator` costs no round trip. */
function primeAcceleratorRefs(ctx: SubgraphContext, lists: readonly (readonly DeploymentRecord[] | null)[]): void {
  for (const list of lists)
    for (const d of list ?? [])
      if (d.acceleratorId && d.acceleratorVisible !== undefined)
        ctx.loaders.prime(
          `ref:${Label.Accelerator}`,
          d.acceleratorId,
          d.acceleratorVisible ? { id: d.acceleratorId } : null,
          refs(Label.Accelerator)(ctx),
        );
}

const deploymentsLoader = (which: Related, status: DeploymentStatus | null | undefined) =>
  `Deployment.${which}:${status ?? ''}`;

const deploymentsBatch =
  (ctx: SubgraphContext, which: Related, status: DeploymentStatus | null | undefined) =>
  async (ids: readonly string[]) => {
    const lists = await new DeploymentStore(ctx.driver)[which](ctx.identity, ids, status);
    primeAcceleratorRefs(ctx, lists);
    return lists;
  };

const deployments =
  (which: Related) => (ctx: SubgraphContext, id: string, status: DeploymentStatus | null | undefined) =>
    ctx.loaders.load(deploymentsLoader(which, status), id, deploymentsBatch(ctx, which, status));

/**
 * `{ id }` of a model version the caller may see, else null, read with its deployments in the same query:
 * the version's `deployments` (any status argument) then cost no round trip of their own.
 */
const modelVersionRefWithDeployments = (ctx: SubgraphContext, id: string) =>
  ctx.loaders.load(`ref:${Label.ModelVersion}+deployments`, id, async (ids) => {
    const found = await new DeploymentStore(ctx.driver).ofVisibleModelVersions(ctx.identity, ids);
    primeAcceleratorRefs(ctx, found);
    return found.map((list, i) => {
      const mvId = ids[i]!;
      const ref = list ? { id: mvId } : null;
      ctx.loaders.prime(`ref:${Label.ModelVersion}`, mvId, ref, refs(Label.ModelVersion)(ctx));
      if (list)
        for (const status of [null, ...DEPLOYMENT_STATUSES])
          ctx.loaders.prime(
            deploymentsLoader('ofModelVersions', status),
            mvId,
            status ? list.filter((d) => d.status === status) : list,
            deploymentsBatch(ctx, 'ofModelVersions', status),
          );
      return ref;
    });
  });

export const load = {
  deployment: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Deployment', id, (ids) => new DeploymentStore(ctx.driver).byIds(ctx.identity, ids)),
  service: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Service', id, (ids) => new ServiceStore(ctx.driver).byIds(ctx.identity, ids)),
  /** Visible services routing to a deployment. */
  servicesRoutingTo: (ctx: SubgraphContext, deploymentId: string) =>
    ctx.loaders.load('Service.routingTo', deploymentId, (ids) =>
      new ServiceStore(ctx.driver).routingTo(ctx.identity, ids),
    ),
  /** The deployment request record (requester, approvals) of a deployment already shown to the caller. */
  deploymentRequestRecord: (ctx: SubgraphContext, deploymentId: string) =>
    ctx.loaders.load('Deployment.request', deploymentId, (ids) => requestRecordsOf(ctx.driver, ids)),
  /** Visible deployments, newest first, of a model / a model version / on an accelerator. */
  deploymentsOfModel: deployments('ofModels'),
  deploymentsOfModelVersion: deployments('ofModelVersions'),
  deploymentsOnAccelerator: deployments('onAccelerators'),
  modelRef: ref(Label.Model),
  modelVersionRef: ref(Label.ModelVersion),
  modelVersionRefWithDeployments,
  acceleratorRef: ref(Label.Accelerator),
};
