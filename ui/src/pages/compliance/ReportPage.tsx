// A deployment's compliance report inside the portal (/compliance/report/:deploymentId). The REST route
// needs the user's bearer token, which a plain link cannot send (401 in a browser), so the portal fetches
// the JSON form with the token and renders it; the exact bytes received can be saved with their SHA-256.
// Print prints the report alone: the print stylesheet hides the portal's shell.
import { Alert, Anchor, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ErrorState, NotFound, PageLoader } from '../../components/PageState';
import { ApiError, useAccessToken, useAuthorizedFetch } from '../../lib/graphql';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { complianceOfficers, NotAllowed } from './NotAllowed';
import type { DeploymentReport } from './report-types';
import { ReportSections } from './ReportSections';

const m = defineMessages({
  title: { en: 'Compliance report: {name}', zh: '合规报告：{name}' },
  what: { en: 'deployment', zh: '部署' },
  meta: {
    en: 'Deployment {id} · owner {owner} · status {status} · requested by {by} · generated {at} for {user} ({org})',
    zh: '部署 {id} · 所属组织 {owner} · 状态 {status} · 申请人 {by} · 生成于 {at}，生成对象 {user}（{org}）',
  },
  print: { en: 'Print', zh: '打印' },
  download: { en: 'Download JSON', zh: '下载 JSON' },
  digest: { en: 'SHA-256 of the report as received', zh: '所收到报告的 SHA-256' },
  deploymentPage: { en: 'Deployment page', zh: '部署页面' },
  lineage: { en: 'Lineage', zh: '血缘' },
  chain: { en: 'Audit chain verification', zh: '审计链校验' },
  chainOk: {
    en: 'Audit chain intact: {checked} event(s) verified from seq {from} to the head.',
    zh: '审计链完整：自序号 {from} 至链末端共校验 {checked} 个事件。',
  },
  chainBroken: {
    en: 'Audit chain BROKEN at seq {seq} (event {event}): {reason}',
    zh: '审计链在序号 {seq} 处断裂（事件 {event}）：{reason}',
  },
  expected: { en: 'expected hash', zh: '应有哈希' },
  found: { en: 'found', zh: '实际' },
  truncated: {
    en: 'The chain was longer than the walk allows; it is truncated.',
    zh: '链路超出遍历上限，报告已截断。',
  },
});

interface Fetched {
  report: DeploymentReport;
  text: string;
  sha256: string | null;
}

async function sha256Hex(text: string): Promise<string | null> {
  // crypto.subtle exists only in secure contexts (https, localhost, 127.0.0.1).
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const PRINT_CSS = `@media print {
  .mantine-AppShell-header, .mantine-AppShell-navbar, [data-print-hide] { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; }
  .report-table tr { break-inside: avoid; }
}`;

export function ReportPage() {
  if (!useCan('compliance')) return <ReportNotAllowed />;
  return <Report />;
}

function ReportNotAllowed() {
  const { t } = useI18n();
  return <NotAllowed who={t(complianceOfficers)} />;
}

function Report() {
  const { t } = useI18n();
  const f = useFormat();
  const { deploymentId = '' } = useParams();
  const token = useAccessToken();
  const authorizedFetch = useAuthorizedFetch();
  const query = useQuery<Fetched | null, ApiError>({
    queryKey: ['ComplianceReport', deploymentId],
    enabled: token !== undefined,
    staleTime: 0,
    queryFn: async () => {
      const res = await authorizedFetch(`/api/compliance/deployments/${encodeURIComponent(deploymentId)}/report.json`, {
        headers: { accept: 'application/json' },
      });
      const text = await res.text();
      if (res.status === 404) return null;
      if (!res.ok) {
        let message = `HTTP ${res.status}`;
        try {
          const body = JSON.parse(text) as { errors?: { message: string }[] };
          message = body.errors?.[0]?.message ?? message;
        } catch {
          /* not JSON: keep the status */
        }
        throw new ApiError(message, undefined, res.status);
      }
      return { report: JSON.parse(text) as DeploymentReport, text, sha256: await sha256Hex(text) };
    },
  });
  if (query.error) return <ErrorState error={query.error} />;
  if (query.isPending) return <PageLoader />;
  if (query.data === null) return <NotFound what={t(m.what)} />;
  const { report, text, sha256 } = query.data;
  const d = report.deployment.node;
  const chain = report.auditChain;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `compliance-report-${d.id}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack data-testid="compliance-report" gap="sm">
      <style>{PRINT_CSS}</style>
      <Title order={1}>{t(m.title, { name: d.name })}</Title>
      <Group data-print-hide>
        <Button onClick={() => window.print()}>{t(m.print)}</Button>
        <Button variant="default" onClick={download}>
          {t(m.download)}
        </Button>
        <Anchor component={Link} to={entityPath('DEPLOYMENT', d.id)}>
          {t(m.deploymentPage)}
        </Anchor>
        <Anchor component={Link} to={lineagePath(d.id)}>
          {t(m.lineage)}
        </Anchor>
      </Group>
      <Text c="gray.7" size="sm">
        {t(m.meta, {
          id: d.id,
          owner: d.ownerOrgId ?? '',
          status: String(d.properties.status ?? ''),
          by: report.deployment.requestedBy ?? '—',
          at: f.dateTime(report.generatedAt),
          user: report.generatedBy.username,
          org: report.generatedBy.org,
        })}
      </Text>
      <Text size="sm">
        {t(m.digest)}: <Code data-testid="report-sha256">{sha256 ?? '—'}</Code>
      </Text>
      {report.provenance.truncated ? <Alert color="orange">{t(m.truncated)}</Alert> : null}
      <Title order={2} size="h4">
        {t(m.chain)}
      </Title>
      {chain.intact ? (
        <Alert color="green" data-testid="report-chain">
          {t(m.chainOk, { checked: chain.checked, from: chain.fromSeq })}
        </Alert>
      ) : (
        <Alert color="red" data-testid="report-chain">
          {t(m.chainBroken, {
            seq: chain.firstBreak?.seq ?? '',
            event: chain.firstBreak?.eventId ?? '',
            reason: chain.firstBreak?.reason ?? '',
          })}
          {chain.firstBreak?.expectedHash ? (
            <Text size="sm" mt="xs">
              {t(m.expected)}: <Code>{chain.firstBreak.expectedHash}</Code> · {t(m.found)}:{' '}
              <Code>{chain.firstBreak.foundHash ?? '—'}</Code>
            </Text>
          ) : null}
        </Alert>
      )}
      <ReportSections report={report} />
    </Stack>
  );
}
