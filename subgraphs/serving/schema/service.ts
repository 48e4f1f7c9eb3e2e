import { builder } from '../builder.js';
import { ServiceStore, type RouteInput, type RouteRecord } from '../repository/service-store.js';
import { load } from '../repository/loaders.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { checkName, checkTags, checkText, notNull } from '../../../lib/subgraph/validate.js';
import { MAX_ROUTES, SERVICE_KINDS, routesProblem } from '../../../domain/deployment/routes.js';
import { OrgRef } from './org.js';
import { DeploymentRef, ServiceRef } from './refs.js';

const ServiceKind = builder.enumType('ServiceKind', {
  description:
    "MODEL: the service's traffic is split across deployments by route weight (summing to 100). OCR_PIPELINE: predict " +
    'runs the PP-OCRv4 detection → direction → recognition pipeline on an image (the one recognizeText runs) and ' +
    'answers with text lines; it has no routes, since its three models are stages of one answer, not alternatives.',
  values: SERVICE_KINDS,
});

const ServiceRoute = builder.objectRef<RouteRecord>('ServiceRoute').implement({
  description: "A share of a service's traffic sent to one deployment.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    weight: t.exposeInt('weight', { description: "Percent of traffic, 0 to 100; a service's weights sum to 100." }),
    deployment: t.field({
      type: DeploymentRef,
      nullable: true,
      description: 'null when you may not see the deployment.',
      resolve: (r) => r.deployment,
    }),
  }),
});

ServiceRef.implement({
  description: 'A stable endpoint whose traffic is split across deployments by weight.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    endpoint: t.exposeString('endpoint'),
    kind: t.field({ type: ServiceKind, resolve: (s) => s.kind }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({ type: OrgRef, resolve: (s) => ({ id: s.ownerOrgId }) }),
    routes: t.field({
      type: [ServiceRoute],
      resolve: (s, _args, ctx) => new ServiceStore(ctx.driver).routes(ctx.identity, s.id),
    }),
  }),
});

entityQueries(builder, ServiceRef, {
  reference: (id, ctx) => load.service(ctx, id),
  byId: { field: 'service', resolve: (id, ctx) => new ServiceStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'services',
    args: (arg) => ({ includeArchived: arg.boolean({ defaultValue: false }) }),
    page: (args, window, ctx) =>
      new ServiceStore(ctx.driver).page(ctx.identity, { ...window, includeArchived: args.includeArchived ?? false }),
  },
});

/** An absolute http(s) URL or a path on the hub, e.g. /serve/load-forecast. */
function checkEndpoint(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const endpoint = value.trim();
  if (endpoint.length > 500) throw badInput('endpoint must be at most 500 characters', 'endpoint');
  if (endpoint === '' || /^\/[\w\-./~%]*$/.test(endpoint)) return endpoint;
  try {
    const url = new URL(endpoint);
    if (url.protocol === 'http:' || url.protocol === 'https:') return endpoint;
  } catch {
    // falls through to the error below
  }
  throw badInput('endpoint must be an http(s) URL or a path starting with /', 'endpoint');
}

export { MAX_ROUTES };

/** Weights are integers 0..100, one route per deployment, summing to 100 (or no routes at all). */
export function checkRoutes(routes: { deploymentId: string; weight: number }[]): RouteInput[] {
  const checked = routes.map((r) => ({ deploymentId: r.deploymentId, weight: r.weight }));
  const problem = routesProblem(checked);
  if (problem) throw badInput(problem, 'routes');
  return checked;
}

const RegisterServiceInput = builder.inputType('RegisterServiceInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    endpoint: t.string({ description: 'An http(s) URL or a path on the hub, e.g. /serve/load-forecast.' }),
    ownerOrgId: t.id({ description: 'Owning org: yours (the default) or one below it.' }),
    kind: t.field({ type: ServiceKind, description: 'MODEL (the default) or OCR_PIPELINE.' }),
  }),
});

const UpdateServiceInput = builder.inputType('UpdateServiceInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    endpoint: t.string(),
  }),
});

const ServiceRouteInput = builder.inputType('ServiceRouteInput', {
  fields: (t) => ({
    deploymentId: t.id({ required: true }),
    weight: t.int({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  registerService: t.field({
    type: ServiceRef,
    description: 'Registers a service owned by your org or an org below it. ML engineers and platform admins only.',
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: RegisterServiceInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      new ServiceStore(ctx.driver).register(ctx.identity, {
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        endpoint: checkEndpoint(input.endpoint),
        ownerOrgId: input.ownerOrgId ?? null,
        kind: input.kind ?? 'MODEL',
      }),
  }),
  updateService: t.field({
    type: ServiceRef,
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateServiceInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => {
      const name = notNull(input.name, 'name');
      return new ServiceStore(ctx.driver).update(ctx.identity, id, {
        ...(name !== undefined ? { name: checkName(name) } : {}),
        ...(input.description != null ? { description: checkText(input.description, 'description') } : {}),
        ...(input.tags != null ? { tags: checkTags(input.tags) } : {}),
        ...(input.endpoint != null ? { endpoint: checkEndpoint(input.endpoint) } : {}),
      });
    },
  }),
  archiveService: t.field({
    type: ServiceRef,
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new ServiceStore(ctx.driver).archive(ctx.identity, id),
  }),
  setServiceRoutes: t.field({
    type: ServiceRef,
    description:
      "Replaces the service's routes. Weights are 0 to 100 and sum to 100; each deployment must be PENDING or READY. " +
      'An OCR_PIPELINE service takes no routes (BAD_USER_INPUT).',
    authScopes: { role: 'ml-engineer' },
    args: {
      serviceId: t.arg.id({ required: true }),
      routes: t.arg({ type: [ServiceRouteInput], required: true }),
    },
    resolve: (_root, args, ctx) =>
      new ServiceStore(ctx.driver).setRoutes(ctx.identity, args.serviceId, checkRoutes(args.routes)),
  }),
}));
