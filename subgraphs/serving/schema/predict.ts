import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { DeploymentStore } from '../repository/deployment-store.js';
import { ServiceStore } from '../repository/service-store.js';
import { getRuntime } from '../inference/host.js';
import { isInferenceError, type InferenceErrorCode } from '../runtime/errors.js';
import { pickDeployment } from '../runtime/runtime.js';
import type { JsonTensors } from '../runtime/tensors.js';
import { namedInputs } from '../runtime/columns.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { predictOcrPipeline } from './pipeline-predict.js';

// Runtime error codes as GraphQL extension codes; OVERLOADED keeps its name so clients can back off.
const GRAPHQL_CODE: Record<InferenceErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_ARGUMENT: 'BAD_USER_INPUT',
  OVERLOADED: 'OVERLOADED',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  // The input fit the signature but the model's graph refused it: the caller's to fix, so never masked.
  MODEL_REJECTED_INPUT: 'MODEL_REJECTED_INPUT',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

interface Prediction {
  /** null when a pipeline service answered. */
  deploymentId: string | null;
  /** The service the call was routed through; null for a call on a deployment. */
  serviceId: string | null;
  outputs: JsonTensors | object;
  pipeline?: string;
  latencyMs: number;
  executionProvider: string | null;
  fallbackReason: string | null;
  /** A pipeline's providers per stage. */
  stageProviders?: object;
}

const unavailable = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'UNAVAILABLE' } });

const PredictionRef = builder.objectRef<Prediction>('Prediction').implement({
  description: 'Output tensors of one inference, and the deployment that answered.',
  fields: (t) => ({
    deploymentId: t.exposeID('deploymentId', {
      nullable: true,
      description: 'The deployment that answered; null when a pipeline service did (see pipeline).',
    }),
    pipeline: t.string({
      nullable: true,
      description: 'OCR_PIPELINE when an OCR pipeline service answered; null for a model deployment.',
      resolve: (p) => p.pipeline ?? null,
    }),
    serviceId: t.exposeID('serviceId', {
      nullable: true,
      description: 'The service the call was routed through (deploymentId says which of its deployments answered).',
    }),
    outputs: t.field({
      type: 'JSON',
      description:
        'Output name → {dtype, shape, data} (data flat, row-major); from an OCR_PIPELINE service, ' +
        '{lines: [{text, score, box}], width, height}.',
      resolve: (p) => p.outputs,
    }),
    latencyMs: t.exposeFloat('latencyMs', {
      description:
        'Milliseconds the serving host spent on this inference, measured there: input validation, waiting for a ' +
        'batch and a free session, and the session run (for an OCR pipeline, its decode and three stages). Network ' +
        'and gateway time are not included.',
    }),
    executionProvider: t.exposeString('executionProvider', {
      nullable: true,
      description:
        "The ONNX Runtime execution provider the answering deployment's sessions ran on (cpu, cuda, …); null for a " +
        'pipeline service (see stageProviders).',
    }),
    fallbackReason: t.exposeString('fallbackReason', {
      nullable: true,
      description: 'Why the deployment runs on a provider other than the one its accelerator asked for; null if not.',
    }),
    stageProviders: t.field({
      type: 'JSON',
      nullable: true,
      description: 'For an OCR_PIPELINE service: the execution provider each stage ran on, { det, cls, rec }.',
      resolve: (p) => p.stageProviders ?? null,
    }),
  }),
});

function asInputs(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badInput(
      'inputs must be an object: column name → values (one per row), or input name → {dtype, shape, data}',
      'inputs',
    );
  }
  return value as Record<string, unknown>;
}

/** Named columns become the model's tensors (runtime/columns.ts); the tensor form passes unchanged. */
function tensorsFor(deploymentId: string, inputs: Record<string, unknown>): JsonTensors {
  const signature = getRuntime().status(deploymentId)?.signature;
  return signature ? namedInputs(signature, inputs) : (inputs as JsonTensors);
}

builder.mutationField('predict', (t) =>
  t.field({
    type: PredictionRef,
    description:
      'Runs an inference on a deployment, or on a service (routed by its traffic weights; the same routingKey always ' +
      'lands on the same deployment). Inputs are validated against the model signature: named columns, ' +
      '{"age": [35, 41], "job": ["clerk", "engineer"]} (one value per row, a scalar for one row, null for a missing ' +
      'value), or tensors, {"x": {"dtype": "float32", "shape": [2, 4], "data": [...]}}.',
    authScopes: { authenticated: true },
    args: {
      deploymentId: t.arg.id(),
      serviceId: t.arg.id(),
      routingKey: t.arg.string({ description: 'Sticky routing key, e.g. a user or device id.' }),
      inputs: t.arg({
        type: 'JSON',
        required: true,
        description: 'Column name → values (one per row), or input name → {dtype, shape, data}.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const inputs = asInputs(args.inputs);
      if ((args.deploymentId == null) === (args.serviceId == null))
        throw badInput('give exactly one of deploymentId and serviceId', 'deploymentId');
      let deploymentId: string;
      // What the graph says of the deployment: READY for a routed one (routes are filtered to READY).
      let graphStatus = 'READY';
      if (args.deploymentId != null) {
        const deployment = await new DeploymentStore(ctx.driver).byId(ctx.identity, args.deploymentId);
        if (!deployment) throw notFound(`deployment ${args.deploymentId} not found`, 'deploymentId');
        deploymentId = deployment.id;
        graphStatus = deployment.status;
      } else {
        // Exactly one of the two was given (checked above): here it is serviceId.
        const service = await new ServiceStore(ctx.driver).byId(ctx.identity, args.serviceId!);
        if (!service) throw notFound(`service ${args.serviceId} not found`, 'serviceId');
        if (service.kind === 'OCR_PIPELINE') {
          const { latencyMs, providers, ...outputs } = await predictOcrPipeline(service.name, inputs);
          return {
            deploymentId: null,
            serviceId: service.id,
            pipeline: 'OCR_PIPELINE',
            outputs,
            latencyMs,
            executionProvider: null,
            fallbackReason: null,
            stageProviders: providers,
          };
        }
        const routes = (await new ServiceStore(ctx.driver).routes(ctx.identity, service.id))
          .filter((r) => r.deployment?.status === 'READY' && r.weight > 0)
          .map((r) => ({ deploymentId: r.deploymentId, weight: r.weight }));
        const picked = pickDeployment(routes, args.routingKey ?? undefined);
        if (!picked)
          throw unavailable(
            `service ${service.name} has no READY deployment to route to: its routes are empty or every deployment ` +
              'they name is PENDING, FAILED or STOPPED. Route it to a READY deployment (setServiceRoutes, ML engineers), ' +
              'or call predict with the deploymentId of one',
          );
        deploymentId = picked;
      }
      try {
        const inference = await getRuntime().infer(deploymentId, tensorsFor(deploymentId, inputs));
        return {
          deploymentId,
          serviceId: args.serviceId ?? null,
          outputs: inference.outputs,
          latencyMs: inference.latencyMs,
          executionProvider: inference.provider,
          fallbackReason: inference.fallbackReason,
        };
      } catch (error) {
        if (!isInferenceError(error)) throw error;
        // The graph knows the deployment but this serving host has not loaded it (loading after a restart, or
        // its model failed to load): not "not found" to the caller, who was routed to it.
        if (error.code === 'NOT_FOUND' && (graphStatus === 'READY' || graphStatus === 'PENDING'))
          throw unavailable(
            `deployment ${deploymentId} is not loaded on this serving host yet (it loads at start, or failed to load: ` +
              'see the deployment status and failureReason); retry in a few seconds',
          );
        const message =
          error.code === 'NOT_FOUND'
            ? `deployment ${deploymentId} is ${graphStatus}: it serves nothing`
            : error.message;
        throw new GraphQLError(message, {
          extensions: {
            code: GRAPHQL_CODE[error.code],
            ...(error.details.length > 0 ? { problems: error.details } : {}),
          },
        });
      }
    },
  }),
);
