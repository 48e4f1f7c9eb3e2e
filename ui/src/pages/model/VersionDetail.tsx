// The selected version: aliases and integrity, metrics, signature, the training run and the dataset
// versions it used, evaluations, and the deployments serving it.
import { Anchor, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '../../components/PageState';
import type { ModelPageVersionQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { m } from './messages';
import { RequestDeploymentLink } from '../deploy/RequestDeploymentLink';
import { chartable, scalarMetrics } from './metrics';
import { MetricsChart } from './MetricsChart';
import { ModelPageVersion } from './queries';
import { SignatureTables } from './SignatureTables';
import { IntegrityBadge } from './VersionsTable';
import { ScrollTable, StatusBadge } from '../dataset/widgets';

type Version = NonNullable<ModelPageVersionQuery['modelVersion']>;

export function VersionDetail({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const query = useGql(ModelPageVersion, { id: versionId });
  return (
    <QueryState query={{ ...query, data: query.data?.modelVersion }} what={t(m.modelVersion)}>
      {(version) => <Detail version={version} />}
    </QueryState>
  );
}

function Detail({ version }: { version: Version }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const compliance = useCan('compliance');
  const metrics = Object.entries(scalarMetrics(version.metrics));
  const run = version.trainingRun;
  return (
    <section aria-labelledby="model-version-detail">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={2} id="model-version-detail">
            {t(m.selectedVersion, { n: version.version })}
          </Title>
          <Group gap="xs">
            {version.aliases.map((a) => (
              <StatusBadge key={a} tone="accent" filled testId="alias">
                {a}
              </StatusBadge>
            ))}
            <IntegrityBadge integrity={version.integrity} />
            <Text size="sm">
              {version.format} · {version.framework} · {fmt.bytes(version.artifactSize)}
            </Text>
            <Text size="sm">
              {t(m.digest)}: <Code>{version.artifactDigest.slice(0, 16)}</Code>
            </Text>
            {compliance && (
              <Anchor component={Link} to={lineagePath(version.id)} size="sm">
                {t(m.lineage)}
              </Anchor>
            )}
            <RequestDeploymentLink modelVersionId={version.id} />
          </Group>
        </Stack>
        <Stack gap="xs">
          <Title order={3}>{t(m.metrics)}</Title>
          {metrics.length === 0 ? (
            <Text c="gray.7">{t(m.noMetrics)}</Text>
          ) : (
            <Group align="flex-start" grow>
              <MetricsChart
                title={t(m.metrics)}
                data={chartable(
                  metrics.map(([name, value]) => ({ name, value })),
                  (r) => [r.value],
                )}
                series={[{ key: 'value', name: t(m.selectedVersion, { n: version.version }), color: '#1c7ed6' }]}
              />
              <Table data-testid="version-metrics" maw={360}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(m.metric)}</Table.Th>
                    <Table.Th>{t(m.value)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {metrics.map(([name, value]) => (
                    <Table.Tr key={name}>
                      <Table.Td>{name}</Table.Td>
                      <Table.Td>{fmt.number(value, 4)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Group>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={3}>{t(m.signature)}</Title>
          <SignatureTables signature={version.signature} />
        </Stack>
        <Stack gap="xs">
          <Title order={3}>{t(m.trainingRun)}</Title>
          {run ? (
            <Stack gap={4} data-testid="training-run">
              <Text>
                <Anchor component={Link} to={entityPath('TRAINING_RUN', run.id)} data-testid="training-run-link">
                  <Code>{run.id}</Code>
                </Anchor>{' '}
                {t(m.runSummary, { algorithm: run.algorithm, status: run.status })}
                {run.startedAt ? ` · ${fmt.dateTime(run.startedAt)}` : ''}
              </Text>
              {compliance && (
                <Anchor component={Link} to={lineagePath(run.id)}>
                  {t(m.runLineage)}
                </Anchor>
              )}
              <Group gap="xs">
                <Text fw={500}>{t(m.trainedOn)}:</Text>
                {run.usedDatasetVersions.map((dv) => (
                  <Anchor key={dv.id} component={Link} to={entityPath('DATASET_VERSION', dv.id, dv.datasetId)}>
                    {(dv.dataset?.name ?? dv.datasetId) + ` v${dv.version}`}
                  </Anchor>
                ))}
              </Group>
            </Stack>
          ) : (
            <Text c="gray.7">{t(m.noTrainingRun)}</Text>
          )}
        </Stack>
        <Evaluations evaluations={version.evaluations} />
        <Stack gap="xs">
          <Title order={3}>{t(m.deployments)}</Title>
          {version.deployments.length === 0 ? (
            <Text c="gray.7">{t(m.noDeployments)}</Text>
          ) : (
            <Group gap="md">
              {version.deployments.map((d) => (
                <Anchor key={d.id} component={Link} to={entityPath('DEPLOYMENT', d.id)}>
                  {d.name} ({d.status}
                  {d.executionProvider ? `, ${d.executionProvider}` : ''})
                </Anchor>
              ))}
            </Group>
          )}
        </Stack>
      </Stack>
    </section>
  );
}

function Evaluations({ evaluations }: { evaluations: Version['evaluations'] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Stack gap="xs">
      <Title order={3}>{t(m.evaluations)}</Title>
      {evaluations.length === 0 ? (
        <Text c="gray.7">{t(m.noEvaluations)}</Text>
      ) : (
        <ScrollTable label={t(m.evaluations)} minWidth={700}>
          <Table striped data-testid="evaluations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(m.colKind)}</Table.Th>
                <Table.Th>{t(m.colStatus)}</Table.Th>
                <Table.Th>{t(m.colData)}</Table.Th>
                <Table.Th>{t(m.colRows)}</Table.Th>
                <Table.Th>{t(m.colMetrics)}</Table.Th>
                <Table.Th>{t(m.colAt)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {evaluations.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.kind}</Table.Td>
                  <Table.Td>{e.status}</Table.Td>
                  <Table.Td>
                    {e.usedDatasetVersions.map((dv) => (
                      <Anchor
                        key={dv.id}
                        component={Link}
                        to={entityPath('DATASET_VERSION', dv.id, dv.datasetId)}
                        mr="xs"
                      >
                        v{dv.version}
                      </Anchor>
                    ))}
                  </Table.Td>
                  <Table.Td>{e.rows == null ? '–' : fmt.number(e.rows)}</Table.Td>
                  <Table.Td>
                    {Object.entries(scalarMetrics(e.metrics))
                      .map(([k, n]) => `${k} ${fmt.number(n, 4)}`)
                      .join(' · ')}
                  </Table.Td>
                  <Table.Td>{e.at ? fmt.dateTime(e.at) : '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
