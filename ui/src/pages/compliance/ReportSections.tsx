// The sections of a deployment's compliance report, each a table whose entities link to their pages.
import { Anchor, Code, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { defineMessages, useFormat, useI18n, type Message } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import type { DeploymentReport, ReportNode } from './report-types';
import { targetPath } from './targets';

const m = defineMessages({
  none: { en: 'none', zh: '无' },
  approvals: { en: 'Approvals', zh: '审批记录' },
  noApproval: { en: 'no approval recorded', zh: '无审批记录' },
  services: { en: 'Services', zh: '服务' },
  deployments: { en: 'Deployments', zh: '部署' },
  modelVersions: { en: 'Model versions', zh: '模型版本' },
  evaluations: { en: 'Evaluations', zh: '评估' },
  trainingRuns: { en: 'Training runs', zh: '训练任务' },
  datasetVersions: { en: 'Dataset versions', zh: '数据集版本' },
  hardware: { en: 'Hardware', zh: '硬件' },
  auditEvents: { en: 'Audit events ({count})', zh: '审计事件（{count}）' },
  name: { en: 'Name', zh: '名称' },
  owner: { en: 'Owner', zh: '所属组织' },
  status: { en: 'Status', zh: '状态' },
  provider: { en: 'Provider', zh: '执行提供程序' },
  requestedBy: { en: 'Requested by', zh: '申请人' },
  approvedBy: { en: 'Approved by', zh: '审批人' },
  approver: { en: 'Approver', zh: '审批人' },
  comment: { en: 'Comment', zh: '意见' },
  at: { en: 'At', zh: '时间' },
  version: { en: 'Version', zh: '版本' },
  framework: { en: 'Framework', zh: '框架' },
  artifactDigest: { en: 'Artifact digest (sha256)', zh: '制品摘要（sha256）' },
  contentHash: { en: 'Content hash (sha256)', zh: '内容哈希（sha256）' },
  rows: { en: 'Rows', zh: '行数' },
  derivedFrom: { en: 'Derived from', zh: '派生自' },
  algorithm: { en: 'Algorithm', zh: '算法' },
  workflow: { en: 'Workflow', zh: '工作流' },
  runBy: { en: 'Run by', zh: '执行人' },
  used: { en: 'Used', zh: '使用数据' },
  kind: { en: 'Kind', zh: '类型' },
  models: { en: 'Model versions', zh: '模型版本' },
  data: { en: 'Data', zh: '数据' },
  metrics: { en: 'Metrics', zh: '指标' },
  installedIn: { en: 'Installed in', zh: '所在主机' },
  seq: { en: 'Seq', zh: '序号' },
  action: { en: 'Action', zh: '操作' },
  actor: { en: 'Actor', zh: '操作人' },
  target: { en: 'Target', zh: '对象' },
  hash: { en: 'Hash', zh: '哈希' },
});

const str = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'number'
        ? String(v)
        : JSON.stringify(v);

function Section({
  title,
  headers,
  rows,
  empty = m.none,
}: {
  title: string;
  headers: Message[];
  rows: ReactNode[][];
  empty?: Message;
}) {
  const { t } = useI18n();
  return (
    <section>
      <Title order={2} size="h4" mt="md" mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="gray.7">{t(empty)}</Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table withTableBorder withColumnBorders className="report-table">
            <Table.Thead>
              <Table.Tr>
                {headers.map((h) => (
                  <Table.Th key={h.en} scope="col">
                    {t(h)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((cells, i) => (
                <Table.Tr key={i}>
                  {cells.map((c, j) => (
                    <Table.Td key={j} style={{ overflowWrap: 'anywhere' }}>
                      {c}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}

export function ReportSections({ report }: { report: DeploymentReport }) {
  const { t } = useI18n();
  const f = useFormat();
  const p = report.provenance;
  const nodes = new Map<string, ReportNode>();
  for (const n of [
    ...p.services,
    ...p.deployments.map((d) => d.node),
    ...p.modelVersions.map((x) => x.node),
    ...report.evaluations.map((x) => x.node),
    ...p.trainingRuns.map((x) => x.node),
    ...p.datasetVersions.map((x) => x.node),
    ...p.accelerators.map((x) => x.node),
    ...p.hosts,
  ])
    nodes.set(n.id, n);
  const link = (n: ReportNode) => (
    <Anchor component={Link} to={entityPath(n.kind, n.id)}>
      {n.name || n.id}
    </Anchor>
  );
  const refs = (ids: string[]) =>
    ids.map((id, i) => {
      const n = nodes.get(id);
      return (
        <span key={id}>
          {i > 0 ? ', ' : ''}
          {n ? link(n) : id}
        </span>
      );
    });
  const when = (iso: unknown) => (typeof iso === 'string' && iso ? f.dateTime(iso) : '');
  return (
    <>
      <Section
        title={t(m.approvals)}
        headers={[m.approver, m.comment, m.at]}
        rows={report.approvals.map((a) => [a.username, a.comment ?? '', when(a.at)])}
        empty={m.noApproval}
      />
      <Section
        title={t(m.services)}
        headers={[m.name, m.owner]}
        rows={p.services.map((s) => [link(s), s.ownerOrgId ?? ''])}
      />
      <Section
        title={t(m.deployments)}
        headers={[m.name, m.status, m.provider, m.requestedBy, m.approvedBy, m.models, m.hardware]}
        rows={p.deployments.map((d) => [
          link(d.node),
          str(d.node.properties.status),
          str(d.node.properties.executionProvider),
          d.requestedBy ?? '',
          d.approvals.map((a) => a.username).join(', '),
          refs(d.modelVersionIds),
          refs(d.acceleratorIds),
        ])}
      />
      <Section
        title={t(m.modelVersions)}
        headers={[m.name, m.version, m.framework, m.artifactDigest, m.trainingRuns]}
        rows={p.modelVersions.map((x) => [
          link(x.node),
          str(x.node.properties.version),
          str(x.node.properties.framework),
          <Code key="d">{str(x.node.properties.artifactDigest)}</Code>,
          refs(x.trainingRunIds),
        ])}
      />
      <Section
        title={t(m.evaluations)}
        headers={[m.name, m.kind, m.status, m.at, m.models, m.data, m.metrics]}
        rows={report.evaluations.map((e) => [
          link(e.node),
          str(e.node.properties.kind),
          str(e.node.properties.status ?? 'SUCCEEDED'),
          when(e.node.properties.at),
          refs(e.modelVersionIds),
          refs(e.datasetVersionIds),
          <Code key="m">{str(e.node.properties.metrics)}</Code>,
        ])}
      />
      <Section
        title={t(m.trainingRuns)}
        headers={[m.name, m.status, m.algorithm, m.workflow, m.runBy, m.used, m.modelVersions]}
        rows={p.trainingRuns.map((r) => [
          link(r.node),
          str(r.node.properties.status),
          str(r.node.properties.algorithm),
          <Code key="w">{[r.workflowId, r.runId].filter(Boolean).join(' / ')}</Code>,
          r.associatedWith.map((u) => u.username).join(', '),
          refs(r.usedDatasetVersionIds),
          refs(r.generatedModelVersionIds),
        ])}
      />
      <Section
        title={t(m.datasetVersions)}
        headers={[m.name, m.owner, m.version, m.contentHash, m.rows, m.derivedFrom]}
        rows={p.datasetVersions.map((x) => [
          link(x.node),
          x.node.ownerOrgId ?? '',
          str(x.node.properties.version),
          <Code key="h">{str(x.node.properties.contentHash)}</Code>,
          str(x.node.properties.rowCount),
          refs(x.derivedFromIds),
        ])}
      />
      <Section
        title={t(m.hardware)}
        headers={[m.name, m.kind, m.installedIn]}
        rows={[
          ...p.accelerators.map((a) => [link(a.node), str(a.node.properties.kind), refs(a.hostIds)]),
          ...p.hosts.map((h) => [link(h), h.kind, str(h.properties.site ?? h.properties.hostname)]),
        ]}
      />
      <Section
        title={t(m.auditEvents, { count: report.auditEvents.length })}
        headers={[m.seq, m.at, m.action, m.actor, m.target, m.hash]}
        rows={report.auditEvents.map((e) => [
          e.seq,
          when(e.at),
          <Code key="a">{e.action}</Code>,
          `${e.actorName} (${e.actorOrg})`,
          <Anchor key="t" component={Link} to={targetPath(e.targetLabel, e.targetId)}>
            {nodes.get(e.targetId)?.name ?? e.targetId}
          </Anchor>,
          <Code key="h">{e.hash}</Code>,
        ])}
      />
    </>
  );
}
