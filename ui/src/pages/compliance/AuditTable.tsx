// One page of audit events: sequence, time, action, actor, target (linked to its page) and the chain hashes.
import { Anchor, Code, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import { shortHash, targetPath } from './targets';

export interface AuditRow {
  id: string;
  seq: number;
  action: string;
  actorName: string;
  actorOrg: string;
  targetId: string;
  targetLabel: string;
  at: string;
  workflowId?: string | null;
  hash: string;
  prevHash: string;
}

const m = defineMessages({
  seq: { en: 'Seq', zh: '序号' },
  at: { en: 'Time', zh: '时间' },
  action: { en: 'Action', zh: '操作' },
  actor: { en: 'Actor', zh: '操作人' },
  target: { en: 'Target', zh: '对象' },
  hash: { en: 'Hash / previous', zh: '哈希 / 前一哈希' },
  caption: { en: 'Audit events, newest first', zh: '审计事件（最新在前）' },
  empty: { en: 'No audit event matches these filters.', zh: '没有符合筛选条件的审计事件。' },
});

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const { t } = useI18n();
  const f = useFormat();
  if (rows.length === 0) return <Text data-testid="audit-empty">{t(m.empty)}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped data-testid="audit-table">
        <Table.Caption style={{ color: 'var(--mantine-color-gray-7)' }}>{t(m.caption)}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t(m.seq)}</Table.Th>
            <Table.Th scope="col">{t(m.at)}</Table.Th>
            <Table.Th scope="col">{t(m.action)}</Table.Th>
            <Table.Th scope="col">{t(m.actor)}</Table.Th>
            <Table.Th scope="col">{t(m.target)}</Table.Th>
            <Table.Th scope="col">{t(m.hash)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id} data-testid="audit-row" data-seq={e.seq}>
              <Table.Td>{e.seq}</Table.Td>
              <Table.Td>{f.dateTime(e.at)}</Table.Td>
              <Table.Td data-testid="audit-action">
                <Code>{e.action}</Code>
              </Table.Td>
              <Table.Td data-testid="audit-actor">
                {e.actorName}{' '}
                <Text span c="gray.7" size="sm">
                  ({e.actorOrg})
                </Text>
              </Table.Td>
              <Table.Td>
                <Text span c="gray.7" size="sm">
                  {e.targetLabel}{' '}
                </Text>
                <Anchor component={Link} to={targetPath(e.targetLabel, e.targetId)}>
                  {e.targetId}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Code title={e.hash}>{shortHash(e.hash)}</Code>
                <br />
                <Code title={e.prevHash} c="gray.7">
                  {shortHash(e.prevHash)}
                </Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
