// Shapes read from the graph by the models subgraph, and the Cypher map projections that produce them.
import { Label, Rel } from '../../lib/graph/ontology.js';
import { parseSpecs, type TensorSpec } from './signature.js';
import type { CommonRecord } from '../../lib/graph/asset-store.js';
import type { RunError, RunErrorCode, RunLogEntry } from '../runs/shared.js';
import { logEntries } from '../runs/log-store.js';

export interface ModelRecord extends CommonRecord {
  task: string;
}

export interface ModelVersionRecord {
  id: string;
  modelId: string;
  version: number;
  format: string;
  framework: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  metrics: unknown;
  artifactDigest: string;
  artifactSize: number;
  artifactUri: string;
  /** VERIFIED unless serving found the stored bytes changed (TAMPERED) or gone (MISSING): artifact-integrity.ts. */
  integrity: string;
  aliases: string[];
  ownerOrgId: string;
  createdAt: string;
  createdBy: string;
}

export interface TrainingRunRecord {
  id: string;
  status: string;
  algorithm: string;
  params: unknown;
  workflowId: string | null;
  runId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Why a FAILED run failed: the step, a stable code and what to do; null otherwise. */
  error: RunError | null;
  /** What the run did, step by step (warnings included). */
  log: RunLogEntry[];
  /** The run's measures on its test rows (a trial: on the study's validation rows); null while none. */
  metrics: unknown;
  /** The AutoML study a trial belongs to; null for a training run of its own. */
  studyId: string | null;
}

export interface EvaluationRecord {
  id: string;
  metrics: unknown;
  at: string | null;
  modelVersionId: string | null;
  /** TEST_SPLIT (a training run's held-out rows) or NEW_DATA (evaluateModelVersion). */
  kind: string;
  status: string;
  rows: number | null;
  splitSeed: number | null;
  testFraction: number | null;
  targetColumn: string | null;
  datasetVersionId: string | null;
  trainingRunId: string | null;
  workflowId: string | null;
  runId: string | null;
  startedAt: string | null;
  error: RunError | null;
  log: RunLogEntry[];
}

/** Map projection of a Model node bound to `m`. */
export const MODEL = `m { .id, .name, task: coalesce(m.task, ''), .ownerOrgId, .createdBy, description: coalesce(m.description, ''),
  tags: coalesce(m.tags, []), archived: coalesce(m.archived, false),
  createdAt: toString(m.createdAt), updatedAt: toString(m.updatedAt) }`;

/** Map projection of a ModelVersion node bound to `v` (JSON properties still as strings; see toVersion). */
export const VERSION = `v { .id, .modelId, .version, .format, .framework, .inputs, .outputs, .metrics, .artifactDigest,
  .artifactSize, .artifactUri, integrity: coalesce(v.integrity, 'VERIFIED'), .ownerOrgId, .createdBy, aliases: coalesce(v.aliases, []), createdAt: toString(v.createdAt) }`;

export const TRAINING_RUN = `r { .id, .status, .algorithm, .params, .workflowId, .runId, .metrics, .studyId,
  startedAt: toString(r.startedAt), endedAt: toString(r.endedAt), error: r.error, .errorStep, .errorCode, .log }`;

export const EVALUATION = `e { .id, .metrics, at: toString(e.at),
  modelVersionId: [(e)-[:${Rel.EVALUATES}]->(x:${Label.ModelVersion}) | x.id][0],
  .kind, .status, .rows, .splitSeed, .testFraction, .targetColumn, .workflowId, .runId, startedAt: toString(e.startedAt),
  .error, .errorStep, .errorCode, .log,
  datasetVersionId: [(e)-[:${Rel.USED}]->(x:${Label.DatasetVersion}) | x.id][0],
  trainingRunId: [(x:${Label.TrainingRun})-[:${Rel.GENERATED}]->(e) | x.id][0] }`;

const parseJson = (text: unknown): unknown => {
  if (typeof text !== 'string' || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

type Raw = Record<string, unknown>;

export function toVersion(raw: Raw): ModelVersionRecord {
  return {
    ...(raw as unknown as ModelVersionRecord),
    format: (raw.format as string | null) ?? 'ONNX',
    framework: (raw.framework as string | null) ?? '',
    inputs: parseSpecs(raw.inputs),
    outputs: parseSpecs(raw.outputs),
    metrics: parseJson(raw.metrics) ?? {},
    artifactDigest: (raw.artifactDigest as string | null) ?? '',
    artifactSize: (raw.artifactSize as number | null) ?? 0,
    artifactUri: (raw.artifactUri as string | null) ?? '',
  };
}

/** A stored error (message, errorStep, errorCode); runs that failed before errors had a step say 'unknown'. */
const toError = (raw: Raw): RunError | null =>
  typeof raw.error === 'string'
    ? {
        step: (raw.errorStep as string | null) ?? 'unknown',
        code: ((raw.errorCode as string | null) ?? 'INTERNAL') as RunErrorCode,
        message: raw.error,
      }
    : null;

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function toRun(raw: Raw): TrainingRunRecord {
  return {
    ...(raw as unknown as TrainingRunRecord),
    status: (raw.status as string | null) ?? 'UNKNOWN',
    algorithm: (raw.algorithm as string | null) ?? '',
    params: parseJson(raw.params) ?? {},
    metrics: parseJson(raw.metrics),
    studyId: (raw.studyId as string | null | undefined) ?? null,
    error: toError(raw),
    log: logEntries(raw.log),
  };
}

export function toEvaluation(raw: Raw): EvaluationRecord {
  return {
    ...(raw as unknown as EvaluationRecord),
    metrics: parseJson(raw.metrics) ?? {},
    // Evaluations recorded before they had a status or a kind were measurements that succeeded.
    kind: (raw.kind as string | null) ?? 'TEST_SPLIT',
    status: (raw.status as string | null) ?? 'SUCCEEDED',
    rows: num(raw.rows),
    splitSeed: num(raw.splitSeed),
    testFraction: num(raw.testFraction),
    error: toError(raw),
    log: logEntries(raw.log),
  };
}
