// A page of the version's rows, read by the API from the verified bytes; paged forward by cursor, with
// the cursors already visited kept so "previous" needs no backward paging from the API.
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';
import { DatasetPageRows } from './queries';
import { ScrollTable } from './widgets';

const PAGE = 20;

const cell = (value: unknown, empty: string): string =>
  value === null || value === undefined ? empty : typeof value === 'object' ? JSON.stringify(value) : String(value);

export function RowPreview({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  // cursors[i] is the `after` of page i (page 0 has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const query = useGql(DatasetPageRows, { id: versionId, first: PAGE, after: cursors[page] ?? null });
  return (
    <section aria-labelledby="dataset-row-preview">
      <Title order={3} id="dataset-row-preview" mb="xs">
        {t(m.preview)}
      </Title>
      <QueryState query={{ ...query, data: query.data?.datasetVersion?.rows }} what={t(m.rows)}>
        {(rows) => (
          <Stack gap="xs">
            <ScrollTable label={t(m.preview)} minWidth={600}>
              <Table striped withTableBorder data-testid="row-preview">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>#</Table.Th>
                    {rows.columns.map((c) => (
                      <Table.Th key={c}>{c}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.rows.map((row, i) => (
                    <Table.Tr key={page * PAGE + i}>
                      <Table.Td>{page * PAGE + i + 1}</Table.Td>
                      {(Array.isArray(row) ? row : []).map((value: unknown, j) => (
                        <Table.Td key={rows.columns[j] ?? j}>{cell(value, t(m.nullValue))}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Group justify="space-between">
              <Text size="sm" c="gray.7">
                {t(m.previewRange, {
                  from: fmt.number(rows.rows.length === 0 ? 0 : page * PAGE + 1),
                  to: fmt.number(page * PAGE + rows.rows.length),
                  total: fmt.number(rows.totalCount),
                })}
              </Text>
              <Group gap="xs">
                <Button
                  variant="default"
                  size="xs"
                  disabled={page === 0}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  {t(m.previous)}
                </Button>
                <Button
                  variant="default"
                  size="xs"
                  disabled={!rows.hasNextPage || !rows.endCursor}
                  onClick={() => setCursors((c) => [...c, rows.endCursor ?? null])}
                >
                  {t(m.next)}
                </Button>
              </Group>
            </Group>
          </Stack>
        )}
      </QueryState>
    </section>
  );
}
