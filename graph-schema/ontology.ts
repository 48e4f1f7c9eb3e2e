// The graph's vocabulary. Cypher text takes labels and relationship types only from these constants,
// never from request values (values are always $parameters).
export const Label = {
  Org: 'Org',
  User: 'User',
  Dataset: 'Dataset',
  DatasetVersion: 'DatasetVersion',
  Model: 'Model',
  ModelVersion: 'ModelVersion',
  TrainingRun: 'TrainingRun',
  Evaluation: 'Evaluation',
  Service: 'Service',
  Deployment: 'Deployment',
  EdgeNode: 'EdgeNode',
  Cluster: 'Cluster',
  Node: 'Node',
  Accelerator: 'Accelerator',
  AuditEvent: 'AuditEvent',
  /** Singleton head of the audit hash chain; locking it serialises appends. */
  AuditChain: 'AuditChain',
  WorkflowRun: 'WorkflowRun',
  Migration: 'Migration',
} as const;
export type Label = (typeof Label)[keyof typeof Label];

export const Rel = {
  PART_OF: 'PART_OF',
  OWNED_BY: 'OWNED_BY',
  SHARED_WITH: 'SHARED_WITH',
  MEMBER_OF: 'MEMBER_OF',
  HAS_VERSION: 'HAS_VERSION',
  USED: 'USED',
  GENERATED: 'GENERATED',
  DERIVED_FROM: 'DERIVED_FROM',
  ASSOCIATED_WITH: 'ASSOCIATED_WITH',
  APPROVED_BY: 'APPROVED_BY',
  SERVES: 'SERVES',
  RUNS_ON: 'RUNS_ON',
  ACTOR: 'ACTOR',
  TARGET: 'TARGET',
  CAUSED_BY: 'CAUSED_BY',
  HEAD: 'HEAD',
  PREVIOUS: 'PREVIOUS',
} as const;
export type Rel = (typeof Rel)[keyof typeof Rel];

/** Labels whose `id` must be unique (every label but the migration ledger, which is keyed by `version`). */
export const uniqueIdLabels: Label[] = Object.values(Label).filter((l) => l !== Label.Migration);

export interface FulltextIndex {
  name: string;
  labels: Label[];
  properties: string[];
}

/** Names and descriptions are searchable in Chinese and English through the `cjk` analyzer. */
export const fulltextIndexes: FulltextIndex[] = [
  {
    name: 'asset_text',
    labels: [Label.Dataset, Label.Model, Label.Service, Label.Cluster, Label.Accelerator, Label.EdgeNode],
    properties: ['name', 'description'],
  },
  { name: 'org_text', labels: [Label.Org], properties: ['name'] },
];

/** Plain range indexes that queries rely on (audit trails are read by time). */
export const rangeIndexes: { name: string; label: Label; property: string }[] = [
  { name: 'auditevent_at', label: Label.AuditEvent, property: 'at' },
];

export const constraintName = (label: Label): string =>
  label === Label.Migration ? 'migration_version_unique' : `${label.toLowerCase()}_id_unique`;
