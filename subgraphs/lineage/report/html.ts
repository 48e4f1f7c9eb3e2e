// The compliance report as a printable HTML page. Every value from the graph goes through `esc`;
// the page carries no script and the route serves it with a CSP that forbids any.
import type { LineageNodeRecord } from '../repository/traversal.js';
import type { DeploymentReport } from './report.js';

export const esc = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );

const json = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

function table(headers: string[], rows: unknown[][], empty = 'none'): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(json(c))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** TEST_SPLIT: the training run's held-out rows; NEW_DATA: evaluateModelVersion on a later dataset version. */
const evaluationKind = (p: Record<string, unknown>): string =>
  p.kind === 'NEW_DATA' ? 'new data' : p.kind === 'TEST_SPLIT' ? 'training test split' : json(p.kind);

const ids = (list: string[], names: Map<string, string>): string => list.map((id) => names.get(id) ?? id).join(', ');

export function renderReportHtml(report: DeploymentReport): string {
  const p = report.provenance;
  const names = new Map<string, string>();
  const all: LineageNodeRecord[] = [
    ...p.services,
    ...p.deployments.map((d) => d.node),
    ...p.modelVersions.map((m) => m.node),
    ...p.evaluations.map((e) => e.node),
    ...p.trainingRuns.map((r) => r.node),
    ...p.datasetVersions.map((d) => d.node),
    ...p.labelSnapshots.map((s) => s.node),
    ...p.accelerators.map((a) => a.node),
    ...p.hosts,
  ];
  for (const n of all) names.set(n.id, n.name);
  const d = report.deployment;
  const chain = report.auditChain;
  const verdict = chain.intact
    ? `<p class="ok">Audit chain intact from seq ${esc(chain.fromSeq)} to the head (${esc(chain.checked)} verified event(s) you may see).</p>`
    : `<p class="broken">Audit chain BROKEN at seq ${esc(chain.firstBreak?.seq)} (event ${esc(chain.firstBreak?.eventId)}): ${esc(chain.firstBreak?.reason)}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Compliance report: ${esc(d.node.name)}</title>
<style>
  body { font: 13px/1.45 system-ui, "Noto Sans CJK SC", sans-serif; margin: 2em; color: #111; }
  h1 { font-size: 20px; margin-bottom: 0; } h2 { font-size: 15px; border-bottom: 1px solid #999; margin-top: 1.6em; }
  table { border-collapse: collapse; width: 100%; margin: .4em 0; } th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; word-break: break-all; }
  th { background: #eee; } .meta { color: #555; } .ok { color: #064; font-weight: bold; } .broken { color: #a00; font-weight: bold; } .empty { color: #777; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
</style></head><body>
<h1>Compliance report — deployment ${esc(d.node.name)}</h1>
<p class="meta">Deployment ${esc(d.node.id)} · owner ${esc(d.node.ownerOrgId)} · status ${esc(d.node.properties.status)} ·
requested by ${esc(d.requestedBy)} · generated ${esc(report.generatedAt)} for ${esc(report.generatedBy.username)} (${esc(report.generatedBy.org)})</p>
${p.truncated ? '<p class="broken">The chain was longer than the walk allows; it is truncated.</p>' : ''}
<h2>Audit chain verification</h2>
${verdict}
<h2>Approvals</h2>
${table(
  ['approver', 'comment', 'at'],
  report.approvals.map((a) => [a.username, a.comment, a.at]),
  'no approval recorded',
)}
<h2>Services</h2>
${table(
  ['name', 'id', 'owner', 'endpoint'],
  p.services.map((s) => [s.name, s.id, s.ownerOrgId, s.properties.endpoint]),
)}
<h2>Deployments</h2>
${table(
  ['name', 'id', 'status', 'provider', 'requested by', 'approved by', 'model versions', 'accelerators'],
  p.deployments.map((x) => [
    x.node.name,
    x.node.id,
    x.node.properties.status,
    x.node.properties.executionProvider,
    x.requestedBy,
    x.approvals.map((a) => a.username).join(', '),
    ids(x.modelVersionIds, names),
    ids(x.acceleratorIds, names),
  ]),
)}
<h2>Model versions</h2>
${table(
  ['name', 'id', 'version', 'framework', 'artifact digest', 'metrics', 'training runs'],
  p.modelVersions.map((m) => [
    m.node.name,
    m.node.id,
    m.node.properties.version,
    m.node.properties.framework,
    m.node.properties.artifactDigest,
    m.node.properties.metrics,
    ids(m.trainingRunIds, names),
  ]),
)}
<h2>Evaluations</h2>
${table(
  ['id', 'kind', 'status', 'at', 'model versions', 'data', 'rows', 'split', 'training run', 'metrics'],
  report.evaluations.map((e) => [
    e.node.id,
    evaluationKind(e.node.properties),
    e.node.properties.status ?? 'SUCCEEDED',
    e.node.properties.at,
    ids(e.modelVersionIds, names),
    ids(e.datasetVersionIds, names),
    e.node.properties.rows,
    e.node.properties.splitSeed === undefined
      ? ''
      : `test fraction ${json(e.node.properties.testFraction)}, seed ${json(e.node.properties.splitSeed)}`,
    e.node.properties.trainingRunId,
    e.node.properties.status === 'FAILED' ? `failed: ${json(e.node.properties.error)}` : e.node.properties.metrics,
  ]),
  'no evaluation recorded',
)}
<h2>Training runs</h2>
${table(
  ['id', 'status', 'algorithm', 'workflow id', 'run id', 'run by', 'used', 'generated'],
  p.trainingRuns.map((r) => [
    r.node.id,
    r.node.properties.status,
    r.node.properties.algorithm,
    r.workflowId,
    r.runId,
    r.associatedWith.map((u) => u.username).join(', '),
    ids(r.usedDatasetVersionIds, names),
    ids(r.generatedModelVersionIds, names),
  ]),
)}
<h2>Dataset versions</h2>
${table(
  ['name', 'id', 'owner', 'version', 'content hash', 'rows', 'derived from'],
  p.datasetVersions.map((x) => [
    x.node.name,
    x.node.id,
    x.node.ownerOrgId,
    x.node.properties.version,
    x.node.properties.contentHash,
    x.node.properties.rowCount,
    ids(x.derivedFromIds, names),
  ]),
)}
<h2>Label snapshots</h2>
${table(
  ['id', 'tasks', 'annotators', 'reviewers', 'labeled version', 'label version'],
  p.labelSnapshots.map((s) => [
    s.node.id,
    s.node.properties.taskCount,
    s.annotators.map((u) => u.username).join(', '),
    s.reviewers.map((u) => u.username).join(', '),
    ids(s.usedDatasetVersionIds, names),
    ids(s.producedDatasetVersionIds, names),
  ]),
  'no label snapshot in the chain',
)}
<h2>Hardware</h2>
${table(
  ['name', 'id', 'kind', 'installed in'],
  [
    ...p.accelerators.map((a) => [
      a.node.name,
      a.node.id,
      `accelerator ${json(a.node.properties.kind)}`,
      ids(a.hostIds, names),
    ]),
    ...p.hosts.map((h) => [
      h.name,
      h.id,
      h.kind === 'EDGE_NODE' ? `edge node at ${json(h.properties.site)}` : `node ${json(h.properties.hostname)}`,
      '',
    ]),
  ],
)}
<h2>Audit events (${esc(report.auditEvents.length)})</h2>
${table(
  ['seq', 'at', 'action', 'actor', 'actor org', 'target', 'workflow', 'hash'],
  report.auditEvents.map((e) => [
    e.seq,
    e.at,
    e.action,
    e.actorName,
    e.actorOrg,
    `${e.targetLabel} ${names.get(e.targetId) ?? e.targetId}`,
    e.workflowId,
    e.hash.slice(0, 16),
  ]),
)}
</body></html>
`;
}
