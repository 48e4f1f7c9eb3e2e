// One page of hits: name and description with the matched terms marked, kind, owner org and status, each
// linking to its page; previous / next walk the cursor trail kept in the URL.
import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { CatalogSearchQuery } from '../../gql/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { Highlight } from './Highlight';
import { KIND_LABELS, STATUS_LABELS, isKind, statusColor } from './labels';

const m = defineMessages({
  name: { en: 'Name', zh: '名称' },
  kind: { en: 'Kind', zh: '类型' },
  owner: { en: 'Owner', zh: '所属组织' },
  status: { en: 'Status', zh: '状态' },
  description: { en: 'Description', zh: '描述' },
  none: { en: 'Nothing matches.', zh: '没有匹配的资产。' },
  count: { en: '{count} results', zh: '共 {count} 条结果' },
  page: { en: 'Page {page}', zh: '第 {page} 页' },
  previous: { en: 'Previous page', zh: '上一页' },
  next: { en: 'Next page', zh: '下一页' },
  results: { en: 'Search results', zh: '搜索结果' },
});

type Search = CatalogSearchQuery['search'];

export function CatalogResults({
  search,
  busy,
  trail,
  onPage,
}: {
  search: Search;
  /** True while the next results load (the previous ones stay on screen meanwhile). */
  busy: boolean;
  trail: string[];
  onPage: (trail: string[]) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Group justify="space-between">
        <Text data-testid="result-count" data-busy={busy} aria-live="polite" aria-busy={busy}>
          {t(m.count, { count: search.totalCount })}
        </Text>
        <Text size="sm" c="dimmed" data-testid="page-number">
          {t(m.page, { page: trail.length + 1 })}
        </Text>
      </Group>
      {search.edges.length === 0 ? (
        <Text>{t(m.none)}</Text>
      ) : (
        <Table striped aria-label={t(m.results)} data-testid="results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(m.name)}</Table.Th>
              <Table.Th>{t(m.kind)}</Table.Th>
              <Table.Th>{t(m.owner)}</Table.Th>
              <Table.Th>{t(m.status)}</Table.Th>
              <Table.Th>{t(m.description)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {search.edges.map(({ node }) => {
              const status = node.status ?? (node.archived ? 'ARCHIVED' : null);
              return (
                <Table.Tr key={`${node.kind}:${node.id}`} data-testid="hit">
                  <Table.Td>
                    <Anchor component={Link} to={entityPath(node.kind, node.id, node.parentId ?? undefined)}>
                      <Highlight text={node.name ?? node.id} spans={node.name ? node.nameHighlights : []} />
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="hit-kind" data-kind={node.kind}>
                      {isKind(node.kind) ? t(KIND_LABELS[node.kind]) : node.kind}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {node.ownerOrg && (
                      <Anchor component={Link} to={entityPath('ORG', node.ownerOrg.id)} size="sm">
                        {node.ownerOrg.name}
                      </Anchor>
                    )}
                  </Table.Td>
                  {/* nowrap: a badge truncates its label to "RE…" in a narrow column. */}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {status && (
                      <Badge color={statusColor(status)} variant="filled" data-status={status} miw="max-content">
                        {status in STATUS_LABELS ? t(STATUS_LABELS[status as keyof typeof STATUS_LABELS]) : status}
                      </Badge>
                    )}
                    {node.archived && status !== 'ARCHIVED' && (
                      <Badge
                        color={statusColor('ARCHIVED')}
                        variant="filled"
                        ml={4}
                        data-status="ARCHIVED"
                        miw="max-content"
                      >
                        {t(STATUS_LABELS.ARCHIVED)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <Highlight text={node.description ?? ''} spans={node.descriptionHighlights} max={160} />
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="center">
        <Button variant="default" disabled={trail.length === 0} onClick={() => onPage(trail.slice(0, -1))}>
          {t(m.previous)}
        </Button>
        <Button
          variant="default"
          disabled={!search.pageInfo.hasNextPage || !search.pageInfo.endCursor}
          onClick={() => search.pageInfo.endCursor && onPage([...trail, search.pageInfo.endCursor])}
        >
          {t(m.next)}
        </Button>
      </Group>
    </>
  );
}
