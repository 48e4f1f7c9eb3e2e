// Audit explorer (/compliance/audit): the audit trail with actor, action, target, time and org filters,
// cursor paging, every piece of state in the URL. Compliance officers only (the API refuses others).
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import { useCan } from '../../lib/viewer';
import { AuditFilters, FILTER_KEYS, type Filters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { complianceOfficers, NotAllowed } from './NotAllowed';

const AuditPageTrail = graphql(`
  query AuditPageTrail(
    $actor: String
    $action: String
    $targetId: ID
    $from: DateTime
    $to: DateTime
    $org: ID
    $first: Int
    $after: String
  ) {
    auditTrail(
      actor: $actor
      action: $action
      targetId: $targetId
      from: $from
      to: $to
      org: $org
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          seq
          action
          actorName
          actorOrg
          targetId
          targetLabel
          at
          workflowId
          hash
          prevHash
        }
      }
    }
  }
`);

const PAGE_SIZE = 20;

const m = defineMessages({
  title: { en: 'Audit trail', zh: '审计日志' },
  total: { en: '{count} matching events · page {page}', zh: '共 {count} 条匹配事件 · 第 {page} 页' },
  next: { en: 'Next page', zh: '下一页' },
  previous: { en: 'Previous page', zh: '上一页' },
  paging: { en: 'Pages', zh: '分页' },
});

export function AuditPage() {
  if (!useCan('compliance')) return <AuditNotAllowed />;
  return <AuditExplorer />;
}

function AuditNotAllowed() {
  const { t } = useI18n();
  return <NotAllowed who={t(complianceOfficers)} />;
}

function AuditExplorer() {
  const { t } = useI18n();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  // The cursors of the pages before this one, in order: "previous" drops the last, "next" appends one.
  const cursors = params.getAll('c');
  const trail = useGql(
    AuditPageTrail,
    {
      actor: filters.actor,
      action: filters.action,
      targetId: filters.target,
      from: filters.from,
      to: filters.to,
      org: filters.org,
      first: PAGE_SIZE,
      after: cursors.at(-1),
    },
    { placeholderData: (previous) => previous },
  );
  const apply = (next: Filters) => {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k]?.trim()) p.set(k, next[k].trim());
    setParams(p);
  };
  const go = (nextCursors: string[]) => {
    const p = new URLSearchParams(params);
    p.delete('c');
    for (const c of nextCursors) p.append('c', c);
    setParams(p);
  };
  const data = trail.data?.auditTrail;
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      {/* keyed by the URL's filters so that back/forward shows them in the form too */}
      <AuditFilters key={FILTER_KEYS.map((k) => filters[k] ?? '').join('|')} value={filters} onApply={apply} />
      {trail.error ? <ErrorState error={trail.error} /> : null}
      {!data && !trail.error ? <PageLoader /> : null}
      {data ? (
        <>
          <Text data-testid="audit-total" aria-live="polite">
            {t(m.total, { count: f.number(data.totalCount), page: cursors.length + 1 })}
          </Text>
          <AuditTable rows={data.edges.map((e) => e.node)} />
          <Group component="nav" aria-label={t(m.paging)}>
            <Button variant="default" disabled={cursors.length === 0} onClick={() => go(cursors.slice(0, -1))}>
              {t(m.previous)}
            </Button>
            <Button
              variant="default"
              disabled={!data.pageInfo.hasNextPage || !data.pageInfo.endCursor}
              onClick={() => go([...cursors, data.pageInfo.endCursor!])}
            >
              {t(m.next)}
            </Button>
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
