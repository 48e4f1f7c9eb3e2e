// Object refs of this subgraph's types, declared apart from their implementations so that type files
// can refer to each other (Model.versions ↔ ModelVersion.model) without import cycles.
import { builder } from '../builder.js';
import type {
  EvaluationRecord,
  ModelRecord,
  ModelVersionRecord,
  TrainingRunRecord,
} from '../../../domain/models/records.js';

export const ModelRef = builder.objectRef<ModelRecord>('Model');
export const ModelVersionRef = builder.objectRef<ModelVersionRecord>('ModelVersion');
export const TrainingRunRef = builder.objectRef<TrainingRunRecord>('TrainingRun');
export const EvaluationRef = builder.objectRef<EvaluationRecord>('Evaluation');
