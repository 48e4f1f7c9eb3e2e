// What each role may do in the portal, mirroring the API's rules (lib/subgraph/context.ts and the
// subgraphs' authScopes): navigation and actions are offered only where the API would allow them.
// platform-admin holds every role. The API stays the authority; this only hides what would be refused.
export type Role =
  | 'platform-admin'
  | 'data-scientist'
  | 'ml-engineer'
  | 'approver'
  | 'compliance-officer'
  | 'dispatcher'
  | 'viewer'
  | 'annotator';

export const CAPABILITIES = {
  /** Search and entity pages: every signed-in user (org visibility applies). */
  browse: 'anyone',
  /** Register and upload datasets, versions and recipes, share them (registerDataset, shareDataset, runRecipe…). */
  'dataset.write': ['data-scientist'],
  /** Register and share models, train, AutoML, evaluate, set aliases (registerModel, startTraining…). */
  'model.write': ['data-scientist'],
  /** Services and their routes, request or stop deployments, edge rollouts (registerService, requestDeployment…). */
  'serving.write': ['ml-engineer'],
  /** Register and change clusters, nodes, accelerators and edge nodes. */
  'hardware.write': ['ml-engineer'],
  /** Lineage picture, audit explorer, chain verification, compliance reports. */
  compliance: ['compliance-officer'],
  /** Knowledge Q&A. */
  knowledge: ['dispatcher', 'compliance-officer'],
  /** Approve or reject deployment requests (never one's own). */
  approve: ['approver'],
  /** Withdraw a deployment request (one's own as ml-engineer; any as approver). */
  'deployment.cancel': ['ml-engineer', 'approver'],
  /** Labeling projects: see those with a task assigned to you and annotate them (submitAnnotation). */
  label: ['annotator', 'data-scientist'],
  /** Create labeling projects, assign tasks, review (never a task one annotated), snapshot, import and export. */
  'labeling.manage': ['data-scientist'],
} as const satisfies Record<string, 'anyone' | Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export function can(roles: readonly string[], capability: Capability): boolean {
  const rule: 'anyone' | readonly Role[] = CAPABILITIES[capability];
  if (rule === 'anyone') return true;
  return roles.includes('platform-admin') || rule.some((r) => roles.includes(r));
}
