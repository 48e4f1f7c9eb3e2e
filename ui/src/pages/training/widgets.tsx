// Small tables the training pages share: name/value pairs and a run log.
import { Badge, Table, Text } from '@mantine/core';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';

export const statusColor = (status: string): string =>
  status === 'SUCCEEDED' ? 'green' : status === 'FAILED' ? 'red' : status === 'RUNNING' ? 'blue' : 'gray';

/** A run's or study's status: dark text on a light tint (white on Mantine's filled green fails contrast). */
export function StatusBadge({ status, size, testId }: { status: string; size?: 'sm' | 'md' | 'lg'; testId?: string }) {
  return (
    <Badge color={statusColor(status)} variant="light" c="dark" size={size} data-testid={testId}>
      {status}
    </Badge>
  );
}

export function formatValue(value: unknown, number: (n: number, digits?: number) => string): string {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return number(value);
    // Small rates (a learning rate of 2e-5) would round to 0 at four decimals.
    return Math.abs(value) < 0.001 && value !== 0 ? value.toExponential(2) : number(value, 4);
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function KeyValues({ entries }: { entries: [string, unknown][] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  if (entries.length === 0) return <Text c="gray.7">{t(m.none)}</Text>;
  return (
    <Table striped withTableBorder style={{ width: 'auto' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t(m.name)}</Table.Th>
          <Table.Th scope="col">{t(m.value)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Td>{name}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{formatValue(value, fmt.number)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const levelColor = (level: string) => (level === 'ERROR' ? 'red' : level === 'WARN' ? 'yellow' : 'gray');

export function RunLog({ entries }: { entries: { time: string; step: string; level: string; message: string }[] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  if (entries.length === 0) return <Text c="gray.7">{t(m.noLog)}</Text>;
  return (
    <Table striped withTableBorder data-testid="run-log">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t(m.logTime)}</Table.Th>
          <Table.Th scope="col">{t(m.logStep)}</Table.Th>
          <Table.Th scope="col">{t(m.logLevel)}</Table.Th>
          <Table.Th scope="col">{t(m.logMessage)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((e, i) => (
          <Table.Tr key={i} data-level={e.level}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.time)}</Table.Td>
            <Table.Td>{e.step}</Table.Td>
            <Table.Td>
              {/* Dark text on a light badge: the default light variant's yellow fails contrast. */}
              <Badge color={levelColor(e.level)} variant="outline" c="dark">
                {e.level}
              </Badge>
            </Table.Td>
            <Table.Td>{e.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
