// The compliance report of one deployment: its provenance chain, evaluations and approvals, the audit
// events of every node in the chain, and the verification of the audit hash chain over those events
// (from the oldest of them to the head of the chain).
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { ChainReport } from '../../../lib/graph/audit-verify.js';
import { AuditStore, type AuditEventRecord } from '../repository/audit-store.js';
import { LineageStore, type ProvenanceRecord } from '../repository/lineage-store.js';

export interface DeploymentReport {
  report: 'plinth.compliance.deployment';
  version: 1;
  generatedAt: string;
  generatedBy: { username: string; org: string };
  deployment: ProvenanceRecord['deployments'][number];
  provenance: Omit<ProvenanceRecord, 'nodes'>;
  evaluations: ProvenanceRecord['evaluations'];
  approvals: ProvenanceRecord['deployments'][number]['approvals'];
  auditEvents: AuditEventRecord[];
  auditChain: ChainReport;
}

/** Null when the deployment does not exist or the caller may not see it. */
export async function deploymentReport(
  driver: Driver,
  viewer: Identity,
  deploymentId: string,
): Promise<DeploymentReport | null> {
  const provenance = await new LineageStore(driver).provenance(viewer, { deploymentId });
  const deployment = provenance?.deployments.find((d) => d.node.id === deploymentId);
  if (!provenance || !deployment) return null;
  const audit = new AuditStore(driver);
  const auditEvents = await audit.all(viewer, { targetIds: provenance.nodes.map((n) => n.id) });
  const auditChain = await audit.verify(viewer, { fromSeq: auditEvents[0]?.seq ?? 1 });
  const { nodes: _nodes, ...rest } = provenance;
  return {
    report: 'plinth.compliance.deployment',
    version: 1,
    generatedAt: new Date().toISOString(),
    generatedBy: { username: viewer.username, org: viewer.org },
    deployment,
    provenance: rest,
    evaluations: provenance.evaluations,
    approvals: deployment.approvals,
    auditEvents,
    auditChain,
  };
}
