// Shapes read from the graph by the models subgraph, and the Cypher map projections that produce them.
import { Label, Rel } from '../../lib/graph/ontology.js';
import { parseSpecs, type TensorSpec } from './signature.js';
import type { CommonRecord } from '../../lib/graph/asset-store.js';

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
  /** Why a FAILED run failed (the workflow's message); null otherwise. */
  error: string | null;
}

export interface EvaluationRecord {
  id: string;
  metrics: unknown;
  at: string | null;
  modelVersionId: string | null;
}

/** Map projection of a Model node bound to `m`. */
export const MODEL = `m { .id, .name, task: coalesce(m.task, ''), .ownerOrgId, .createdBy, description: coalesce(m.description, ''),
  tags: coalesce(m.tags, []), archived: coalesce(m.archived, false),
  createdAt: toString(m.createdAt), updatedAt: toString(m.updatedAt) }`;

/** Map projection of a ModelVersion node bound to `v` (JSON properties still as strings; see toVersion). */
export const VERSION = `v { .id, .modelId, .version, .format, .framework, .inputs, .outputs, .metrics, .artifactDigest,
  .artifactSize, .artifactUri, integrity: coalesce(v.integrity, 'VERIFIED'), .ownerOrgId, .createdBy, aliases: coalesce(v.aliases, []), createdAt: toString(v.createdAt) }`;

export const TRAINING_RUN = `r { .id, .status, .algorithm, .params, .workflowId, .runId,
  startedAt: toString(r.startedAt), endedAt: toString(r.endedAt), error: r.error }`;

export const EVALUATION = `e { .id, .metrics, at: toString(e.at),
  modelVersionId: [(e)-[:${Rel.EVALUATES}]->(x:${Label.ModelVersion}) | x.id][0] }`;

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

export function toRun(raw: Raw): TrainingRunRecord {
  return {
    ...(raw as unknown as TrainingRunRecord),
    status: (raw.status as string | null) ?? 'UNKNOWN',
    algorithm: (raw.algorithm as string | null) ?? '',
    params: parseJson(raw.params) ?? {},
  };
}

export function toEvaluation(raw: Raw): EvaluationRecord {
  return { ...(raw as unknown as EvaluationRecord), metrics: parseJson(raw.metrics) ?? {} };
}
