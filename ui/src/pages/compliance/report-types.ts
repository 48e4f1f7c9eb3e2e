// The JSON form of GET /api/compliance/deployments/:id/report.json (subgraphs/lineage/report/report.ts),
// as far as the portal reads it. The portal renders it itself (links, both languages, print styles); the
// exact bytes received stay downloadable with their SHA-256, so the integrity data is not lost in rendering.
export interface ReportNode {
  id: string;
  kind: string;
  name: string;
  ownerOrgId: string | null;
  properties: Record<string, unknown>;
}

export interface ReportApproval {
  userId: string;
  username: string;
  comment: string | null;
  at: string | null;
}

export interface ReportAuditEvent {
  id: string;
  seq: number;
  action: string;
  actorName: string;
  actorOrg: string;
  targetId: string;
  targetLabel: string;
  at: string;
  workflowId: string | null;
  hash: string;
  prevHash: string;
}

export interface DeploymentReport {
  report: 'plinth.compliance.deployment';
  version: number;
  generatedAt: string;
  generatedBy: { username: string; org: string };
  deployment: { node: ReportNode; requestedBy: string | null; approvals: ReportApproval[] };
  provenance: {
    services: ReportNode[];
    deployments: {
      node: ReportNode;
      requestedBy: string | null;
      approvals: ReportApproval[];
      modelVersionIds: string[];
      acceleratorIds: string[];
    }[];
    modelVersions: { node: ReportNode; trainingRunIds: string[] }[];
    trainingRuns: {
      node: ReportNode;
      workflowId: string | null;
      runId: string | null;
      associatedWith: { id: string; username: string }[];
      usedDatasetVersionIds: string[];
      generatedModelVersionIds: string[];
    }[];
    datasetVersions: { node: ReportNode; derivedFromIds: string[] }[];
    accelerators: { node: ReportNode; hostIds: string[] }[];
    hosts: ReportNode[];
    truncated: boolean;
  };
  evaluations: { node: ReportNode; modelVersionIds: string[]; datasetVersionIds: string[] }[];
  approvals: ReportApproval[];
  auditEvents: ReportAuditEvent[];
  auditChain: {
    intact: boolean;
    checked: number;
    fromSeq: number;
    toSeq: number | null;
    firstBreak: {
      seq: number;
      eventId: string | null;
      reason: string;
      expectedHash?: string | null;
      foundHash?: string | null;
    } | null;
  };
}
