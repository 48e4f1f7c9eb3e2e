// Audit events name their target by graph label; the entity page for it comes from entityPath, and a
// label without a page of its own (evaluation, recipe, workflow run, ...) goes to its lineage instead.
import { entityPath, lineagePath } from '../../lib/links';

const KIND_BY_LABEL: Record<string, string> = {
  Dataset: 'DATASET',
  DatasetVersion: 'DATASET_VERSION',
  Model: 'MODEL',
  ModelVersion: 'MODEL_VERSION',
  Service: 'SERVICE',
  Deployment: 'DEPLOYMENT',
  Cluster: 'CLUSTER',
  Node: 'NODE',
  Accelerator: 'ACCELERATOR',
  EdgeNode: 'EDGE_NODE',
  Org: 'ORG',
  TrainingRun: 'TRAINING_RUN',
};

export function targetPath(label: string, id: string): string {
  const kind = KIND_BY_LABEL[label];
  return kind ? entityPath(kind, id) : lineagePath(id);
}

/** The first 12 hex digits: enough to tell hashes apart on screen; the full hash stays in the title. */
export const shortHash = (hash: string | null | undefined): string => (hash ? `${hash.slice(0, 12)}…` : '—');

/**
 * Alert styles with a title in the text colour: a light alert draws its title in the colour's light shade,
 * too pale on the tinted background for WCAG AA (even shade 9 of green is 4:1 there); the tint keeps the cue.
 */
export const darkTitle = { title: { color: 'var(--mantine-color-text)' } };
