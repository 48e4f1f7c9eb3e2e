// Map projections of the labeling nodes, shared by the store's reads and writes.
export const projectProjection = (p: string): string => `${p} { .id, .name, description: coalesce(${p}.description, ''),
  .taskType, .labels, .textColumn, .overlap, .status, .sourceVersionId, .labelDatasetId, .ownerOrgId,
  annotators: coalesce(${p}.annotators, []), .createdBy, createdAt: toString(${p}.createdAt) }`;

export const taskProjection = (t: string): string => `${t} { .id, .projectId, .seq, .item, .text, .status, .batch,
  .assignees, .finalValue, .reviewDecision, .reviewedBy, reviewedAt: toString(${t}.reviewedAt),
  createdAt: toString(${t}.createdAt) }`;

export const annotationProjection = (a: string): string => `${a} { .id, .taskId, .value, .annotator,
  submittedAt: toString(${a}.submittedAt), fromSuggestion: coalesce(${a}.fromSuggestion, false) }`;

export const suggestionProjection = (s: string): string => `${s} { .id, .taskId, .value, .confidence,
  .modelVersionId, .serviceId, .workflowId, .runId, createdAt: toString(${s}.createdAt) }`;
