/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AcceleratorKind =
  | 'CPU'
  | 'FPGA'
  | 'GPU'
  | 'NPU';

/** The kinds of asset that search covers. */
export type AssetKind =
  | 'ACCELERATOR'
  | 'CLUSTER'
  | 'DATASET'
  | 'DATASET_VERSION'
  | 'DEPLOYMENT'
  | 'EDGE_NODE'
  | 'MODEL'
  | 'MODEL_VERSION'
  | 'NODE'
  | 'SERVICE';

export type DatasetIntegrity =
  | 'MISSING'
  | 'TAMPERED'
  | 'UNVERIFIED'
  | 'VERIFIED';

export type DatasetProfileStatus =
  | 'FAILED'
  | 'PENDING'
  | 'READY';

export type DatasetVersionOrigin =
  | 'EXTERNAL'
  | 'LABELS'
  | 'RECIPE'
  | 'S3_IMPORT'
  | 'UPLOAD';

export type DeploymentRequestStep =
  | 'AWAITING_APPROVAL'
  | 'CANCELLED'
  | 'DEPLOYING_CANARY'
  | 'FAILED'
  | 'PROMOTED'
  | 'PROMOTING'
  | 'REJECTED'
  | 'ROLLED_BACK'
  | 'ROLLING_BACK'
  | 'VALIDATING'
  | 'WATCHING_CANARY';

/** PENDING until the inference runtime has loaded it; READY or FAILED after; STOPPED on request. */
export type DeploymentStatus =
  | 'FAILED'
  | 'PENDING'
  | 'READY'
  | 'STOPPED';

/** Reachability of an edge box. UNKNOWN: a status this API does not recognise. */
export type EdgeNodeStatus =
  | 'MAINTENANCE'
  | 'OFFLINE'
  | 'ONLINE'
  | 'UNKNOWN';

export type RecipeStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** MODEL: the service's traffic is split across deployments by route weight (summing to 100). OCR_PIPELINE: predict runs the PP-OCRv4 detection → direction → recognition pipeline on an image (the one recognizeText runs) and answers with text lines; it has no routes, since its three models are stages of one answer, not alternatives. */
export type ServiceKind =
  | 'MODEL'
  | 'OCR_PIPELINE';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, roles: Array<string>, org: { id: string, name: string, level: string } | null } };

export type CatalogSearchQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
}>;


export type CatalogSearchQuery = { search: { edges: Array<{ node: { kind: AssetKind, id: string, name: string | null, description: string | null, score: number } }> } };

export type AuditPageTrailQueryVariables = Exact<{
  actor?: string | null | undefined;
  action?: string | null | undefined;
  targetId?: string | number | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  org?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditPageTrailQuery = { auditTrail: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, seq: number, action: string, actorName: string, actorOrg: string, targetId: string, targetLabel: string, at: string, workflowId: string | null, hash: string, prevHash: string } }> } };

export type ChainPageVerifyQueryVariables = Exact<{
  fromSeq?: number | null | undefined;
  toSeq?: number | null | undefined;
}>;


export type ChainPageVerifyQuery = { verifyAuditChain: { intact: boolean, checked: number, fromSeq: number, toSeq: number | null, firstBreak: { seq: number, eventId: string | null, reason: string, expectedHash: string | null, foundHash: string | null, event: { id: string, seq: number, action: string, actorName: string, actorOrg: string, targetId: string, targetLabel: string, at: string, hash: string, prevHash: string } | null } | null } };

export type DatasetPageDatasetQueryVariables = Exact<{
  id: string | number;
}>;


export type DatasetPageDatasetQuery = { dataset: { id: string, name: string, description: string, tags: Array<string>, archived: boolean, createdAt: string, createdBy: string, owner: { id: string, name: string, parent: { id: string, parent: { id: string } | null } | null } | null, sharedWith: Array<{ id: string, name: string }>, models: Array<{ id: string, name: string, task: string }>, versions: Array<{ id: string, version: number, contentHash: string, size: number | null, rowCount: number, format: string, origin: DatasetVersionOrigin, integrity: DatasetIntegrity, profileStatus: DatasetProfileStatus | null, createdAt: string, createdBy: string }> } | null };

export type DatasetPageVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type DatasetPageVersionQuery = { datasetVersion: { id: string, version: number, datasetId: string, profileStatus: DatasetProfileStatus | null, profileError: string | null, profile: unknown, sourceUri: string | null, derivedFrom: Array<{ id: string, version: number, datasetId: string, dataset: { id: string, name: string } | null }>, recipe: { id: string, name: string, status: RecipeStatus, sql: string | null, workflowId: string } | null } | null };

export type DatasetPageRowsQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type DatasetPageRowsQuery = { datasetVersion: { id: string, rows: { columns: Array<string>, rows: Array<unknown>, totalCount: number, endCursor: string | null, hasNextPage: boolean } | null } | null };

export type DatasetPageVersionParentQueryVariables = Exact<{
  id: string | number;
}>;


export type DatasetPageVersionParentQuery = { datasetVersion: { id: string, datasetId: string } | null };

export type DatasetPageShareMutationVariables = Exact<{
  id: string | number;
  orgId: string | number;
}>;


export type DatasetPageShareMutation = { shareDataset: { id: string, sharedWith: Array<{ id: string, name: string }> } };

export type CanaryRequestStatusQueryVariables = Exact<{
  workflowId: string | number;
}>;


export type CanaryRequestStatusQuery = { deploymentRequest: { workflowId: string, step: DeploymentRequestStep, requestedBy: string, approvals: Array<{ kind: string, approverName: string, comment: string, accepted: boolean, reason: string | null }>, decision: { outcome: string, byName: string | null, comment: string | null, reason: string | null } | null, canary: { id: string, name: string } | null, health: { requests: number, errors: number, errorRate: number, p99Ms: number | null, healthy: boolean, reason: string } | null } | null };

export type DeploymentPageDeploymentQueryVariables = Exact<{
  id: string | number;
}>;


export type DeploymentPageDeploymentQuery = { deployment: { id: string, name: string, description: string, tags: Array<string>, status: DeploymentStatus, executionProvider: string | null, fallbackReason: string | null, failureReason: string | null, replicas: number, sessionIsolation: string | null, graphRewrites: Array<string>, createdAt: string, createdBy: string, updatedAt: string | null, stoppedAt: string | null, archived: boolean, owner: { id: string, name: string }, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null, accelerator: { id: string, name: string, kind: AcceleratorKind, model: string, executionProviders: Array<string>, node: { id: string, name: string, hostname: string, cluster: { id: string, name: string } | null } | null, edgeNode: { id: string, name: string, site: string, status: EdgeNodeStatus } | null } | null, services: Array<{ id: string, name: string, kind: ServiceKind, routes: Array<{ weight: number, deployment: { id: string } | null }> }>, request: { requestId: string, workflowId: string, requestedBy: string, approvals: Array<{ username: string, comment: string, at: string, workflowId: string }> } | null } | null };

export type ServicePageServiceQueryVariables = Exact<{
  id: string | number;
}>;


export type ServicePageServiceQuery = { service: { id: string, name: string, description: string, tags: Array<string>, endpoint: string, kind: ServiceKind, createdAt: string, createdBy: string, updatedAt: string | null, archived: boolean, owner: { id: string, name: string }, routes: Array<{ weight: number, deployment: { id: string, name: string, status: DeploymentStatus, executionProvider: string | null, createdAt: string, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null, request: { workflowId: string } | null } | null }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    username
    roles
    org {
      id
      name
      level
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const CatalogSearchDocument = new TypedDocumentString(`
    query CatalogSearch($query: String!, $first: Int) {
  search(query: $query, first: $first) {
    edges {
      node {
        kind
        id
        name
        description
        score
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CatalogSearchQuery, CatalogSearchQueryVariables>;
export const AuditPageTrailDocument = new TypedDocumentString(`
    query AuditPageTrail($actor: String, $action: String, $targetId: ID, $from: DateTime, $to: DateTime, $org: ID, $first: Int, $after: String) {
  auditTrail(
    actor: $actor
    action: $action
    targetId: $targetId
    from: $from
    to: $to
    org: $org
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        seq
        action
        actorName
        actorOrg
        targetId
        targetLabel
        at
        workflowId
        hash
        prevHash
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditPageTrailQuery, AuditPageTrailQueryVariables>;
export const ChainPageVerifyDocument = new TypedDocumentString(`
    query ChainPageVerify($fromSeq: Int, $toSeq: Int) {
  verifyAuditChain(fromSeq: $fromSeq, toSeq: $toSeq) {
    intact
    checked
    fromSeq
    toSeq
    firstBreak {
      seq
      eventId
      reason
      expectedHash
      foundHash
      event {
        id
        seq
        action
        actorName
        actorOrg
        targetId
        targetLabel
        at
        hash
        prevHash
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ChainPageVerifyQuery, ChainPageVerifyQueryVariables>;
export const DatasetPageDatasetDocument = new TypedDocumentString(`
    query DatasetPageDataset($id: ID!) {
  dataset(id: $id) {
    id
    name
    description
    tags
    archived
    createdAt
    createdBy
    owner {
      id
      name
      parent {
        id
        parent {
          id
        }
      }
    }
    sharedWith {
      id
      name
    }
    models {
      id
      name
      task
    }
    versions {
      id
      version
      contentHash
      size
      rowCount
      format
      origin
      integrity
      profileStatus
      createdAt
      createdBy
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetPageDatasetQuery, DatasetPageDatasetQueryVariables>;
export const DatasetPageVersionDocument = new TypedDocumentString(`
    query DatasetPageVersion($id: ID!) {
  datasetVersion(id: $id) {
    id
    version
    datasetId
    profileStatus
    profileError
    profile
    sourceUri
    derivedFrom {
      id
      version
      datasetId
      dataset {
        id
        name
      }
    }
    recipe {
      id
      name
      status
      sql
      workflowId
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetPageVersionQuery, DatasetPageVersionQueryVariables>;
export const DatasetPageRowsDocument = new TypedDocumentString(`
    query DatasetPageRows($id: ID!, $first: Int!, $after: String) {
  datasetVersion(id: $id) {
    id
    rows(first: $first, after: $after) {
      columns
      rows
      totalCount
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetPageRowsQuery, DatasetPageRowsQueryVariables>;
export const DatasetPageVersionParentDocument = new TypedDocumentString(`
    query DatasetPageVersionParent($id: ID!) {
  datasetVersion(id: $id) {
    id
    datasetId
  }
}
    `) as unknown as TypedDocumentString<DatasetPageVersionParentQuery, DatasetPageVersionParentQueryVariables>;
export const DatasetPageShareDocument = new TypedDocumentString(`
    mutation DatasetPageShare($id: ID!, $orgId: ID!) {
  shareDataset(id: $id, orgId: $orgId) {
    id
    sharedWith {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetPageShareMutation, DatasetPageShareMutationVariables>;
export const CanaryRequestStatusDocument = new TypedDocumentString(`
    query CanaryRequestStatus($workflowId: ID!) {
  deploymentRequest(workflowId: $workflowId) {
    workflowId
    step
    requestedBy
    approvals {
      kind
      approverName
      comment
      accepted
      reason
    }
    decision {
      outcome
      byName
      comment
      reason
    }
    canary {
      id
      name
    }
    health {
      requests
      errors
      errorRate
      p99Ms
      healthy
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<CanaryRequestStatusQuery, CanaryRequestStatusQueryVariables>;
export const DeploymentPageDeploymentDocument = new TypedDocumentString(`
    query DeploymentPageDeployment($id: ID!) {
  deployment(id: $id) {
    id
    name
    description
    tags
    status
    executionProvider
    fallbackReason
    failureReason
    replicas
    sessionIsolation
    graphRewrites
    createdAt
    createdBy
    updatedAt
    stoppedAt
    archived
    owner {
      id
      name
    }
    modelVersion {
      id
      version
      model {
        id
        name
      }
    }
    accelerator {
      id
      name
      kind
      model
      executionProviders
      node {
        id
        name
        hostname
        cluster {
          id
          name
        }
      }
      edgeNode {
        id
        name
        site
        status
      }
    }
    services {
      id
      name
      kind
      routes {
        weight
        deployment {
          id
        }
      }
    }
    request {
      requestId
      workflowId
      requestedBy
      approvals {
        username
        comment
        at
        workflowId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DeploymentPageDeploymentQuery, DeploymentPageDeploymentQueryVariables>;
export const ServicePageServiceDocument = new TypedDocumentString(`
    query ServicePageService($id: ID!) {
  service(id: $id) {
    id
    name
    description
    tags
    endpoint
    kind
    createdAt
    createdBy
    updatedAt
    archived
    owner {
      id
      name
    }
    routes {
      weight
      deployment {
        id
        name
        status
        executionProvider
        createdAt
        modelVersion {
          id
          version
          model {
            id
            name
          }
        }
        request {
          workflowId
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServicePageServiceQuery, ServicePageServiceQueryVariables>;