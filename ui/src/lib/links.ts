// Stable URLs of entity pages, one place for every kind, so every page links its graph neighbours alike.
export type EntityKind =
  | 'DATASET'
  | 'DATASET_VERSION'
  | 'MODEL'
  | 'MODEL_VERSION'
  | 'SERVICE'
  | 'DEPLOYMENT'
  | 'CLUSTER'
  | 'NODE'
  | 'ACCELERATOR'
  | 'EDGE_NODE'
  | 'ORG'
  | 'TRAINING_RUN'
  | 'AUTOML_STUDY';

const enc = encodeURIComponent;

/** The page of an entity; `parentId` is the dataset or model a version belongs to, when known. */
export function entityPath(kind: EntityKind | string, id: string, parentId?: string): string {
  switch (kind) {
    case 'DATASET':
      return `/datasets/${enc(id)}`;
    case 'DATASET_VERSION':
      return parentId ? `/datasets/${enc(parentId)}?version=${enc(id)}` : `/dataset-versions/${enc(id)}`;
    case 'MODEL':
      return `/models/${enc(id)}`;
    case 'MODEL_VERSION':
      return parentId ? `/models/${enc(parentId)}?version=${enc(id)}` : `/model-versions/${enc(id)}`;
    case 'SERVICE':
      return `/services/${enc(id)}`;
    case 'DEPLOYMENT':
      return `/deployments/${enc(id)}`;
    case 'CLUSTER':
      return `/hardware/clusters/${enc(id)}`;
    case 'NODE':
      return `/hardware/nodes/${enc(id)}`;
    case 'ACCELERATOR':
      return `/hardware/accelerators/${enc(id)}`;
    case 'EDGE_NODE':
      return `/hardware/edge-nodes/${enc(id)}`;
    case 'ORG':
      return `/orgs/${enc(id)}`;
    case 'TRAINING_RUN':
      return `/training-runs/${enc(id)}`;
    case 'AUTOML_STUDY':
      return `/automl-studies/${enc(id)}`;
    default:
      return `/lineage/${enc(id)}`;
  }
}

/** A deployment request's page; its workflow id holds slashes (deployment/<service>/<request>), kept as path segments. */
export const deploymentRequestPath = (workflowId: string): string =>
  `/deployment-requests/${workflowId.split('/').map(enc).join('/')}`;

/** The request-deployment form, prefilled with what the linking page knows. */
export const requestDeploymentPath = (prefill: { serviceId?: string; modelVersionId?: string } = {}): string => {
  const q = new URLSearchParams(Object.entries(prefill).filter((e): e is [string, string] => Boolean(e[1])));
  return `/deployment-requests/new${q.size ? `?${q.toString()}` : ''}`;
};

export const lineagePath = (id: string): string => `/lineage/${enc(id)}`;

/** The predict playground of a deployment or a service. */
export const predictPath = (kind: 'DEPLOYMENT' | 'SERVICE', id: string): string => `${entityPath(kind, id)}/predict`;

/** An edge rollout's progress page; its workflow id holds slashes (edge-rollout/<version>/<id>), kept as path segments. */
export const edgeRolloutPath = (workflowId: string): string =>
  `/edge-rollouts/${workflowId.split('/').map(enc).join('/')}`;
