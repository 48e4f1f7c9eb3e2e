// One input per named column of the model, a row per example; rows can be added and removed. Cells are
// text fields (not number fields) so what the user typed reaches the API, whose error names the column.
import { ActionIcon, Button, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useI18n } from '../../lib/i18n';
import { emptyRow, type Column, type Row } from './signature';
import { pm } from './messages';

const KIND = { number: pm.kind_number, integer: pm.kind_integer, bool: pm.kind_bool, text: pm.kind_text } as const;

export function ColumnsForm({
  columns,
  rows,
  onChange,
}: {
  columns: readonly Column[];
  rows: readonly Row[];
  onChange: (rows: Row[]) => void;
}) {
  const { t } = useI18n();
  const set = (i: number, name: string, value: string) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [name]: value } : r)));
  return (
    <Stack gap="xs" data-testid="predict-form">
      <Table.ScrollContainer minWidth={Math.min(1200, 160 * columns.length + 120)}>
        <Table aria-label={t(pm.rowsTable)} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t(pm.row)}</Table.Th>
              {columns.map((c) => (
                <Table.Th key={c.name} scope="col">
                  {c.name}
                  <Text span size="xs" c="dimmed" ml={4}>
                    {c.dtype}
                  </Text>
                </Table.Th>
              ))}
              <Table.Th scope="col">
                <VisuallyHidden>{t(pm.actions)}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Table.Tr key={i}>
                <Table.Td>{i + 1}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.name} miw={120}>
                    <TextInput
                      size="xs"
                      aria-label={t(pm.cellLabel, { column: c.name, kind: t(KIND[c.kind]), row: i + 1 })}
                      inputMode={c.kind === 'number' || c.kind === 'integer' ? 'decimal' : 'text'}
                      value={row[c.name] ?? ''}
                      onChange={(e) => set(i, c.name, e.currentTarget.value)}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    aria-label={t(pm.removeRow, { row: i + 1 })}
                    disabled={rows.length === 1}
                    onClick={() => onChange(rows.filter((_, j) => j !== i))}
                  >
                    <span aria-hidden>×</span>
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button variant="default" w="fit-content" onClick={() => onChange([...rows, emptyRow(columns)])}>
        {t(pm.addRow)}
      </Button>
      <Text size="sm">{t(pm.emptyHint)}</Text>
    </Stack>
  );
}
