// A model's versions, newest first, with their numeric metrics; one selected (?version=).
import { Button, Group, Table, Text, Title } from '@mantine/core';
import type { ModelPageModelQuery } from '../../gql/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';
import { scalarMetrics } from './metrics';
import { ScrollTable, StatusBadge } from '../dataset/widgets';

type Version = NonNullable<ModelPageModelQuery['model']>['versions'][number];

const INTEGRITY_TONE: Record<string, 'good' | 'bad'> = { VERIFIED: 'good', TAMPERED: 'bad', MISSING: 'bad' };

export function IntegrityBadge({ integrity }: { integrity: string }) {
  const { t } = useI18n();
  const known = integrity === 'VERIFIED' || integrity === 'TAMPERED' || integrity === 'MISSING';
  return <StatusBadge tone={INTEGRITY_TONE[integrity] ?? 'neutral'}>{known ? t(m[integrity]) : integrity}</StatusBadge>;
}

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
    <section aria-labelledby="model-versions">
      <Title order={2} id="model-versions" mb="xs">
        {t(m.versions)}
      </Title>
      {versions.length === 0 ? (
        <Text c="gray.7">{t(m.noVersions)}</Text>
      ) : (
        <ScrollTable label={t(m.versions)} minWidth={800}>
          <Table striped highlightOnHover data-testid="model-versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(m.colVersion)}</Table.Th>
                <Table.Th>{t(m.colAliases)}</Table.Th>
                <Table.Th>{t(m.colMetrics)}</Table.Th>
                <Table.Th>{t(m.colFramework)}</Table.Th>
                <Table.Th>{t(m.colSize)}</Table.Th>
                <Table.Th>{t(m.colIntegrity)}</Table.Th>
                <Table.Th>{t(m.colCreated)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...versions].reverse().map((v) => {
                const isSelected = v.id === selectedId;
                return (
                  <Table.Tr key={v.id} bg={isSelected ? 'var(--mantine-color-blue-light)' : undefined}>
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
                      <Group gap={4}>
                        {v.aliases.map((a) => (
                          <StatusBadge key={a} tone="accent" filled>
                            {a}
                          </StatusBadge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {Object.entries(scalarMetrics(v.metrics))
                        .slice(0, 4)
                        .map(([k, n]) => `${k} ${fmt.number(n, 4)}`)
                        .join(' · ')}
                    </Table.Td>
                    <Table.Td>{v.framework}</Table.Td>
                    <Table.Td>{fmt.bytes(v.artifactSize)}</Table.Td>
                    <Table.Td>
                      <IntegrityBadge integrity={v.integrity} />
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
