// What the pre-annotation workflow and its activities exchange: plain data, no I/O (the workflow bundle
// imports this file; eslint.config.js lists it among the deterministic domain modules).

/** Who started a run: the workflow acts for them with the role preAnnotate checked. */
export interface PreRequester {
  sub: string;
  username: string;
  org: string;
}

export interface PreAnnotationInput {
  preRunId: string;
  projectId: string;
  serviceId: string;
  requestedBy: PreRequester;
  /** Tasks per activity: each chunk reads, detects and writes its suggestions in one step. */
  chunkSize: number;
}

/** What the plan step found: the model the service deploys and the open tasks, by id, in item order. */
export interface PreAnnotationPlan {
  modelVersionId: string;
  /** A text detector for BOUNDING_BOX projects, a classifier for IMAGE_ and TEXT_CLASSIFICATION ones. */
  kind: PreModelKind;
  taskIds: string[];
}

export interface PreItemFailure {
  taskId: string;
  item: string;
  error: string;
}

export interface PreChunkResult {
  index: number;
  done: number;
  failed: PreItemFailure[];
}

export type PreModelKind = 'TEXT_DETECTOR' | 'CLASSIFIER';

export type PreRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export const PRE_ANNOTATION_CHUNK = 25;
