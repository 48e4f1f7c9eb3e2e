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
  /** A deployment request (id = its workflow id): the serving side's listable record of the workflow's step. */
  DeploymentRequest: 'DeploymentRequest',
  EdgeNode: 'EdgeNode',
  Cluster: 'Cluster',
  Node: 'Node',
  Accelerator: 'Accelerator',
  AuditEvent: 'AuditEvent',
  /** Singleton head of the audit hash chain; locking it serialises appends. */
  AuditChain: 'AuditChain',
  WorkflowRun: 'WorkflowRun',
  /** An OpenLineage job (id = namespace + '/' + name), ingested through POST /api/v1/lineage. */
  Job: 'Job',
  /** An OpenLineage run (id = its runId): a PROV activity like TrainingRun. */
  LineageRun: 'LineageRun',
  /** A hyperparameter search (workflows/automl); its trials are TrainingRuns PART_OF_STUDY it. */
  AutoMLStudy: 'AutoMLStudy',
  /** A data recipe run (domain/recipe): steps, compiled SQL, workflow; its version -[:PRODUCED_BY]-> it. */
  Recipe: 'Recipe',
  /** An active-learning loop over a labeling project (domain/labeling/active-run-store.ts): settings, rounds, outcome. */
  ActiveLearningRun: 'ActiveLearningRun',
  /** A pre-annotation run over a labeling project (domain/labeling/pre-annotate-runs.ts): model, counts, failures. */
  PreAnnotationRun: 'PreAnnotationRun',
  /** A labeling project over a source DatasetVersion (domain/labeling): -[:LABELS]->(DatasetVersion), -[:OWNED_BY]->(Org). */
  LabelingProject: 'LabelingProject',
  /** One item of a labeling project to label: -[:IN_PROJECT]->(LabelingProject). */
  LabelTask: 'LabelTask',
  /** One annotator's label of a task: -[:ANNOTATES]->(LabelTask). */
  Annotation: 'Annotation',
  /** A model's current pre-annotation of a task: -[:SUGGESTS]->(LabelTask). */
  Suggestion: 'Suggestion',
  /** An accepted snapshot of a project's labels: a PROV activity; its version -[:PRODUCED_BY]-> it. */
  LabelSnapshot: 'LabelSnapshot',
  // Dispatcher domain knowledge (subgraphs/knowledge, format in subgraphs/knowledge/README.md).
  EquipmentType: 'EquipmentType',
  Equipment: 'Equipment',
  Substation: 'Substation',
  FaultType: 'FaultType',
  /** A symptom or an alarm signal (`kind`: symptom | alarm). */
  Symptom: 'Symptom',
  Cause: 'Cause',
  Procedure: 'Procedure',
  /** One ordered step of a procedure: (Procedure)-[:HAS_STEP {order}]->(Step). */
  Step: 'Step',
  SafetyRule: 'SafetyRule',
  /** A duty role responsible for a procedure (not a Keycloak role). */
  DutyRole: 'DutyRole',
  /** One knowledge base (namespace): every knowledge node carries its id as `kb` (subgraphs/knowledge/kb). */
  KnowledgeBase: 'KnowledgeBase',
  Migration: 'Migration',
  /**
   * One (org, asset kind) tally (lib/graph/tally.ts): `id` = kind + '@' + orgId; every listed asset of the
   * kind owned by the org points at it with TALLIED_IN, so its degree counts them.
   */
  Tally: 'Tally',
} as const;
export type Label = (typeof Label)[keyof typeof Label];

export const Rel = {
  PART_OF: 'PART_OF',
  OWNED_BY: 'OWNED_BY',
  /** (asset)-[:TALLIED_IN]->(Tally of its kind and owner org): see lib/graph/tally.ts */
  TALLIED_IN: 'TALLIED_IN',
  /** (asset)-[:SHARE_TALLIED_IN]->(Tally of its kind, an org it is shared with and its owner): lib/graph/tally.ts */
  SHARE_TALLIED_IN: 'SHARE_TALLIED_IN',
  SHARED_WITH: 'SHARED_WITH',
  MEMBER_OF: 'MEMBER_OF',
  HAS_VERSION: 'HAS_VERSION',
  USED: 'USED',
  GENERATED: 'GENERATED',
  DERIVED_FROM: 'DERIVED_FROM',
  ASSOCIATED_WITH: 'ASSOCIATED_WITH',
  APPROVED_BY: 'APPROVED_BY',
  /** (Deployment)-[:REQUESTED_BY {workflowId, requestId}]->(User): who asked for a deployment request's canary */
  REQUESTED_BY: 'REQUESTED_BY',
  /** (DeploymentRequest)-[:FOR_SERVICE]->(Service): the service a deployment request puts a canary on */
  FOR_SERVICE: 'FOR_SERVICE',
  SERVES: 'SERVES',
  RUNS_ON: 'RUNS_ON',
  ACTOR: 'ACTOR',
  TARGET: 'TARGET',
  CAUSED_BY: 'CAUSED_BY',
  HEAD: 'HEAD',
  PREVIOUS: 'PREVIOUS',
  /** (Evaluation)-[:EVALUATES]->(ModelVersion) */
  EVALUATES: 'EVALUATES',
  /** (Service)-[:ROUTES_TO {weight}]->(Deployment) */
  ROUTES_TO: 'ROUTES_TO',
  /** (Accelerator)-[:INSTALLED_IN]->(Node|EdgeNode) */
  INSTALLED_IN: 'INSTALLED_IN',
  /** (EdgeNode)-[:ASSIGNED {rolloutId, workflowId, runId, state: PUSHED|ACTIVE|FAILED|ROLLED_BACK|REPLACED, at, previousRolloutId, previousModelVersionId}]->(ModelVersion): an edge rollout's assignment */
  ASSIGNED: 'ASSIGNED',
  /** (Node)-[:IN_CLUSTER]->(Cluster) */
  IN_CLUSTER: 'IN_CLUSTER',
  /** (Model)-[:DETECTS]->(FaultType) — domain knowledge link */
  DETECTS: 'DETECTS',
  /** (LineageRun)-[:RUN_OF]->(Job) */
  RUN_OF: 'RUN_OF',
  /** (TrainingRun)-[:PART_OF_STUDY]->(AutoMLStudy) */
  PART_OF_STUDY: 'PART_OF_STUDY',
  /** (DatasetVersion)-[:PRODUCED_BY]->(Recipe|LabelSnapshot): the recipe run or label snapshot that derived a version */
  PRODUCED_BY: 'PRODUCED_BY',
  /** (LabelingProject)-[:LABELS]->(DatasetVersion): the source version a project labels */
  LABELS: 'LABELS',
  /** (LabelTask)-[:IN_PROJECT]->(LabelingProject) */
  IN_PROJECT: 'IN_PROJECT',
  /** (Annotation)-[:ANNOTATES]->(LabelTask) */
  ANNOTATES: 'ANNOTATES',
  /** (Suggestion)-[:SUGGESTS]->(LabelTask) */
  SUGGESTS: 'SUGGESTS',
  /** (Equipment)-[:LOCATED_AT]->(Substation); (Substation)-[:PART_OF]->(Org) */
  LOCATED_AT: 'LOCATED_AT',
  /** (Equipment)-[:INSTANCE_OF]->(EquipmentType) */
  INSTANCE_OF: 'INSTANCE_OF',
  /** (Equipment)-[:FEEDS]->(Equipment): power flows downstream */
  FEEDS: 'FEEDS',
  /** (FaultType)-[:HAS_SYMPTOM {weight}]->(Symptom) */
  HAS_SYMPTOM: 'HAS_SYMPTOM',
  /** (FaultType)-[:HANDLED_BY]->(Procedure) */
  HANDLED_BY: 'HANDLED_BY',
  /** (Procedure)-[:HAS_STEP {order}]->(Step) */
  HAS_STEP: 'HAS_STEP',
  /** (Procedure)-[:REQUIRES]->(SafetyRule) */
  REQUIRES: 'REQUIRES',
  /** (Procedure)-[:RESPONSIBLE]->(DutyRole) */
  RESPONSIBLE: 'RESPONSIBLE',
  /** (EquipmentType)-[:SUPPLIES]->(EquipmentType): type-level supply; the target loses supply when the source fails. (Equipment instances use FEEDS.) */
  SUPPLIES: 'SUPPLIES',
  /** (EquipmentType)-[:IS_A]->(EquipmentType): a more specific kind of equipment. PART_OF links types and equipment too. */
  IS_A: 'IS_A',
  /** (SafetyRule)-[:APPLIES_TO]->(EquipmentType|FaultType|Procedure): what a rule governs */
  APPLIES_TO: 'APPLIES_TO',
  /** (FaultType)-[:AFFECTS]->(EquipmentType) */
  AFFECTS: 'AFFECTS',
  /** (Service)-[:RAISES]->(Symptom) */
  RAISES: 'RAISES',
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
    name: 'asset_search',
    labels: [
      Label.Dataset,
      Label.DatasetVersion,
      Label.Model,
      Label.ModelVersion,
      Label.Service,
      Label.Deployment,
      Label.EdgeNode,
      Label.Cluster,
      Label.Node,
      Label.Accelerator,
    ],
    properties: ['name', 'description', 'tagsText'],
  },
  { name: 'org_text', labels: [Label.Org], properties: ['name'] },
  {
    name: 'knowledge_search',
    labels: [
      Label.EquipmentType,
      Label.Equipment,
      Label.Substation,
      Label.FaultType,
      Label.Symptom,
      Label.Cause,
      Label.Procedure,
      Label.SafetyRule,
      Label.DutyRole,
    ],
    properties: ['name', 'nameEn', 'aliasesText'],
  },
];

/** The knowledge labels, in import order (subgraphs/knowledge/kb/import.ts). */
export const knowledgeLabels = [
  Label.EquipmentType,
  Label.Substation,
  Label.Equipment,
  Label.Symptom,
  Label.Cause,
  Label.SafetyRule,
  Label.DutyRole,
  Label.Procedure,
  Label.Step,
  Label.FaultType,
] as const;

/** Plain range indexes that queries rely on (audit trails are read by time). */
export const rangeIndexes: { name: string; label: Label; property: string }[] = [
  // Every knowledge query of a base filters on its namespace (migration 0013).
  ...knowledgeLabels.map((label) => ({ name: `${label.toLowerCase()}_kb`, label, property: 'kb' })),
  { name: 'auditevent_at', label: Label.AuditEvent, property: 'at' },
  { name: 'auditevent_seq', label: Label.AuditEvent, property: 'seq' },
  { name: 'auditevent_target', label: Label.AuditEvent, property: 'targetId' },
  { name: 'auditevent_actor', label: Label.AuditEvent, property: 'actorName' },
  { name: 'auditevent_actor_id', label: Label.AuditEvent, property: 'actorId' },
  ...(
    [
      Label.Dataset,
      Label.Model,
      Label.Service,
      Label.Deployment,
      Label.EdgeNode,
      Label.Cluster,
      Label.Node,
      Label.Accelerator,
    ] as const
  ).map((label) => ({ name: `${label.toLowerCase()}_owner`, label, property: 'ownerOrgId' })),
];

/** Names unique within the owning org (composite uniqueness constraints, Community edition has them). */
export const orgUniqueNameLabels: Label[] = [
  Label.Dataset,
  Label.Model,
  Label.Service,
  Label.EdgeNode,
  Label.Cluster,
  Label.Node,
  Label.Accelerator,
];
export const orgNameConstraint = (label: Label): string => `${label.toLowerCase()}_org_name_unique`;

/** Versions unique within their parent asset. */
export const versionConstraints = [
  { name: 'datasetversion_parent_version_unique', label: Label.DatasetVersion, properties: ['datasetId', 'version'] },
  { name: 'modelversion_parent_version_unique', label: Label.ModelVersion, properties: ['modelId', 'version'] },
] as const;

export const constraintName = (label: Label): string =>
  label === Label.Migration ? 'migration_version_unique' : `${label.toLowerCase()}_id_unique`;
