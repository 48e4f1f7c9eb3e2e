// Records of the labeling graph as the store returns them, and who may do what. No I/O: workflows,
// subgraphs and the portal's tests import this file.
import type { Identity } from '../../lib/auth/identity.js';
import type { LabelTaskType } from './values.js';

export type { LabelTaskType } from './values.js';
export type LabelTaskStatus = 'OPEN' | 'IN_REVIEW' | 'ACCEPTED';
export type ReviewDecision = 'ACCEPTED' | 'FIXED';

/** Tasks one project may hold (one per item of the source version). */
export const MAX_TASKS = 20_000;
export const MAX_OVERLAP = 5;
export const MAX_LABEL_CLASSES = 100;
export const MAX_ANNOTATORS = 50;

export interface LabelClass {
  value: string;
  name: string;
  nameEn?: string | null;
  hotkey?: string | null;
}

export interface LabelingProjectRecord {
  id: string;
  name: string;
  description: string;
  taskType: LabelTaskType;
  /** JSON text: LabelClass[]. */
  labels: string;
  textColumn: string | null;
  overlap: number;
  status: 'ACTIVE' | 'ARCHIVED';
  sourceVersionId: string;
  labelDatasetId: string;
  ownerOrgId: string;
  /** Everyone a task of the project was ever assigned to. */
  annotators: string[];
  createdBy: string;
  createdAt: string;
}

export interface LabelTaskRecord {
  id: string;
  projectId: string;
  /** Position in the project (item order): tasks page by it. */
  seq: number;
  item: string;
  text: string | null;
  status: LabelTaskStatus;
  batch: number;
  assignees: string[];
  finalValue: string | null;
  reviewDecision: ReviewDecision | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

export interface AnnotationRecord {
  id: string;
  taskId: string;
  /** Canonical JSON text (values.ts). */
  value: string;
  annotator: string;
  submittedAt: string;
  fromSuggestion: boolean;
}

export interface SuggestionRecord {
  id: string;
  taskId: string;
  value: string;
  confidence: number;
  modelVersionId: string;
  serviceId: string | null;
  workflowId: string;
  runId: string;
  createdAt: string;
}

export interface LabelingProgress {
  total: number;
  open: number;
  inReview: number;
  accepted: number;
}

export const labelClasses = (project: Pick<LabelingProjectRecord, 'labels'>): LabelClass[] =>
  JSON.parse(project.labels) as LabelClass[];

/** Owns projects and reviews their tasks (within the project's org tree, decided in the queries). */
export const mayManage = (who: Identity): boolean =>
  who.roles.includes('platform-admin') || who.roles.includes('data-scientist');

/** May submit annotations on the tasks assigned to them. */
export const mayAnnotate = (who: Identity): boolean => mayManage(who) || who.roles.includes('annotator');
