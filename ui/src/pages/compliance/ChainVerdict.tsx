// The outcome of a chain verification: how many links held, or the first break in full.
import { Alert, Anchor, Code, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ChainPageVerifyQuery } from '../../gql/graphql';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import { darkTitle, targetPath } from './targets';

type Report = ChainPageVerifyQuery['verifyAuditChain'];

const m = defineMessages({
  ok: { en: 'Chain intact', zh: '审计链完整' },
  okBody: {
    en: '{checked} links checked, from seq {from} to {to}.',
    zh: '已校验 {checked} 个链节，序号 {from} 至 {to}。',
  },
  head: { en: 'the head', zh: '链末端' },
  broken: { en: 'Chain broken at seq {seq}', zh: '审计链在序号 {seq} 处断裂' },
  brokenBody: {
    en: '{checked} links held before this one (from seq {from}).',
    zh: '此前 {checked} 个链节校验通过（自序号 {from} 起）。',
  },
  reason: { en: 'Reason', zh: '原因' },
  expected: { en: 'Expected hash', zh: '应有哈希' },
  found: { en: 'Found hash', zh: '实际哈希' },
  eventId: { en: 'Event id', zh: '事件 ID' },
  event: { en: 'The event as stored now', zh: '当前存储的事件' },
  missing: { en: '(none: the event is missing)', zh: '（无：事件缺失）' },
  invisible: {
    en: 'The event is missing, or about an asset you may not see.',
    zh: '该事件缺失，或涉及您无权查看的资产。',
  },
  action: { en: 'Action', zh: '操作' },
  actor: { en: 'Actor', zh: '操作人' },
  target: { en: 'Target', zh: '对象' },
  at: { en: 'Time', zh: '时间' },
  prev: { en: 'Previous hash (stored)', zh: '前一哈希（存储值）' },
});

export function ChainVerdict({ report }: { report: Report }) {
  const { t } = useI18n();
  const f = useFormat();
  const b = report.firstBreak;
  if (report.intact || !b)
    return (
      <Alert color="green" styles={darkTitle} title={t(m.ok)} data-testid="chain-ok" role="status">
        {t(m.okBody, {
          checked: f.number(report.checked),
          from: report.fromSeq,
          to: report.toSeq ?? `${report.fromSeq + report.checked - 1} (${t(m.head)})`,
        })}
      </Alert>
    );
  const row = (label: string, value: ReactNode, testId?: string) => (
    <Table.Tr>
      <Table.Th scope="row" w={220}>
        {label}
      </Table.Th>
      <Table.Td data-testid={testId}>{value}</Table.Td>
    </Table.Tr>
  );
  const e = b.event;
  return (
    <Alert
      color="red"
      styles={darkTitle}
      role="alert"
      data-testid="chain-broken"
      data-seq={b.seq}
      title={<span data-testid="chain-break-seq">{t(m.broken, { seq: b.seq })}</span>}
    >
      <Stack gap="xs">
        <Text>{t(m.brokenBody, { checked: f.number(report.checked), from: report.fromSeq })}</Text>
        <Table withTableBorder>
          <Table.Tbody>
            {row(t(m.reason), b.reason, 'chain-break-reason')}
            {row(t(m.expected), b.expectedHash ? <Code>{b.expectedHash}</Code> : t(m.missing), 'chain-expected')}
            {row(t(m.found), b.foundHash ? <Code>{b.foundHash}</Code> : t(m.missing), 'chain-found')}
            {row(t(m.eventId), b.eventId ?? '—')}
          </Table.Tbody>
        </Table>
        <Text fw={600}>{t(m.event)}</Text>
        {e ? (
          <Table withTableBorder data-testid="chain-break-event">
            <Table.Tbody>
              {row(t(m.action), <Code>{e.action}</Code>)}
              {row(t(m.actor), `${e.actorName} (${e.actorOrg})`)}
              {row(
                t(m.target),
                <Anchor component={Link} to={targetPath(e.targetLabel, e.targetId)}>
                  {e.targetLabel} {e.targetId}
                </Anchor>,
              )}
              {row(t(m.at), f.dateTime(e.at))}
              {row(t(m.prev), <Code>{e.prevHash}</Code>)}
            </Table.Tbody>
          </Table>
        ) : (
          <Text>{t(m.invisible)}</Text>
        )}
      </Stack>
    </Alert>
  );
}
