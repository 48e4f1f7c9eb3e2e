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

// Runtime error codes as GraphQL extension codes; OVERLOADED keeps its name so clients can back off.
const GRAPHQL_CODE: Record<InferenceErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND',
  INVALID_ARGUMENT: 'BAD_USER_INPUT',
  OVERLOADED: 'OVERLOADED',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

interface Prediction {
  deploymentId: string;
  outputs: JsonTensors;
}

const PredictionRef = builder.objectRef<Prediction>('Prediction').implement({
  description: 'Output tensors of one inference, and the deployment that answered.',
  fields: (t) => ({
    deploymentId: t.exposeID('deploymentId'),
    outputs: t.field({
      type: 'JSON',
      description: 'Output name → {dtype, shape, data} (data flat, row-major).',
      resolve: (p) => p.outputs,
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
      if (args.deploymentId != null) {
        const deployment = await new DeploymentStore(ctx.driver).byId(ctx.identity, String(args.deploymentId));
        if (!deployment) throw notFound(`deployment ${String(args.deploymentId)} not found`, 'deploymentId');
        deploymentId = deployment.id;
      } else {
        const service = await new ServiceStore(ctx.driver).byId(ctx.identity, String(args.serviceId));
        if (!service) throw notFound(`service ${String(args.serviceId)} not found`, 'serviceId');
        const routes = (await new ServiceStore(ctx.driver).routes(ctx.identity, service.id))
          .filter((r) => r.deployment?.status === 'READY' && r.weight > 0)
          .map((r) => ({ deploymentId: r.deploymentId, weight: r.weight }));
        const picked = pickDeployment(routes, args.routingKey ?? undefined);
        if (!picked)
          throw new GraphQLError(`service ${service.name} has no READY deployment to route to`, {
            extensions: { code: 'UNAVAILABLE' },
          });
        deploymentId = picked;
      }
      try {
        return { deploymentId, outputs: await getRuntime().predict(deploymentId, tensorsFor(deploymentId, inputs)) };
      } catch (error) {
        if (!isInferenceError(error)) throw error;
        throw new GraphQLError(error.message, {
          extensions: {
            code: GRAPHQL_CODE[error.code],
            ...(error.details.length > 0 ? { problems: error.details } : {}),
          },
        });
      }
    },
  }),
);
