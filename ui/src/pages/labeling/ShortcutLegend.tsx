// The visible list of the keys a workspace answers, so keyboard use is discoverable.
import { Kbd, Table, Text } from '@mantine/core';
import { useI18n, type Message } from '../../lib/i18n';
import { m } from './messages';

export interface Shortcut {
  keys: string[];
  what: Message | string;
}

export function ShortcutLegend({ shortcuts }: { shortcuts: Shortcut[] }) {
  const { t } = useI18n();
  return (
    <Table aria-label={t(m.shortcuts)} data-testid="shortcut-legend" withRowBorders={false} verticalSpacing={2}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th colSpan={2}>
            <Text fw={600} size="sm">
              {t(m.shortcuts)}
            </Text>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shortcuts.map((s, i) => (
          <Table.Tr key={i}>
            <Table.Td>
              {s.keys.map((k, j) => (
                <span key={k}>
                  {j > 0 ? ' ' : null}
                  <Kbd size="xs">{k}</Kbd>
                </span>
              ))}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{typeof s.what === 'string' ? s.what : t(s.what)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
