// A dataset's versions, newest first, one selected: the row's button puts it in the URL (?version=).
import { Button, Code, Table, Text, Title, Tooltip } from '@mantine/core';
import type { DatasetPageDatasetQuery } from '../../gql/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';
import { ScrollTable, StatusBadge } from './widgets';

type Version = NonNullable<DatasetPageDatasetQuery['dataset']>['versions'][number];

const INTEGRITY_TONE = { VERIFIED: 'good', TAMPERED: 'bad', MISSING: 'bad', UNVERIFIED: 'neutral' } as const;

export function VersionsTable({
  versions,
  selectedId,
  onSelect,
}: {
  versions: Version[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <section aria-labelledby="dataset-versions">
      <Title order={2} id="dataset-versions" mb="xs">
        {t(m.versions)}
      </Title>
      {versions.length === 0 ? (
        <Text c="gray.7">{t(m.noVersions)}</Text>
      ) : (
        <ScrollTable label={t(m.versions)} minWidth={800}>
          <Table striped highlightOnHover data-testid="dataset-versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(m.colVersion)}</Table.Th>
                <Table.Th>{t(m.colDigest)}</Table.Th>
                <Table.Th>{t(m.colSize)}</Table.Th>
                <Table.Th>{t(m.colRows)}</Table.Th>
                <Table.Th>{t(m.colFormat)}</Table.Th>
                <Table.Th>{t(m.colOrigin)}</Table.Th>
                <Table.Th>{t(m.colIntegrity)}</Table.Th>
                <Table.Th>{t(m.colCreated)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...versions].reverse().map((v) => {
                const isSelected = v.id === selectedId;
                return (
                  <Table.Tr
                    key={v.id}
                    aria-selected={isSelected}
                    bg={isSelected ? 'var(--mantine-color-blue-light)' : undefined}
                  >
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant={isSelected ? 'filled' : 'light'}
                        aria-pressed={isSelected}
                        aria-label={t(m.select, { n: v.version })}
                        onClick={() => onSelect(v.id)}
                      >
                        v{v.version}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={v.contentHash}>
                        <Code>{v.contentHash.slice(0, 12)}</Code>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>{v.size == null ? '–' : fmt.bytes(v.size)}</Table.Td>
                    <Table.Td>{fmt.number(v.rowCount)}</Table.Td>
                    <Table.Td>{v.format}</Table.Td>
                    <Table.Td>{v.origin}</Table.Td>
                    <Table.Td>
                      <StatusBadge tone={INTEGRITY_TONE[v.integrity]}>{t(m[v.integrity])}</StatusBadge>
                    </Table.Td>
                    <Table.Td>
                      {fmt.dateTime(v.createdAt)} · {v.createdBy}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </section>
  );
}
