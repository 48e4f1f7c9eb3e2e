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

export type ActiveLearningStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** Why a run stopped: its label budget spent, the pool empty, accuracy on a plateau, cancelled or failed. */
export type ActiveLearningStopReason =
  | 'BUDGET'
  | 'CANCELLED'
  | 'FAILED'
  | 'PLATEAU'
  | 'POOL_EMPTY';

/** How the active learner scores the open pool: by uncertainty under its model, or at random. */
export type ActiveLearningStrategy =
  | 'ENTROPY'
  | 'LEAST_CONFIDENCE'
  | 'MARGIN'
  | 'RANDOM';

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

/** What search can filter on. ACTIVE: not archived; ARCHIVED: archived (any kind). The others are a kind's own state: deployment status (PENDING, READY, FAILED, STOPPED), edge node status (ONLINE, OFFLINE, MAINTENANCE, UNKNOWN), dataset version integrity (VERIFIED, UNVERIFIED, TAMPERED, MISSING). */
export type AssetStatus =
  | 'ACTIVE'
  | 'ARCHIVED'
  | 'FAILED'
  | 'MAINTENANCE'
  | 'MISSING'
  | 'OFFLINE'
  | 'ONLINE'
  | 'PENDING'
  | 'READY'
  | 'STOPPED'
  | 'TAMPERED'
  | 'UNKNOWN'
  | 'UNVERIFIED'
  | 'VERIFIED';

export type AutoMlSearchDimensionInput = {
  algorithm: TrainingAlgorithm;
  /** Name → a number, {"values": [..]} or {"min", "max", "log"?, "integer"?}, e.g. {"maxDepth": {"min": 2, "max": 6, "integer": true}}. */
  params: unknown;
};

export type AutoMlStrategy =
  | 'RANDOM'
  | 'SUCCESSIVE_HALVING';

export type CanaryThresholdsInput = {
  /** Largest share of failed canary requests, 0 to 1. */
  maxErrorRate: number;
  /** Largest 99th-percentile canary latency in milliseconds. */
  maxP99Ms: number;
};

export type CreateLabelingProjectInput = {
  /** Usernames the tasks are assigned to, round-robin, `overlap` distinct ones per task. */
  annotators: Array<string>;
  /** Assign every task now (default); false leaves them in the open pool (for active learning). */
  assignAll?: boolean | null | undefined;
  description?: string | null | undefined;
  /** 1 to 100 classes. */
  labels: Array<LabelClassInput>;
  /** Tasks for the first maxItems items only (default all; at most 20,000). */
  maxItems?: number | null | undefined;
  /** Unique in the org; the label dataset is "<name> labels". */
  name: string;
  /** Annotators per task, 1 to 5. */
  overlap?: number | null | undefined;
  /** A version your org owns and Plinth holds (VERIFIED): an image collection for image tasks, a table for text tasks. */
  sourceVersionId: string | number;
  taskType: LabelTaskType;
  /** For text tasks: a VARCHAR column of the source. */
  textColumn?: string | null | undefined;
};

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

/** Where a deployment request stands, coarser than its step: AWAITING_APPROVAL (validating or awaiting approval), IN_PROGRESS (canary being deployed, watched, promoted or rolled back), FINISHED (promoted, rolled back, rejected, failed or cancelled). */
export type DeploymentRequestState =
  /** Steps VALIDATING, AWAITING_APPROVAL. */
  | 'AWAITING_APPROVAL'
  /** Steps PROMOTED, ROLLED_BACK, REJECTED, FAILED, CANCELLED. */
  | 'FINISHED'
  /** Steps DEPLOYING_CANARY, WATCHING_CANARY, PROMOTING, ROLLING_BACK. */
  | 'IN_PROGRESS';

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

/** PUSHED: sent, not yet reported; ACTIVE: the node serves it; FAILED: the node reported a failure or stayed silent; ROLLED_BACK: its rollout was rolled back; REPLACED: a later rollout's assignment became ACTIVE. */
export type EdgeAssignmentState =
  | 'ACTIVE'
  | 'FAILED'
  | 'PUSHED'
  | 'REPLACED'
  | 'ROLLED_BACK';

/** Reachability of an edge box. UNKNOWN: a status this API does not recognise. */
export type EdgeNodeStatus =
  | 'MAINTENANCE'
  | 'OFFLINE'
  | 'ONLINE'
  | 'UNKNOWN';

export type EdgeRolloutState =
  | 'AWAITING_REPORTS'
  | 'COMPLETED'
  | 'PUSHING'
  | 'ROLLED_BACK'
  | 'ROLLING_BACK';

export type HyperparameterType =
  | 'FLOAT'
  | 'INT';

/** The kind of question: how to handle a fault, likely causes, which fault fits symptoms, detecting models and services, downstream equipment, safety rule requirements, responsible roles, whether something is allowed (ALLOWED, answered YES/NO), a limit (LIMIT: how long, how far, how many); UNKNOWN when none was recognised. */
export type KnowledgeIntent =
  | 'ALLOWED'
  | 'DETECTORS'
  | 'DIAGNOSE'
  | 'DOWNSTREAM'
  | 'HANDLE_FAULT'
  | 'LIKELY_CAUSES'
  | 'LIMIT'
  | 'RESPONSIBLE'
  | 'SAFETY_RULE'
  | 'UNKNOWN';

/** The answer to a yes/no (ALLOWED) question, as the deciding rule or step clause says. */
export type KnowledgeVerdict =
  | 'NO'
  | 'YES';

/** COHEN_KAPPA (classes, exactly two annotators), FLEISS_KAPPA (classes, more annotators; a varying number per task allowed), MEAN_IOU (boxes: mean pairwise IoU, same-label boxes matched greedily, a missed box counting 0), SPAN_F1 (entity spans: mean pairwise F1 of exact matches). */
export type LabelAgreementMeasure =
  | 'COHEN_KAPPA'
  | 'FLEISS_KAPPA'
  | 'MEAN_IOU'
  | 'SPAN_F1';

export type LabelClassInput = {
  /** One key that picks the class, unique in the project. */
  hotkey?: string | null | undefined;
  /** The name shown to annotators. */
  name: string;
  /** The English name. */
  nameEn?: string | null | undefined;
  /** The value annotations carry, 1 to 100 characters, unique. */
  value: string;
};

/** LABEL_STUDIO: the JSON task list Label Studio exports and imports (choices, rectanglelabels in percent, labels with UTF-16 offsets; data.item names the item). COCO: {images, annotations, categories}, pixel bbox [x, y, w, h] (boxes) or one category per image (classes). YOLO (boxes): a JSON object {"format": "yolo", "classes": [...], "files": {"<image path minus extension>.txt": "class cx cy w h\n..."}}. CSV: item,label (classes) or item,value_json (boxes, spans), plus an annotator column when every annotation is exported. */
export type LabelFormat =
  | 'COCO'
  | 'CSV'
  | 'LABEL_STUDIO'
  | 'YOLO';

/** ACCEPT: the value given, else the annotations' consensus (a strict majority for classes; identical boxes or spans). FIX: the corrected value given. */
export type LabelReviewDecision =
  | 'ACCEPT'
  | 'FIX';

/** OPEN until it has `overlap` annotations, then IN_REVIEW; ACCEPTED once a reviewer decided. */
export type LabelTaskStatus =
  | 'ACCEPTED'
  | 'IN_REVIEW'
  | 'OPEN';

/** IMAGE_CLASSIFICATION and BOUNDING_BOX label an image collection; TEXT_CLASSIFICATION and ENTITY_SPAN label a text column of a table. */
export type LabelTaskType =
  | 'BOUNDING_BOX'
  | 'ENTITY_SPAN'
  | 'IMAGE_CLASSIFICATION'
  | 'TEXT_CLASSIFICATION';

/** UPSTREAM: toward the data that produced a thing (service → deployment → model version → training run → dataset version → the versions it was derived from; a deployment also leads to the accelerator and node or edge node it runs on, and hardware to the deployments running on it; an edge node to the model version it runs). DOWNSTREAM: what a thing feeds (a model version: its deployments and services, and the edge nodes it is ACTIVE on). BOTH: the union of the two walks. */
export type LineageDirection =
  | 'BOTH'
  | 'DOWNSTREAM'
  | 'UPSTREAM';

/** What a lineage node is: an asset kind, or a PROV activity (training run, evaluation) or agent (user). */
export type LineageNodeKind =
  | 'ACCELERATOR'
  | 'DATASET'
  | 'DATASET_VERSION'
  | 'DEPLOYMENT'
  | 'EDGE_NODE'
  | 'EVALUATION'
  | 'JOB'
  | 'LABEL_SNAPSHOT'
  | 'LINEAGE_RUN'
  | 'MODEL'
  | 'MODEL_VERSION'
  | 'NODE'
  | 'SERVICE'
  | 'TRAINING_RUN'
  | 'USER';

export type PreAnnotationStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type RecipeStatus =
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type RequestDeploymentInput = {
  acceleratorId: string | number;
  /** Percent of the service's traffic for the canary, 1 to 50. */
  canaryWeight: number;
  modelVersionId: string | number;
  /** Minimums of the version's registered metrics, e.g. {"auc": 0.75}. */
  requiredMetrics?: unknown;
  serviceId: string | number;
  thresholds: CanaryThresholdsInput;
  /** How long the canary is watched, 1 to 86400 seconds. */
  windowSeconds: number;
};

/** BAD_INPUT: the request or the data cannot be trained/evaluated as asked (a missing target column, too few classes, ...). DATA_INTEGRITY: the dataset bytes are not what Plinth recorded (TAMPERED, MISSING) or were never verified. ONNX_MISMATCH: the exported model does not answer like the trained one. WORKER_LOST: the worker stopped answering and the retries ran out. INTERNAL: anything else. */
export type RunErrorCode =
  | 'BAD_INPUT'
  | 'DATA_INTEGRITY'
  | 'INTERNAL'
  | 'ONNX_MISMATCH'
  | 'WORKER_LOST';

export type RunLogLevel =
  | 'ERROR'
  | 'INFO'
  | 'WARN';

/** MODEL: the service's traffic is split across deployments by route weight (summing to 100). OCR_PIPELINE: predict runs the PP-OCRv4 detection → direction → recognition pipeline on an image (the one recognizeText runs) and answers with text lines; it has no routes, since its three models are stages of one answer, not alternatives. */
export type ServiceKind =
  | 'MODEL'
  | 'OCR_PIPELINE';

export type StartActiveLearningInput = {
  /** Who labels each batch (usernames), 1 to 10. */
  annotators: Array<string>;
  /** Tasks the learner asks for per round, 1 to 500. */
  batchSize: number;
  /** The most labels the active learner may train on, its seed batch included; the evaluation set and the baseline cost labels beside it. */
  budget: number;
  /** Spread each batch out with k-center greedy. */
  diversity?: boolean | null | undefined;
  /** Items labeled once at the start to measure both learners on (never trained on), 1 to 5,000. */
  evalSize: number;
  plateauEpsilon?: number | null | undefined;
  /** Stop when accuracy gained less than plateauEpsilon over this many rounds (0: never). */
  plateauRounds?: number | null | undefined;
  /** Seeds the evaluation set, the seed batch and the baseline. */
  seed?: number | null | undefined;
  /** Default: the strategy bench:active-learning found best across its data sets. */
  strategy?: ActiveLearningStrategy | null | undefined;
};

export type StartAutoMlInput = {
  /** Trials in flight at once, 1 to 16. */
  concurrency: number;
  datasetVersionId: string | number;
  /** binary: accuracy, precision, recall, f1, rocAuc, ks; multiclass: accuracy, macro*; regression: rmse, mae, r2. */
  metric: string;
  modelId: string | number;
  seed: number;
  /** Algorithms and their ranges. Omitted: the default space for the task (boosted trees, random forest, CART, and logistic regression for classes), as bench:automl measures it against scikit-learn. */
  space?: Array<AutoMlSearchDimensionInput> | null | undefined;
  strategy: AutoMlStrategy;
  targetColumn: string;
  task: TrainingTask;
  testFraction?: number | null | undefined;
  /** 1 to 64 configurations. */
  trials: number;
  validationFraction?: number | null | undefined;
};

export type StartEdgeRolloutInput = {
  /** Nodes pushed at a time, ≥ 1. */
  batchSize: number;
  /** Pushed in this order; 1 to 1000 distinct nodes. */
  edgeNodeIds: Array<string | number>;
  /** The most failed nodes tolerated; one more stops the rollout and rolls every pushed node back. */
  failureBudget: number;
  modelVersionId: string | number;
  /** How long a batch's nodes have to report, 1 to 86400 seconds; a silent node counts as failed. */
  reportTimeoutSeconds: number;
};

export type StartTrainingInput = {
  algorithm: TrainingAlgorithm;
  /** A dataset version Plinth holds (uploaded, imported or derived), read by digest: CSV, TSV, Parquet or JSON Lines. */
  datasetVersionId: string | number;
  /** Numbers by name. logistic-regression: numSteps, learningRate; cart: maxDepth, minNumSamples, gainThreshold; random-forest: cart's and nEstimators, maxFeatures, seed; gradient-boosted-trees: cart's and nEstimators, learningRate. */
  hyperparameters?: unknown;
  /** The model the trained version is registered under. */
  modelId: string | number;
  /** Seeds the split, so a run can be repeated exactly. */
  seed: number;
  targetColumn: string;
  task: TrainingTask;
  /** Share of rows held out for evaluation, strictly between 0 and 1. */
  testFraction: number;
};

export type TrainingAlgorithm =
  | 'CART'
  | 'GRADIENT_BOOSTED_TREES'
  | 'LOGISTIC_REGRESSION'
  | 'RANDOM_FOREST';

export type TrainingTask =
  | 'BINARY'
  | 'MULTICLASS'
  | 'REGRESSION';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { username: string, roles: Array<string>, org: { id: string, name: string, level: string } | null } };

export type CatalogOrgsQueryVariables = Exact<{ [key: string]: never; }>;


export type CatalogOrgsQuery = { orgs: Array<{ id: string, name: string }> };

export type CatalogSearchQueryVariables = Exact<{
  query: string;
  kinds?: Array<AssetKind> | AssetKind | null | undefined;
  orgs?: Array<string | number> | string | number | null | undefined;
  statuses?: Array<AssetStatus> | AssetStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CatalogSearchQuery = { search: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { kind: AssetKind, id: string, name: string | null, description: string | null, archived: boolean, status: string | null, parentId: string | null, ownerOrg: { id: string, name: string } | null, nameHighlights: Array<{ start: number, length: number }>, descriptionHighlights: Array<{ start: number, length: number }> } }> } };

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

export type ApprovalsPageRequestsQueryVariables = Exact<{
  state?: DeploymentRequestState | null | undefined;
  after?: string | null | undefined;
}>;


export type ApprovalsPageRequestsQuery = { deploymentRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { workflowId: string, createdAt: string, step: DeploymentRequestStep, requestedBy: string, mine: boolean, canDecide: boolean, service: { id: string, name: string } | null, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null } }> } };

export type RequestPageApproveMutationVariables = Exact<{
  workflowId: string | number;
  comment: string;
}>;


export type RequestPageApproveMutation = { approveDeployment: { workflowId: string, step: DeploymentRequestStep } };

export type RequestPageRejectMutationVariables = Exact<{
  workflowId: string | number;
  comment: string;
}>;


export type RequestPageRejectMutation = { rejectDeployment: { workflowId: string, step: DeploymentRequestStep } };

export type RequestPageCancelMutationVariables = Exact<{
  workflowId: string | number;
}>;


export type RequestPageCancelMutation = { cancelDeploymentRequest: { workflowId: string } };

export type RequestPageRoutesQueryVariables = Exact<{
  id: string | number;
}>;


export type RequestPageRoutesQuery = { service: { id: string, routes: Array<{ weight: number, deployment: { id: string, name: string, status: DeploymentStatus } | null }> } | null };

export type RequestPageCanaryTrafficQueryVariables = Exact<{
  id: string | number;
  minutes: number;
}>;


export type RequestPageCanaryTrafficQuery = { deployment: { id: string, operations: { total: { requests: number, errors: number, p99Ms: number | null } | null } } | null };

export type RequestDeploymentPlacementQueryVariables = Exact<{
  id: string | number;
}>;


export type RequestDeploymentPlacementQuery = { modelVersion: { id: string, compatibleAccelerators: Array<{ id: string, name: string, kind: AcceleratorKind, vendor: string, model: string, memoryMb: number, executionProviders: Array<string>, node: { id: string, name: string } | null, edgeNode: { id: string, name: string } | null }> } | null };

export type RequestDeploymentOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type RequestDeploymentOptionsQuery = { services: { edges: Array<{ node: { id: string, name: string, kind: ServiceKind } }> }, models: { edges: Array<{ node: { id: string, name: string, versions: Array<{ id: string, version: number }> } }> } };

export type RequestDeploymentPrefillVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type RequestDeploymentPrefillVersionQuery = { modelVersion: { id: string, model: { id: string, name: string, versions: Array<{ id: string, version: number }> } } | null };

export type RequestDeploymentPrefillServiceQueryVariables = Exact<{
  id: string | number;
}>;


export type RequestDeploymentPrefillServiceQuery = { service: { id: string, name: string, kind: ServiceKind } | null };

export type RequestDeploymentSubmitMutationVariables = Exact<{
  input: RequestDeploymentInput;
}>;


export type RequestDeploymentSubmitMutation = { requestDeployment: { workflowId: string } };

export type RequestPageRequestQueryVariables = Exact<{
  workflowId: string | number;
}>;


export type RequestPageRequestQuery = { deploymentRequest: { workflowId: string, step: DeploymentRequestStep, requestedBy: string, canary: { id: string, name: string } | null, health: { requests: number, errors: number, errorRate: number, p99Ms: number | null, healthy: boolean, reason: string } | null, entry: { createdAt: string, canaryWeight: number, windowSeconds: number, mine: boolean, canDecide: boolean, state: DeploymentRequestState, outcome: string | null, outcomeReason: string | null, decidedBy: string | null, decisionComment: string | null, timeline: Array<{ step: DeploymentRequestStep, at: string }>, service: { id: string, name: string } | null, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null, accelerator: { id: string, name: string, kind: AcceleratorKind } | null } | null } | null };

export type EdgeRolloutPageRolloutQueryVariables = Exact<{
  workflowId: string | number;
}>;


export type EdgeRolloutPageRolloutQuery = { edgeRollout: { workflowId: string, runId: string, rolloutId: string, modelVersionId: string, requestedBy: string, state: EdgeRolloutState, batch: number, batches: number, failureBudget: number, edgeNodeIds: Array<string>, pushed: Array<string>, active: Array<string>, rolledBack: Array<string>, stopReason: string | null, failed: Array<{ edgeNodeId: string, reason: string }> } | null };

export type EdgeRolloutPageNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type EdgeRolloutPageNamesQuery = { edgeNodes: { edges: Array<{ node: { id: string, name: string, site: string } }> } };

export type EdgeRolloutPageVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type EdgeRolloutPageVersionQuery = { modelVersion: { id: string, version: number, model: { id: string, name: string } } | null };

export type StartEdgeRolloutModelsQueryVariables = Exact<{
  first: number;
  name?: string | null | undefined;
}>;


export type StartEdgeRolloutModelsQuery = { models: { totalCount: number, edges: Array<{ node: { id: string, name: string, versions: Array<{ id: string, version: number }> } }> } };

export type StartEdgeRolloutNodesQueryVariables = Exact<{ [key: string]: never; }>;


export type StartEdgeRolloutNodesQuery = { edgeNodes: { edges: Array<{ node: { id: string, name: string, site: string, status: EdgeNodeStatus } }> } };

export type StartEdgeRolloutPresetQueryVariables = Exact<{
  id: string | number;
}>;


export type StartEdgeRolloutPresetQuery = { modelVersion: { id: string, model: { id: string, name: string, versions: Array<{ id: string, version: number }> } } | null };

export type StartEdgeRolloutStartMutationVariables = Exact<{
  input: StartEdgeRolloutInput;
}>;


export type StartEdgeRolloutStartMutation = { startEdgeRollout: { workflowId: string, runId: string, rolloutId: string } };

export type AcceleratorPageAcceleratorQueryVariables = Exact<{
  id: string | number;
}>;


export type AcceleratorPageAcceleratorQuery = { accelerator: { id: string, name: string, description: string, tags: Array<string>, kind: AcceleratorKind, vendor: string, model: string, memoryMb: number, executionProviders: Array<string>, createdAt: string, createdBy: string, archived: boolean, owner: { id: string, name: string }, node: { id: string, name: string, hostname: string, cluster: { id: string, name: string } | null } | null, edgeNode: { id: string, name: string, site: string, status: EdgeNodeStatus } | null, deployments: Array<{ id: string, name: string, status: DeploymentStatus, executionProvider: string | null, createdAt: string, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null }> } | null };

export type ClusterPageClusterQueryVariables = Exact<{
  id: string | number;
}>;


export type ClusterPageClusterQuery = { cluster: { id: string, name: string, description: string, tags: Array<string>, location: string, createdAt: string, createdBy: string, archived: boolean, owner: { id: string, name: string }, nodes: Array<{ id: string, name: string, hostname: string, cpuCores: number | null, memoryMb: number | null, executionProviders: Array<string>, accelerators: Array<{ id: string, name: string, kind: AcceleratorKind }> }> } | null };

export type EdgeNodePageEdgeNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type EdgeNodePageEdgeNodeQuery = { edgeNode: { id: string, name: string, description: string, tags: Array<string>, site: string, status: EdgeNodeStatus, createdAt: string, createdBy: string, updatedAt: string | null, archived: boolean, owner: { id: string, name: string }, accelerators: Array<{ id: string, name: string, kind: AcceleratorKind, model: string, executionProviders: Array<string>, deployments: Array<{ id: string, name: string, status: DeploymentStatus }> }>, activeAssignment: { rolloutId: string, state: EdgeAssignmentState, at: string, modelVersion: { id: string, version: number, model: { id: string, name: string } } } | null, assignments: Array<{ rolloutId: string, workflowId: string | null, state: EdgeAssignmentState, at: string, modelVersion: { id: string, version: number, model: { id: string, name: string } } }> } | null };

export type HardwarePageClustersQueryVariables = Exact<{ [key: string]: never; }>;


export type HardwarePageClustersQuery = { clusters: { totalCount: number, edges: Array<{ node: { id: string, name: string, location: string, owner: { id: string, name: string }, nodes: Array<{ id: string, name: string, hostname: string }> } }> } };

export type HardwarePageAcceleratorsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type HardwarePageAcceleratorsQuery = { accelerators: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, kind: AcceleratorKind, model: string, node: { id: string } | null, edgeNode: { id: string } | null, deployments: Array<{ id: string, name: string, status: DeploymentStatus }> } }> } };

export type HardwarePageEdgeNodesQueryVariables = Exact<{ [key: string]: never; }>;


export type HardwarePageEdgeNodesQuery = { edgeNodes: { totalCount: number, edges: Array<{ node: { id: string, name: string, site: string, status: EdgeNodeStatus, owner: { id: string, name: string }, activeVersion: { id: string, version: number, model: { id: string, name: string } } | null } }> } };

export type NodePageNodeQueryVariables = Exact<{
  id: string | number;
}>;


export type NodePageNodeQuery = { node: { id: string, name: string, description: string, tags: Array<string>, hostname: string, cpuCores: number | null, memoryMb: number | null, executionProviders: Array<string>, createdAt: string, createdBy: string, archived: boolean, owner: { id: string, name: string }, cluster: { id: string, name: string } | null, accelerators: Array<{ id: string, name: string, kind: AcceleratorKind, vendor: string, model: string, memoryMb: number, executionProviders: Array<string>, deployments: Array<{ id: string, name: string, status: DeploymentStatus }> }> } | null };

export type AskPageAskQueryVariables = Exact<{
  question: string;
  language?: string | null | undefined;
  base?: string | null | undefined;
}>;


export type AskPageAskQuery = { ask: { verdict: KnowledgeVerdict | null, question: string, language: string, intent: KnowledgeIntent, answer: string, confidence: number, noAnswer: boolean, truncated: boolean, base: { id: string, name: string, nameEn: string }, understood: { intent: KnowledgeIntent, intentConfidence: number, runnerUp: KnowledgeIntent, runnerUpConfidence: number, entities: Array<{ id: string, kind: string, name: string, nameEn: string, matchedText: string, how: string, confidence: number }> }, linked: Array<{ id: string, kind: string, name: string, nameEn: string, detail: string | null }>, entities: Array<{ id: string, kind: string, name: string, nameEn: string, score: number | null, detail: string | null, requirement: string | null, requirementEn: string | null }>, steps: Array<{ order: number, text: string, textEn: string, procedureId: string }>, evidence: { nodes: Array<{ id: string, label: string, name: string }>, relationships: Array<{ type: string, from: string, to: string, order: number | null }> } } };

export type DispatcherSymptomsQueryVariables = Exact<{
  prefix?: string | null | undefined;
  first?: number | null | undefined;
  base?: string | null | undefined;
}>;


export type DispatcherSymptomsQuery = { knowledgeSymptoms: Array<{ id: string, name: string, nameEn: string, kind: string, matched: string | null, faults: number }> };

export type DispatcherFaultPathQueryVariables = Exact<{
  symptoms: Array<string> | string;
  base?: string | null | undefined;
}>;


export type DispatcherFaultPathQuery = { faultHandlingPath: { unrecognized: Array<string>, candidates: Array<{ score: number, totalSymptoms: number, fault: { id: string, name: string, nameEn: string }, matchedSymptoms: Array<{ id: string, name: string, nameEn: string }>, steps: Array<{ order: number, text: string, textEn: string, procedureId: string }>, safetyRules: Array<{ id: string, name: string, nameEn: string, requirement: string | null, requirementEn: string | null }>, responsible: Array<{ id: string, name: string, nameEn: string }> }> } };

export type AskPageBasesQueryVariables = Exact<{ [key: string]: never; }>;


export type AskPageBasesQuery = { knowledgeBases: Array<{ id: string, name: string, nameEn: string, description: string, descriptionEn: string }> };

export type LabelingPreAnnotateServicesQueryVariables = Exact<{ [key: string]: never; }>;


export type LabelingPreAnnotateServicesQuery = { services: { edges: Array<{ node: { id: string, name: string, kind: ServiceKind } }> } };

export type LabelingPreAnnotationRunsQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingPreAnnotationRunsQuery = { labelingProject: { id: string, preAnnotationRuns: Array<{ id: string, serviceId: string, modelVersionId: string | null, status: PreAnnotationStatus, total: number | null, done: number, failed: number, error: string | null, createdBy: string, createdAt: string, endedAt: string | null, failures: Array<{ taskId: string, item: string, error: string }> }> } | null };

export type LabelingPreAnnotateMutationVariables = Exact<{
  projectId: string | number;
  serviceId: string | number;
}>;


export type LabelingPreAnnotateMutation = { preAnnotate: { id: string, status: PreAnnotationStatus } };

export type LabelingActiveLearningRunsQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingActiveLearningRunsQuery = { labelingProject: { id: string, activeLearningRuns: Array<{ id: string, status: ActiveLearningStatus, stopReason: ActiveLearningStopReason | null, error: string | null, strategy: ActiveLearningStrategy, diversity: boolean, batchSize: number, budget: number, plateauRounds: number, plateauEpsilon: number, evalSize: number, annotators: Array<string>, labels: number, createdBy: string, createdAt: string, endedAt: string | null, rounds: Array<{ round: number, labels: number, baselineLabels: number, accuracy: number | null, baselineAccuracy: number | null, evaluated: number, pool: number, batch: Array<string>, stopReason: ActiveLearningStopReason | null }> }> } | null };

export type LabelingStartActiveLearningMutationVariables = Exact<{
  projectId: string | number;
  input: StartActiveLearningInput;
}>;


export type LabelingStartActiveLearningMutation = { startActiveLearning: { id: string, status: ActiveLearningStatus } };

export type LabelingCancelActiveLearningMutationVariables = Exact<{
  id: string | number;
}>;


export type LabelingCancelActiveLearningMutation = { cancelActiveLearning: { id: string, status: ActiveLearningStatus } };

export type LabelingListProjectsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type LabelingListProjectsQuery = { labelingProjects: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, taskType: LabelTaskType, status: string, overlap: number, viewerCanAnnotate: boolean, viewerCanReview: boolean, owner: { id: string, name: string }, progress: { total: number, open: number, inReview: number, accepted: number }, nextTask: { id: string } | null, myOpen: { totalCount: number } } }> } };

export type LabelingProjectPageProjectQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingProjectPageProjectQuery = { labelingProject: { id: string, name: string, description: string, taskType: LabelTaskType, textColumn: string | null, overlap: number, status: string, createdBy: string, createdAt: string, viewerCanAnnotate: boolean, viewerCanReview: boolean, labels: Array<{ value: string, name: string, nameEn: string | null, hotkey: string | null }>, owner: { id: string, name: string }, sourceVersion: { id: string, version: number, datasetId: string, dataset: { id: string, name: string } | null }, labelDataset: { id: string, name: string } | null, progress: { total: number, open: number, inReview: number, accepted: number }, agreement: { measure: LabelAgreementMeasure, value: number | null, tasksCompared: number, pairs: number }, nextTask: { id: string } | null, snapshots: Array<{ id: string, taskCount: number, annotators: Array<string>, reviewers: Array<string>, createdBy: string, createdAt: string, version: { id: string, version: number, datasetId: string } }> } | null };

export type LabelingProjectTasksQueryVariables = Exact<{
  id: string | number;
  status?: LabelTaskStatus | null | undefined;
  assignedToMe?: boolean | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type LabelingProjectTasksQuery = { labelingProject: { id: string, tasks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, item: string, text: string | null, itemUrl: string | null, status: LabelTaskStatus, batch: number, assignees: Array<string>, agreement: number | null, finalValue: string | null, reviewDecision: string | null, reviewedBy: string | null, myAnnotation: { id: string } | null, annotations: Array<{ id: string, annotator: string, value: string, submittedAt: string, fromSuggestion: boolean }> } }> } } | null };

export type LabelingTaskQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingTaskQuery = { labelTask: { id: string, item: string, text: string | null, status: LabelTaskStatus, itemUrl: string | null, agreement: number | null, finalValue: string | null, reviewDecision: string | null, reviewedBy: string | null, myAnnotation: { id: string, value: string, submittedAt: string, fromSuggestion: boolean } | null, annotations: Array<{ id: string, annotator: string, value: string, submittedAt: string, fromSuggestion: boolean }>, suggestion: { value: string, confidence: number, modelVersionId: string } | null } | null };

export type LabelingSubmitMutationVariables = Exact<{
  taskId: string | number;
  value: string;
  fromSuggestion?: boolean | null | undefined;
}>;


export type LabelingSubmitMutation = { submitAnnotation: { id: string, value: string, submittedAt: string } };

export type LabelingReviewMutationVariables = Exact<{
  taskId: string | number;
  decision: LabelReviewDecision;
  value?: string | null | undefined;
}>;


export type LabelingReviewMutation = { reviewLabelTask: { id: string, status: LabelTaskStatus, finalValue: string | null, reviewDecision: string | null, reviewedBy: string | null } };

export type LabelingAcceptSnapshotMutationVariables = Exact<{
  projectId: string | number;
}>;


export type LabelingAcceptSnapshotMutation = { acceptLabelSnapshot: { id: string, taskCount: number, version: { id: string, version: number, datasetId: string } } };

export type LabelingExportQueryVariables = Exact<{
  projectId: string | number;
  format: LabelFormat;
}>;


export type LabelingExportQuery = { exportLabels: string };

export type LabelingImportMutationVariables = Exact<{
  projectId: string | number;
  format: LabelFormat;
  content: string;
}>;


export type LabelingImportMutation = { importLabels: { imported: number } };

export type LabelingCreateMutationVariables = Exact<{
  input: CreateLabelingProjectInput;
}>;


export type LabelingCreateMutation = { createLabelingProject: { id: string } };

export type LabelingSourceDatasetsQueryVariables = Exact<{
  q: string;
}>;


export type LabelingSourceDatasetsQuery = { search: { edges: Array<{ node: { id: string, name: string | null } }> } };

export type LabelingSourceVersionsQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingSourceVersionsQuery = { dataset: { id: string, versions: Array<{ id: string, version: number, format: string, rowCount: number, integrity: DatasetIntegrity }> } | null };

export type LabelingSourceColumnsQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingSourceColumnsQuery = { datasetVersion: { id: string, rows: { columns: Array<string> } | null } | null };

export type LabelingMyTasksQueryVariables = Exact<{
  id: string | number;
}>;


export type LabelingMyTasksQuery = { labelingProject: { id: string, tasks: { totalCount: number, edges: Array<{ node: { id: string, status: LabelTaskStatus, myAnnotation: { id: string } | null } }> } } | null };

export type LineagePickerSearchQueryVariables = Exact<{
  query: string;
  first?: number | null | undefined;
}>;


export type LineagePickerSearchQuery = { search: { edges: Array<{ node: { kind: AssetKind, id: string, name: string | null } }> } };

export type LineagePicturePageQueryVariables = Exact<{
  id: string | number;
  direction: LineageDirection;
  depth: number;
  first: number;
  after?: string | null | undefined;
  withEdges: boolean;
}>;


export type LineagePicturePageQuery = { lineage: { truncated: boolean, root: { id: string, kind: LineageNodeKind, name: string }, nodes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, kind: LineageNodeKind, name: string, distance: number } }> }, edges?: Array<{ from: string, to: string, relationship: string }> } | null };

export type LineagePictureProvenanceQueryVariables = Exact<{
  id: string | number;
}>;


export type LineagePictureProvenanceQuery = { provenance: { truncated: boolean, deployments: Array<{ deployment: { id: string, kind: LineageNodeKind, name: string, distance: number }, approvals: Array<{ userId: string, username: string, comment: string | null, at: string | null }> }>, modelVersions: Array<{ modelVersion: { id: string, kind: LineageNodeKind, name: string, distance: number } }>, trainingRuns: Array<{ trainingRun: { id: string, kind: LineageNodeKind, name: string, distance: number } }>, datasetVersions: Array<{ datasetVersion: { id: string, kind: LineageNodeKind, name: string, distance: number } }>, edges: Array<{ from: string, to: string, relationship: string, at: string | null }> } | null };

export type ModelPageModelQueryVariables = Exact<{
  id: string | number;
}>;


export type ModelPageModelQuery = { model: { id: string, name: string, description: string, task: string, tags: Array<string>, archived: boolean, createdAt: string, createdBy: string, owner: { id: string, name: string }, sharedWith: Array<{ id: string, name: string }>, versions: Array<{ id: string, version: number, framework: string, metrics: unknown, aliases: Array<string>, integrity: string, artifactSize: number, createdAt: string, createdBy: string }> } | null };

export type ModelPageVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type ModelPageVersionQuery = { modelVersion: { id: string, version: number, format: string, framework: string, artifactDigest: string, artifactSize: number, integrity: string, metrics: unknown, aliases: Array<string>, signature: { inputs: Array<{ name: string, dtype: string, shape: Array<string> }>, outputs: Array<{ name: string, dtype: string, shape: Array<string> }> }, trainingRun: { id: string, status: string, algorithm: string, startedAt: string | null, endedAt: string | null, usedDatasetVersions: Array<{ id: string, version: number, datasetId: string, dataset: { id: string, name: string } | null }> } | null, evaluations: Array<{ id: string, kind: string, status: string, metrics: unknown, rows: number | null, at: string | null, targetColumn: string | null, usedDatasetVersions: Array<{ id: string, version: number, datasetId: string }> }>, deployments: Array<{ id: string, name: string, status: DeploymentStatus, executionProvider: string | null }> } | null };

export type ModelPageVersionParentQueryVariables = Exact<{
  id: string | number;
}>;


export type ModelPageVersionParentQuery = { modelVersion: { id: string, model: { id: string } } | null };

export type OcrPageRecognizeMutationVariables = Exact<{
  image: string;
}>;


export type OcrPageRecognizeMutation = { recognizeText: { width: number, height: number, timingsMs: unknown, providers: unknown, lines: Array<{ text: string, score: number, box: unknown }> } };

export type OcrPageServicesQueryVariables = Exact<{ [key: string]: never; }>;


export type OcrPageServicesQuery = { services: { edges: Array<{ node: { id: string, name: string, kind: ServiceKind } }> } };

export type OperationsPanelDeploymentQueryVariables = Exact<{
  id: string | number;
  minutes: number;
}>;


export type OperationsPanelDeploymentQuery = { deployment: { id: string, operations: { minutes: number, sampleSeconds: number, keptMinutes: number, process: string, total: { requests: number, requestRate: number, errors: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, meanBatchRows: number | null } | null, points: Array<{ time: string, seconds: number, requests: number, requestRate: number, errors: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, meanBatchRows: number | null, partial: boolean }> } } | null };

export type ServiceOperationsRoutesQueryVariables = Exact<{
  id: string | number;
}>;


export type ServiceOperationsRoutesQuery = { service: { id: string, routes: Array<{ weight: number, deployment: { id: string, name: string, operations: { minutes: number, total: { requests: number, requestRate: number, errors: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, meanBatchRows: number | null } | null, points: Array<{ time: string, requestRate: number }> } } | null }> } | null };

export type OrgPageAssetsQueryVariables = Exact<{
  orgs?: Array<string | number> | string | number | null | undefined;
  kinds?: Array<AssetKind> | AssetKind | null | undefined;
  first?: number | null | undefined;
}>;


export type OrgPageAssetsQuery = { search: { edges: Array<{ node: { kind: AssetKind, id: string, name: string | null, parentId: string | null } }> } };

export type OrgPageQueryVariables = Exact<{
  id: string | number;
}>;


export type OrgPageQuery = { org: { id: string, name: string, level: string, parent: { id: string, name: string } | null, children: Array<{ id: string, name: string, level: string }>, assetCounts: Array<{ kind: AssetKind, count: number }> } | null };

export type PredictPageModelVersionFragment = { id: string, version: number, model: { id: string, name: string }, signature: { inputs: Array<{ name: string, dtype: string, shape: Array<string> }>, outputs: Array<{ name: string, dtype: string, shape: Array<string> }> } };

export type PredictPageDeploymentQueryVariables = Exact<{
  id: string | number;
}>;


export type PredictPageDeploymentQuery = { deployment: { id: string, name: string, status: DeploymentStatus, executionProvider: string | null, modelVersion: { id: string, version: number, model: { id: string, name: string }, signature: { inputs: Array<{ name: string, dtype: string, shape: Array<string> }>, outputs: Array<{ name: string, dtype: string, shape: Array<string> }> } } | null } | null };

export type PredictPageServiceQueryVariables = Exact<{
  id: string | number;
}>;


export type PredictPageServiceQuery = { service: { id: string, name: string, kind: ServiceKind, routes: Array<{ weight: number, deployment: { id: string, name: string, status: DeploymentStatus, modelVersion: { id: string, version: number, model: { id: string, name: string }, signature: { inputs: Array<{ name: string, dtype: string, shape: Array<string> }>, outputs: Array<{ name: string, dtype: string, shape: Array<string> }> } } | null } | null }> } | null };

export type PredictPageRunMutationVariables = Exact<{
  deploymentId?: string | number | null | undefined;
  serviceId?: string | number | null | undefined;
  inputs: unknown;
}>;


export type PredictPageRunMutation = { predict: { deploymentId: string | null, serviceId: string | null, outputs: unknown, latencyMs: number, executionProvider: string | null, fallbackReason: string | null } };

export type CanaryRequestStatusQueryVariables = Exact<{
  workflowId: string | number;
}>;


export type CanaryRequestStatusQuery = { deploymentRequest: { workflowId: string, step: DeploymentRequestStep, requestedBy: string, approvals: Array<{ kind: string, approverName: string, comment: string, accepted: boolean, reason: string | null }>, decision: { outcome: string, byName: string | null, comment: string | null, reason: string | null } | null, canary: { id: string, name: string } | null, health: { requests: number, errors: number, errorRate: number, p99Ms: number | null, healthy: boolean, reason: string } | null } | null };

export type DeploymentPageDeploymentQueryVariables = Exact<{
  id: string | number;
}>;


export type DeploymentPageDeploymentQuery = { deployment: { id: string, name: string, description: string, tags: Array<string>, status: DeploymentStatus, executionProvider: string | null, plannedExecutionProvider: string | null, fallbackReason: string | null, failureReason: string | null, replicas: number, sessionIsolation: string | null, graphRewrites: Array<string>, createdAt: string, createdBy: string, updatedAt: string | null, stoppedAt: string | null, archived: boolean, owner: { id: string, name: string }, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null, accelerator: { id: string, name: string, kind: AcceleratorKind, model: string, executionProviders: Array<string>, node: { id: string, name: string, hostname: string, cluster: { id: string, name: string } | null } | null, edgeNode: { id: string, name: string, site: string, status: EdgeNodeStatus } | null } | null, services: Array<{ id: string, name: string, kind: ServiceKind, routes: Array<{ weight: number, deployment: { id: string } | null }> }>, request: { requestId: string, workflowId: string, requestedBy: string, approvals: Array<{ username: string, comment: string, at: string, workflowId: string }> } | null } | null };

export type ServicePageServiceQueryVariables = Exact<{
  id: string | number;
}>;


export type ServicePageServiceQuery = { service: { id: string, name: string, description: string, tags: Array<string>, endpoint: string, kind: ServiceKind, createdAt: string, createdBy: string, updatedAt: string | null, archived: boolean, owner: { id: string, name: string }, routes: Array<{ weight: number, deployment: { id: string, name: string, status: DeploymentStatus, executionProvider: string | null, createdAt: string, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null, request: { workflowId: string } | null } | null }> } | null };

export type ServicePageRunningRequestsQueryVariables = Exact<{
  id: string | number;
}>;


export type ServicePageRunningRequestsQuery = { service: { id: string, runningDeploymentRequests: Array<{ workflowId: string, startedAt: string }> | null } | null };

export type TrainingFormOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type TrainingFormOptionsQuery = { trainingOptions: { algorithms: Array<{ name: TrainingAlgorithm, tasks: Array<TrainingTask>, params: Array<{ name: string, type: HyperparameterType, default: number | null, min: number, minExclusive: boolean, max: number | null, description: string }> }>, tasks: Array<{ name: TrainingTask, algorithms: Array<TrainingAlgorithm>, metrics: Array<string>, minimizedMetrics: Array<string>, defaultSpace: Array<{ algorithm: TrainingAlgorithm, params: unknown }> }>, automl: { strategies: Array<AutoMlStrategy>, defaultTestFraction: number, defaultValidationFraction: number, trials: { min: number, max: number }, concurrency: { min: number, max: number } } } };

export type TrainingPanelVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type TrainingPanelVersionQuery = { datasetVersion: { id: string, integrity: DatasetIntegrity, profile: unknown, dataset: { id: string, models: Array<{ id: string, name: string }> } | null, trainingRuns: Array<{ id: string, status: string, algorithm: string, startedAt: string | null }>, autoMLStudies: Array<{ id: string, status: string, metric: string, startedAt: string | null }> } | null };

export type TrainingPanelModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type TrainingPanelModelsQuery = { models: { edges: Array<{ node: { id: string, name: string } }> } };

export type TrainingFormStartMutationVariables = Exact<{
  input: StartTrainingInput;
}>;


export type TrainingFormStartMutation = { startTraining: { id: string, status: string } };

export type AutoMlFormStartMutationVariables = Exact<{
  input: StartAutoMlInput;
}>;


export type AutoMlFormStartMutation = { startAutoML: { id: string, status: string } };

export type TrainingRunPageRunQueryVariables = Exact<{
  id: string | number;
}>;


export type TrainingRunPageRunQuery = { trainingRun: { id: string, status: string, algorithm: string, params: unknown, metrics: unknown, startedAt: string | null, endedAt: string | null, workflowId: string | null, progress: { step: string, percent: number } | null, error: { step: string, code: RunErrorCode, message: string } | null, log: Array<{ time: string, step: string, level: RunLogLevel, message: string }>, usedDatasetVersions: Array<{ id: string, version: number, datasetId: string, dataset: { id: string, name: string } | null }>, generated: Array<{ id: string, version: number, model: { id: string, name: string } }>, study: { id: string, metric: string } | null } | null };

export type AutoMlStudyPageStudyQueryVariables = Exact<{
  id: string | number;
}>;


export type AutoMlStudyPageStudyQuery = { autoMLStudy: { id: string, status: string, metric: string, strategy: string, settings: unknown, startedAt: string | null, endedAt: string | null, testMetrics: unknown, error: { step: string, code: RunErrorCode, message: string } | null, progress: { phase: string, rung: number, rungs: number, completedTrials: number, totalTrials: number } | null, trials: Array<{ index: number, status: string, rung: number, validationScore: number | null, error: { step: string, code: RunErrorCode, message: string } | null, run: { id: string, algorithm: string, params: unknown }, curve: Array<{ rung: number, trainingRows: number | null, score: number | null }> }>, bestRun: { id: string, algorithm: string } | null, modelVersion: { id: string, version: number, model: { id: string, name: string } } | null } | null };

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
export const PredictPageModelVersionFragmentDoc = new TypedDocumentString(`
    fragment PredictPageModelVersion on ModelVersion {
  id
  version
  model {
    id
    name
  }
  signature {
    inputs {
      name
      dtype
      shape
    }
    outputs {
      name
      dtype
      shape
    }
  }
}
    `, {"fragmentName":"PredictPageModelVersion"}) as unknown as TypedDocumentString<PredictPageModelVersionFragment, unknown>;
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
export const CatalogOrgsDocument = new TypedDocumentString(`
    query CatalogOrgs {
  orgs {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CatalogOrgsQuery, CatalogOrgsQueryVariables>;
export const CatalogSearchDocument = new TypedDocumentString(`
    query CatalogSearch($query: String!, $kinds: [AssetKind!], $orgs: [ID!], $statuses: [AssetStatus!], $first: Int, $after: String) {
  search(
    query: $query
    kinds: $kinds
    orgs: $orgs
    statuses: $statuses
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
        kind
        id
        name
        description
        archived
        status
        parentId
        ownerOrg {
          id
          name
        }
        nameHighlights {
          start
          length
        }
        descriptionHighlights {
          start
          length
        }
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
export const ApprovalsPageRequestsDocument = new TypedDocumentString(`
    query ApprovalsPageRequests($state: DeploymentRequestState, $after: String) {
  deploymentRequests(state: $state, first: 20, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        workflowId
        createdAt
        step
        requestedBy
        mine
        canDecide
        service {
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
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ApprovalsPageRequestsQuery, ApprovalsPageRequestsQueryVariables>;
export const RequestPageApproveDocument = new TypedDocumentString(`
    mutation RequestPageApprove($workflowId: ID!, $comment: String!) {
  approveDeployment(workflowId: $workflowId, comment: $comment) {
    workflowId
    step
  }
}
    `) as unknown as TypedDocumentString<RequestPageApproveMutation, RequestPageApproveMutationVariables>;
export const RequestPageRejectDocument = new TypedDocumentString(`
    mutation RequestPageReject($workflowId: ID!, $comment: String!) {
  rejectDeployment(workflowId: $workflowId, comment: $comment) {
    workflowId
    step
  }
}
    `) as unknown as TypedDocumentString<RequestPageRejectMutation, RequestPageRejectMutationVariables>;
export const RequestPageCancelDocument = new TypedDocumentString(`
    mutation RequestPageCancel($workflowId: ID!) {
  cancelDeploymentRequest(workflowId: $workflowId) {
    workflowId
  }
}
    `) as unknown as TypedDocumentString<RequestPageCancelMutation, RequestPageCancelMutationVariables>;
export const RequestPageRoutesDocument = new TypedDocumentString(`
    query RequestPageRoutes($id: ID!) {
  service(id: $id) {
    id
    routes {
      weight
      deployment {
        id
        name
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RequestPageRoutesQuery, RequestPageRoutesQueryVariables>;
export const RequestPageCanaryTrafficDocument = new TypedDocumentString(`
    query RequestPageCanaryTraffic($id: ID!, $minutes: Int!) {
  deployment(id: $id) {
    id
    operations(minutes: $minutes) {
      total {
        requests
        errors
        p99Ms
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RequestPageCanaryTrafficQuery, RequestPageCanaryTrafficQueryVariables>;
export const RequestDeploymentPlacementDocument = new TypedDocumentString(`
    query RequestDeploymentPlacement($id: ID!) {
  modelVersion(id: $id) {
    id
    compatibleAccelerators(first: 10) {
      id
      name
      kind
      vendor
      model
      memoryMb
      executionProviders
      node {
        id
        name
      }
      edgeNode {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RequestDeploymentPlacementQuery, RequestDeploymentPlacementQueryVariables>;
export const RequestDeploymentOptionsDocument = new TypedDocumentString(`
    query RequestDeploymentOptions {
  services(first: 50) {
    edges {
      node {
        id
        name
        kind
      }
    }
  }
  models(first: 50) {
    edges {
      node {
        id
        name
        versions {
          id
          version
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RequestDeploymentOptionsQuery, RequestDeploymentOptionsQueryVariables>;
export const RequestDeploymentPrefillVersionDocument = new TypedDocumentString(`
    query RequestDeploymentPrefillVersion($id: ID!) {
  modelVersion(id: $id) {
    id
    model {
      id
      name
      versions {
        id
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RequestDeploymentPrefillVersionQuery, RequestDeploymentPrefillVersionQueryVariables>;
export const RequestDeploymentPrefillServiceDocument = new TypedDocumentString(`
    query RequestDeploymentPrefillService($id: ID!) {
  service(id: $id) {
    id
    name
    kind
  }
}
    `) as unknown as TypedDocumentString<RequestDeploymentPrefillServiceQuery, RequestDeploymentPrefillServiceQueryVariables>;
export const RequestDeploymentSubmitDocument = new TypedDocumentString(`
    mutation RequestDeploymentSubmit($input: RequestDeploymentInput!) {
  requestDeployment(input: $input) {
    workflowId
  }
}
    `) as unknown as TypedDocumentString<RequestDeploymentSubmitMutation, RequestDeploymentSubmitMutationVariables>;
export const RequestPageRequestDocument = new TypedDocumentString(`
    query RequestPageRequest($workflowId: ID!) {
  deploymentRequest(workflowId: $workflowId) {
    workflowId
    step
    requestedBy
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
    entry {
      createdAt
      canaryWeight
      windowSeconds
      mine
      canDecide
      state
      outcome
      outcomeReason
      decidedBy
      decisionComment
      timeline {
        step
        at
      }
      service {
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
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RequestPageRequestQuery, RequestPageRequestQueryVariables>;
export const EdgeRolloutPageRolloutDocument = new TypedDocumentString(`
    query EdgeRolloutPageRollout($workflowId: ID!) {
  edgeRollout(workflowId: $workflowId) {
    workflowId
    runId
    rolloutId
    modelVersionId
    requestedBy
    state
    batch
    batches
    failureBudget
    edgeNodeIds
    pushed
    active
    failed {
      edgeNodeId
      reason
    }
    rolledBack
    stopReason
  }
}
    `) as unknown as TypedDocumentString<EdgeRolloutPageRolloutQuery, EdgeRolloutPageRolloutQueryVariables>;
export const EdgeRolloutPageNamesDocument = new TypedDocumentString(`
    query EdgeRolloutPageNames {
  edgeNodes(first: 100) {
    edges {
      node {
        id
        name
        site
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EdgeRolloutPageNamesQuery, EdgeRolloutPageNamesQueryVariables>;
export const EdgeRolloutPageVersionDocument = new TypedDocumentString(`
    query EdgeRolloutPageVersion($id: ID!) {
  modelVersion(id: $id) {
    id
    version
    model {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<EdgeRolloutPageVersionQuery, EdgeRolloutPageVersionQueryVariables>;
export const StartEdgeRolloutModelsDocument = new TypedDocumentString(`
    query StartEdgeRolloutModels($first: Int!, $name: String) {
  models(first: $first, filter: {nameContains: $name}) {
    edges {
      node {
        id
        name
        versions {
          id
          version
        }
      }
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<StartEdgeRolloutModelsQuery, StartEdgeRolloutModelsQueryVariables>;
export const StartEdgeRolloutNodesDocument = new TypedDocumentString(`
    query StartEdgeRolloutNodes {
  edgeNodes(first: 100) {
    edges {
      node {
        id
        name
        site
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StartEdgeRolloutNodesQuery, StartEdgeRolloutNodesQueryVariables>;
export const StartEdgeRolloutPresetDocument = new TypedDocumentString(`
    query StartEdgeRolloutPreset($id: ID!) {
  modelVersion(id: $id) {
    id
    model {
      id
      name
      versions {
        id
        version
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StartEdgeRolloutPresetQuery, StartEdgeRolloutPresetQueryVariables>;
export const StartEdgeRolloutStartDocument = new TypedDocumentString(`
    mutation StartEdgeRolloutStart($input: StartEdgeRolloutInput!) {
  startEdgeRollout(input: $input) {
    workflowId
    runId
    rolloutId
  }
}
    `) as unknown as TypedDocumentString<StartEdgeRolloutStartMutation, StartEdgeRolloutStartMutationVariables>;
export const AcceleratorPageAcceleratorDocument = new TypedDocumentString(`
    query AcceleratorPageAccelerator($id: ID!) {
  accelerator(id: $id) {
    id
    name
    description
    tags
    kind
    vendor
    model
    memoryMb
    executionProviders
    createdAt
    createdBy
    archived
    owner {
      id
      name
    }
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
    deployments {
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
    }
  }
}
    `) as unknown as TypedDocumentString<AcceleratorPageAcceleratorQuery, AcceleratorPageAcceleratorQueryVariables>;
export const ClusterPageClusterDocument = new TypedDocumentString(`
    query ClusterPageCluster($id: ID!) {
  cluster(id: $id) {
    id
    name
    description
    tags
    location
    createdAt
    createdBy
    archived
    owner {
      id
      name
    }
    nodes {
      id
      name
      hostname
      cpuCores
      memoryMb
      executionProviders
      accelerators {
        id
        name
        kind
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClusterPageClusterQuery, ClusterPageClusterQueryVariables>;
export const EdgeNodePageEdgeNodeDocument = new TypedDocumentString(`
    query EdgeNodePageEdgeNode($id: ID!) {
  edgeNode(id: $id) {
    id
    name
    description
    tags
    site
    status
    createdAt
    createdBy
    updatedAt
    archived
    owner {
      id
      name
    }
    accelerators {
      id
      name
      kind
      model
      executionProviders
      deployments {
        id
        name
        status
      }
    }
    activeAssignment {
      rolloutId
      state
      at
      modelVersion {
        id
        version
        model {
          id
          name
        }
      }
    }
    assignments {
      rolloutId
      workflowId
      state
      at
      modelVersion {
        id
        version
        model {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<EdgeNodePageEdgeNodeQuery, EdgeNodePageEdgeNodeQueryVariables>;
export const HardwarePageClustersDocument = new TypedDocumentString(`
    query HardwarePageClusters {
  clusters(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        location
        owner {
          id
          name
        }
        nodes {
          id
          name
          hostname
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HardwarePageClustersQuery, HardwarePageClustersQueryVariables>;
export const HardwarePageAcceleratorsDocument = new TypedDocumentString(`
    query HardwarePageAccelerators($first: Int!, $after: String) {
  accelerators(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        kind
        model
        node {
          id
        }
        edgeNode {
          id
        }
        deployments {
          id
          name
          status
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HardwarePageAcceleratorsQuery, HardwarePageAcceleratorsQueryVariables>;
export const HardwarePageEdgeNodesDocument = new TypedDocumentString(`
    query HardwarePageEdgeNodes {
  edgeNodes(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        site
        status
        owner {
          id
          name
        }
        activeVersion {
          id
          version
          model {
            id
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HardwarePageEdgeNodesQuery, HardwarePageEdgeNodesQueryVariables>;
export const NodePageNodeDocument = new TypedDocumentString(`
    query NodePageNode($id: ID!) {
  node(id: $id) {
    id
    name
    description
    tags
    hostname
    cpuCores
    memoryMb
    executionProviders
    createdAt
    createdBy
    archived
    owner {
      id
      name
    }
    cluster {
      id
      name
    }
    accelerators {
      id
      name
      kind
      vendor
      model
      memoryMb
      executionProviders
      deployments {
        id
        name
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NodePageNodeQuery, NodePageNodeQueryVariables>;
export const AskPageAskDocument = new TypedDocumentString(`
    query AskPageAsk($question: String!, $language: String, $base: String) {
  ask(question: $question, language: $language, base: $base) {
    base {
      id
      name
      nameEn
    }
    verdict
    understood {
      intent
      intentConfidence
      runnerUp
      runnerUpConfidence
      entities {
        id
        kind
        name
        nameEn
        matchedText
        how
        confidence
      }
    }
    question
    language
    intent
    answer
    confidence
    noAnswer
    truncated
    linked {
      id
      kind
      name
      nameEn
      detail
    }
    entities {
      id
      kind
      name
      nameEn
      score
      detail
      requirement
      requirementEn
    }
    steps {
      order
      text
      textEn
      procedureId
    }
    evidence {
      nodes {
        id
        label
        name
      }
      relationships {
        type
        from
        to
        order
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AskPageAskQuery, AskPageAskQueryVariables>;
export const DispatcherSymptomsDocument = new TypedDocumentString(`
    query DispatcherSymptoms($prefix: String, $first: Int, $base: String) {
  knowledgeSymptoms(prefix: $prefix, first: $first, base: $base) {
    id
    name
    nameEn
    kind
    matched
    faults
  }
}
    `) as unknown as TypedDocumentString<DispatcherSymptomsQuery, DispatcherSymptomsQueryVariables>;
export const DispatcherFaultPathDocument = new TypedDocumentString(`
    query DispatcherFaultPath($symptoms: [String!]!, $base: String) {
  faultHandlingPath(symptoms: $symptoms, base: $base) {
    unrecognized
    candidates {
      score
      totalSymptoms
      fault {
        id
        name
        nameEn
      }
      matchedSymptoms {
        id
        name
        nameEn
      }
      steps {
        order
        text
        textEn
        procedureId
      }
      safetyRules {
        id
        name
        nameEn
        requirement
        requirementEn
      }
      responsible {
        id
        name
        nameEn
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DispatcherFaultPathQuery, DispatcherFaultPathQueryVariables>;
export const AskPageBasesDocument = new TypedDocumentString(`
    query AskPageBases {
  knowledgeBases {
    id
    name
    nameEn
    description
    descriptionEn
  }
}
    `) as unknown as TypedDocumentString<AskPageBasesQuery, AskPageBasesQueryVariables>;
export const LabelingPreAnnotateServicesDocument = new TypedDocumentString(`
    query LabelingPreAnnotateServices {
  services(first: 100) {
    edges {
      node {
        id
        name
        kind
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingPreAnnotateServicesQuery, LabelingPreAnnotateServicesQueryVariables>;
export const LabelingPreAnnotationRunsDocument = new TypedDocumentString(`
    query LabelingPreAnnotationRuns($id: ID!) {
  labelingProject(id: $id) {
    id
    preAnnotationRuns {
      id
      serviceId
      modelVersionId
      status
      total
      done
      failed
      failures {
        taskId
        item
        error
      }
      error
      createdBy
      createdAt
      endedAt
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingPreAnnotationRunsQuery, LabelingPreAnnotationRunsQueryVariables>;
export const LabelingPreAnnotateDocument = new TypedDocumentString(`
    mutation LabelingPreAnnotate($projectId: ID!, $serviceId: ID!) {
  preAnnotate(projectId: $projectId, serviceId: $serviceId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LabelingPreAnnotateMutation, LabelingPreAnnotateMutationVariables>;
export const LabelingActiveLearningRunsDocument = new TypedDocumentString(`
    query LabelingActiveLearningRuns($id: ID!) {
  labelingProject(id: $id) {
    id
    activeLearningRuns {
      id
      status
      stopReason
      error
      strategy
      diversity
      batchSize
      budget
      plateauRounds
      plateauEpsilon
      evalSize
      annotators
      labels
      createdBy
      createdAt
      endedAt
      rounds {
        round
        labels
        baselineLabels
        accuracy
        baselineAccuracy
        evaluated
        pool
        batch
        stopReason
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingActiveLearningRunsQuery, LabelingActiveLearningRunsQueryVariables>;
export const LabelingStartActiveLearningDocument = new TypedDocumentString(`
    mutation LabelingStartActiveLearning($projectId: ID!, $input: StartActiveLearningInput!) {
  startActiveLearning(projectId: $projectId, input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LabelingStartActiveLearningMutation, LabelingStartActiveLearningMutationVariables>;
export const LabelingCancelActiveLearningDocument = new TypedDocumentString(`
    mutation LabelingCancelActiveLearning($id: ID!) {
  cancelActiveLearning(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<LabelingCancelActiveLearningMutation, LabelingCancelActiveLearningMutationVariables>;
export const LabelingListProjectsDocument = new TypedDocumentString(`
    query LabelingListProjects($after: String) {
  labelingProjects(first: 30, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        taskType
        status
        overlap
        viewerCanAnnotate
        viewerCanReview
        owner {
          id
          name
        }
        progress {
          total
          open
          inReview
          accepted
        }
        nextTask {
          id
        }
        myOpen: tasks(assignedToMe: true, status: OPEN, first: 1) {
          totalCount
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingListProjectsQuery, LabelingListProjectsQueryVariables>;
export const LabelingProjectPageProjectDocument = new TypedDocumentString(`
    query LabelingProjectPageProject($id: ID!) {
  labelingProject(id: $id) {
    id
    name
    description
    taskType
    textColumn
    overlap
    status
    createdBy
    createdAt
    viewerCanAnnotate
    viewerCanReview
    labels {
      value
      name
      nameEn
      hotkey
    }
    owner {
      id
      name
    }
    sourceVersion {
      id
      version
      datasetId
      dataset {
        id
        name
      }
    }
    labelDataset {
      id
      name
    }
    progress {
      total
      open
      inReview
      accepted
    }
    agreement {
      measure
      value
      tasksCompared
      pairs
    }
    nextTask {
      id
    }
    snapshots {
      id
      taskCount
      annotators
      reviewers
      createdBy
      createdAt
      version {
        id
        version
        datasetId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingProjectPageProjectQuery, LabelingProjectPageProjectQueryVariables>;
export const LabelingProjectTasksDocument = new TypedDocumentString(`
    query LabelingProjectTasks($id: ID!, $status: LabelTaskStatus, $assignedToMe: Boolean, $first: Int!, $after: String) {
  labelingProject(id: $id) {
    id
    tasks(
      status: $status
      assignedToMe: $assignedToMe
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
          item
          text
          itemUrl
          status
          batch
          assignees
          agreement
          finalValue
          reviewDecision
          reviewedBy
          myAnnotation {
            id
          }
          annotations {
            id
            annotator
            value
            submittedAt
            fromSuggestion
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingProjectTasksQuery, LabelingProjectTasksQueryVariables>;
export const LabelingTaskDocument = new TypedDocumentString(`
    query LabelingTask($id: ID!) {
  labelTask(id: $id) {
    id
    item
    text
    status
    itemUrl
    agreement
    finalValue
    reviewDecision
    reviewedBy
    myAnnotation {
      id
      value
      submittedAt
      fromSuggestion
    }
    annotations {
      id
      annotator
      value
      submittedAt
      fromSuggestion
    }
    suggestion {
      value
      confidence
      modelVersionId
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingTaskQuery, LabelingTaskQueryVariables>;
export const LabelingSubmitDocument = new TypedDocumentString(`
    mutation LabelingSubmit($taskId: ID!, $value: String!, $fromSuggestion: Boolean) {
  submitAnnotation(
    taskId: $taskId
    value: $value
    fromSuggestion: $fromSuggestion
  ) {
    id
    value
    submittedAt
  }
}
    `) as unknown as TypedDocumentString<LabelingSubmitMutation, LabelingSubmitMutationVariables>;
export const LabelingReviewDocument = new TypedDocumentString(`
    mutation LabelingReview($taskId: ID!, $decision: LabelReviewDecision!, $value: String) {
  reviewLabelTask(taskId: $taskId, decision: $decision, value: $value) {
    id
    status
    finalValue
    reviewDecision
    reviewedBy
  }
}
    `) as unknown as TypedDocumentString<LabelingReviewMutation, LabelingReviewMutationVariables>;
export const LabelingAcceptSnapshotDocument = new TypedDocumentString(`
    mutation LabelingAcceptSnapshot($projectId: ID!) {
  acceptLabelSnapshot(projectId: $projectId) {
    id
    taskCount
    version {
      id
      version
      datasetId
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingAcceptSnapshotMutation, LabelingAcceptSnapshotMutationVariables>;
export const LabelingExportDocument = new TypedDocumentString(`
    query LabelingExport($projectId: ID!, $format: LabelFormat!) {
  exportLabels(projectId: $projectId, format: $format)
}
    `) as unknown as TypedDocumentString<LabelingExportQuery, LabelingExportQueryVariables>;
export const LabelingImportDocument = new TypedDocumentString(`
    mutation LabelingImport($projectId: ID!, $format: LabelFormat!, $content: String!) {
  importLabels(projectId: $projectId, format: $format, content: $content) {
    imported
  }
}
    `) as unknown as TypedDocumentString<LabelingImportMutation, LabelingImportMutationVariables>;
export const LabelingCreateDocument = new TypedDocumentString(`
    mutation LabelingCreate($input: CreateLabelingProjectInput!) {
  createLabelingProject(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<LabelingCreateMutation, LabelingCreateMutationVariables>;
export const LabelingSourceDatasetsDocument = new TypedDocumentString(`
    query LabelingSourceDatasets($q: String!) {
  search(query: $q, kinds: [DATASET], first: 20) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingSourceDatasetsQuery, LabelingSourceDatasetsQueryVariables>;
export const LabelingSourceVersionsDocument = new TypedDocumentString(`
    query LabelingSourceVersions($id: ID!) {
  dataset(id: $id) {
    id
    versions {
      id
      version
      format
      rowCount
      integrity
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingSourceVersionsQuery, LabelingSourceVersionsQueryVariables>;
export const LabelingSourceColumnsDocument = new TypedDocumentString(`
    query LabelingSourceColumns($id: ID!) {
  datasetVersion(id: $id) {
    id
    rows(first: 1) {
      columns
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingSourceColumnsQuery, LabelingSourceColumnsQueryVariables>;
export const LabelingMyTasksDocument = new TypedDocumentString(`
    query LabelingMyTasks($id: ID!) {
  labelingProject(id: $id) {
    id
    tasks(assignedToMe: true, first: 100) {
      totalCount
      edges {
        node {
          id
          status
          myAnnotation {
            id
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LabelingMyTasksQuery, LabelingMyTasksQueryVariables>;
export const LineagePickerSearchDocument = new TypedDocumentString(`
    query LineagePickerSearch($query: String!, $first: Int) {
  search(query: $query, first: $first) {
    edges {
      node {
        kind
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LineagePickerSearchQuery, LineagePickerSearchQueryVariables>;
export const LineagePicturePageDocument = new TypedDocumentString(`
    query LineagePicturePage($id: ID!, $direction: LineageDirection!, $depth: Int!, $first: Int!, $after: String, $withEdges: Boolean!) {
  lineage(
    id: $id
    direction: $direction
    depth: $depth
    first: $first
    after: $after
  ) {
    root {
      id
      kind
      name
    }
    truncated
    nodes {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          name
          distance
        }
      }
    }
    edges @include(if: $withEdges) {
      from
      to
      relationship
    }
  }
}
    `) as unknown as TypedDocumentString<LineagePicturePageQuery, LineagePicturePageQueryVariables>;
export const LineagePictureProvenanceDocument = new TypedDocumentString(`
    query LineagePictureProvenance($id: ID!) {
  provenance(deploymentId: $id) {
    truncated
    deployments {
      deployment {
        id
        kind
        name
        distance
      }
      approvals {
        userId
        username
        comment
        at
      }
    }
    modelVersions {
      modelVersion {
        id
        kind
        name
        distance
      }
    }
    trainingRuns {
      trainingRun {
        id
        kind
        name
        distance
      }
    }
    datasetVersions {
      datasetVersion {
        id
        kind
        name
        distance
      }
    }
    edges {
      from
      to
      relationship
      at
    }
  }
}
    `) as unknown as TypedDocumentString<LineagePictureProvenanceQuery, LineagePictureProvenanceQueryVariables>;
export const ModelPageModelDocument = new TypedDocumentString(`
    query ModelPageModel($id: ID!) {
  model(id: $id) {
    id
    name
    description
    task
    tags
    archived
    createdAt
    createdBy
    owner {
      id
      name
    }
    sharedWith {
      id
      name
    }
    versions {
      id
      version
      framework
      metrics
      aliases
      integrity
      artifactSize
      createdAt
      createdBy
    }
  }
}
    `) as unknown as TypedDocumentString<ModelPageModelQuery, ModelPageModelQueryVariables>;
export const ModelPageVersionDocument = new TypedDocumentString(`
    query ModelPageVersion($id: ID!) {
  modelVersion(id: $id) {
    id
    version
    format
    framework
    artifactDigest
    artifactSize
    integrity
    metrics
    aliases
    signature {
      inputs {
        name
        dtype
        shape
      }
      outputs {
        name
        dtype
        shape
      }
    }
    trainingRun {
      id
      status
      algorithm
      startedAt
      endedAt
      usedDatasetVersions {
        id
        version
        datasetId
        dataset {
          id
          name
        }
      }
    }
    evaluations {
      id
      kind
      status
      metrics
      rows
      at
      targetColumn
      usedDatasetVersions {
        id
        version
        datasetId
      }
    }
    deployments {
      id
      name
      status
      executionProvider
    }
  }
}
    `) as unknown as TypedDocumentString<ModelPageVersionQuery, ModelPageVersionQueryVariables>;
export const ModelPageVersionParentDocument = new TypedDocumentString(`
    query ModelPageVersionParent($id: ID!) {
  modelVersion(id: $id) {
    id
    model {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ModelPageVersionParentQuery, ModelPageVersionParentQueryVariables>;
export const OcrPageRecognizeDocument = new TypedDocumentString(`
    mutation OcrPageRecognize($image: String!) {
  recognizeText(image: $image) {
    lines {
      text
      score
      box
    }
    width
    height
    timingsMs
    providers
  }
}
    `) as unknown as TypedDocumentString<OcrPageRecognizeMutation, OcrPageRecognizeMutationVariables>;
export const OcrPageServicesDocument = new TypedDocumentString(`
    query OcrPageServices {
  services(first: 100) {
    edges {
      node {
        id
        name
        kind
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OcrPageServicesQuery, OcrPageServicesQueryVariables>;
export const OperationsPanelDeploymentDocument = new TypedDocumentString(`
    query OperationsPanelDeployment($id: ID!, $minutes: Int!) {
  deployment(id: $id) {
    id
    operations(minutes: $minutes) {
      minutes
      sampleSeconds
      keptMinutes
      process
      total {
        requests
        requestRate
        errors
        p50Ms
        p95Ms
        p99Ms
        meanBatchRows
      }
      points {
        time
        seconds
        requests
        requestRate
        errors
        p50Ms
        p95Ms
        p99Ms
        meanBatchRows
        partial
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OperationsPanelDeploymentQuery, OperationsPanelDeploymentQueryVariables>;
export const ServiceOperationsRoutesDocument = new TypedDocumentString(`
    query ServiceOperationsRoutes($id: ID!) {
  service(id: $id) {
    id
    routes {
      weight
      deployment {
        id
        name
        operations(minutes: 15) {
          minutes
          total {
            requests
            requestRate
            errors
            p50Ms
            p95Ms
            p99Ms
            meanBatchRows
          }
          points {
            time
            requestRate
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceOperationsRoutesQuery, ServiceOperationsRoutesQueryVariables>;
export const OrgPageAssetsDocument = new TypedDocumentString(`
    query OrgPageAssets($orgs: [ID!], $kinds: [AssetKind!], $first: Int) {
  search(query: "", orgs: $orgs, kinds: $kinds, first: $first) {
    edges {
      node {
        kind
        id
        name
        parentId
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrgPageAssetsQuery, OrgPageAssetsQueryVariables>;
export const OrgPageDocument = new TypedDocumentString(`
    query OrgPage($id: ID!) {
  org(id: $id) {
    id
    name
    level
    parent {
      id
      name
    }
    children {
      id
      name
      level
    }
    assetCounts {
      kind
      count
    }
  }
}
    `) as unknown as TypedDocumentString<OrgPageQuery, OrgPageQueryVariables>;
export const PredictPageDeploymentDocument = new TypedDocumentString(`
    query PredictPageDeployment($id: ID!) {
  deployment(id: $id) {
    id
    name
    status
    executionProvider
    modelVersion {
      ...PredictPageModelVersion
    }
  }
}
    fragment PredictPageModelVersion on ModelVersion {
  id
  version
  model {
    id
    name
  }
  signature {
    inputs {
      name
      dtype
      shape
    }
    outputs {
      name
      dtype
      shape
    }
  }
}`) as unknown as TypedDocumentString<PredictPageDeploymentQuery, PredictPageDeploymentQueryVariables>;
export const PredictPageServiceDocument = new TypedDocumentString(`
    query PredictPageService($id: ID!) {
  service(id: $id) {
    id
    name
    kind
    routes {
      weight
      deployment {
        id
        name
        status
        modelVersion {
          ...PredictPageModelVersion
        }
      }
    }
  }
}
    fragment PredictPageModelVersion on ModelVersion {
  id
  version
  model {
    id
    name
  }
  signature {
    inputs {
      name
      dtype
      shape
    }
    outputs {
      name
      dtype
      shape
    }
  }
}`) as unknown as TypedDocumentString<PredictPageServiceQuery, PredictPageServiceQueryVariables>;
export const PredictPageRunDocument = new TypedDocumentString(`
    mutation PredictPageRun($deploymentId: ID, $serviceId: ID, $inputs: JSON!) {
  predict(deploymentId: $deploymentId, serviceId: $serviceId, inputs: $inputs) {
    deploymentId
    serviceId
    outputs
    latencyMs
    executionProvider
    fallbackReason
  }
}
    `) as unknown as TypedDocumentString<PredictPageRunMutation, PredictPageRunMutationVariables>;
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
    plannedExecutionProvider
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
export const ServicePageRunningRequestsDocument = new TypedDocumentString(`
    query ServicePageRunningRequests($id: ID!) {
  service(id: $id) {
    id
    runningDeploymentRequests {
      workflowId
      startedAt
    }
  }
}
    `) as unknown as TypedDocumentString<ServicePageRunningRequestsQuery, ServicePageRunningRequestsQueryVariables>;
export const TrainingFormOptionsDocument = new TypedDocumentString(`
    query TrainingFormOptions {
  trainingOptions {
    algorithms {
      name
      tasks
      params {
        name
        type
        default
        min
        minExclusive
        max
        description
      }
    }
    tasks {
      name
      algorithms
      metrics
      minimizedMetrics
      defaultSpace {
        algorithm
        params
      }
    }
    automl {
      trials {
        min
        max
      }
      concurrency {
        min
        max
      }
      strategies
      defaultTestFraction
      defaultValidationFraction
    }
  }
}
    `) as unknown as TypedDocumentString<TrainingFormOptionsQuery, TrainingFormOptionsQueryVariables>;
export const TrainingPanelVersionDocument = new TypedDocumentString(`
    query TrainingPanelVersion($id: ID!) {
  datasetVersion(id: $id) {
    id
    integrity
    profile
    dataset {
      id
      models {
        id
        name
      }
    }
    trainingRuns(first: 5) {
      id
      status
      algorithm
      startedAt
    }
    autoMLStudies(first: 5) {
      id
      status
      metric
      startedAt
    }
  }
}
    `) as unknown as TypedDocumentString<TrainingPanelVersionQuery, TrainingPanelVersionQueryVariables>;
export const TrainingPanelModelsDocument = new TypedDocumentString(`
    query TrainingPanelModels {
  models(first: 50) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<TrainingPanelModelsQuery, TrainingPanelModelsQueryVariables>;
export const TrainingFormStartDocument = new TypedDocumentString(`
    mutation TrainingFormStart($input: StartTrainingInput!) {
  startTraining(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<TrainingFormStartMutation, TrainingFormStartMutationVariables>;
export const AutoMlFormStartDocument = new TypedDocumentString(`
    mutation AutoMLFormStart($input: StartAutoMLInput!) {
  startAutoML(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AutoMlFormStartMutation, AutoMlFormStartMutationVariables>;
export const TrainingRunPageRunDocument = new TypedDocumentString(`
    query TrainingRunPageRun($id: ID!) {
  trainingRun(id: $id) {
    id
    status
    algorithm
    params
    metrics
    startedAt
    endedAt
    workflowId
    progress {
      step
      percent
    }
    error {
      step
      code
      message
    }
    log {
      time
      step
      level
      message
    }
    usedDatasetVersions {
      id
      version
      datasetId
      dataset {
        id
        name
      }
    }
    generated {
      id
      version
      model {
        id
        name
      }
    }
    study {
      id
      metric
    }
  }
}
    `) as unknown as TypedDocumentString<TrainingRunPageRunQuery, TrainingRunPageRunQueryVariables>;
export const AutoMlStudyPageStudyDocument = new TypedDocumentString(`
    query AutoMLStudyPageStudy($id: ID!) {
  autoMLStudy(id: $id) {
    id
    status
    metric
    strategy
    settings
    startedAt
    endedAt
    testMetrics
    error {
      step
      code
      message
    }
    progress {
      phase
      rung
      rungs
      completedTrials
      totalTrials
    }
    trials {
      index
      status
      rung
      validationScore
      error {
        step
        code
        message
      }
      run {
        id
        algorithm
        params
      }
      curve {
        rung
        trainingRows
        score
      }
    }
    bestRun {
      id
      algorithm
    }
    modelVersion {
      id
      version
      model {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AutoMlStudyPageStudyQuery, AutoMlStudyPageStudyQueryVariables>;