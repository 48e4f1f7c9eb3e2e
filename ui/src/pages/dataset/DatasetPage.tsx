// The dataset page (/datasets/:id?version=<version id>): what the dataset is, its versions, and for the
// selected version its profile, rows, neighbours in the graph; sharing for the owner org's scientists.
import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import type { DatasetPageDatasetQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { m } from './messages';
import { DatasetPageDataset, DatasetPageVersionParent } from './queries';
import { SharePanel } from './SharePanel';
import { VersionDetail } from './VersionDetail';
import { VersionsTable } from './VersionsTable';
import { StatusBadge } from './widgets';

export function DatasetPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(DatasetPageDataset, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.dataset }} what={t(m.dataset)}>
      {(dataset) => <DatasetView dataset={dataset} />}
    </QueryState>
  );
}

export type Dataset = NonNullable<DatasetPageDatasetQuery['dataset']>;

function DatasetView({ dataset }: { dataset: Dataset }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const compliance = useCan('compliance');
  const [params, setParams] = useSearchParams();
  const asked = params.get('version');
  // No version named: the latest one is shown (versions come oldest first).
  const selected = dataset.versions.find((v) => v.id === asked) ?? dataset.versions.at(-1) ?? null;
  const select = (versionId: string) =>
    setParams(
      (p) => {
        p.set('version', versionId);
        return p;
      },
      { replace: false },
    );
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{dataset.name}</Title>
        <Group gap="xs">
          <StatusBadge tone={dataset.archived ? 'neutral' : 'good'}>
            {t(dataset.archived ? m.archived : m.active)}
          </StatusBadge>
          {dataset.owner && (
            <Text size="sm">
              {t(m.owner)}:{' '}
              <Anchor component={Link} to={entityPath('ORG', dataset.owner.id)}>
                {dataset.owner.name}
              </Anchor>
            </Text>
          )}
          <Text size="sm" c="gray.7">
            {t(m.created, { at: fmt.dateTime(dataset.createdAt), by: dataset.createdBy })}
          </Text>
          {compliance && (
            <Anchor component={Link} to={lineagePath(dataset.id)} size="sm">
              {t(m.datasetLineage)}
            </Anchor>
          )}
        </Group>
        {dataset.description && <Text>{dataset.description}</Text>}
        {dataset.tags.length > 0 && (
          <Group gap={4} aria-label={t(m.tags)}>
            {dataset.tags.map((tag) => (
              <Badge key={tag} variant="outline" color="#3b4a9e" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
      <VersionsTable versions={dataset.versions} selectedId={selected?.id ?? null} onSelect={select} />
      <SharePanel dataset={dataset} />
      <Stack gap={4}>
        <Title order={2}>{t(m.models)}</Title>
        {dataset.models.length === 0 ? (
          <Text c="gray.7">{t(m.noModels)}</Text>
        ) : (
          <Group gap="md">
            {dataset.models.map((model) => (
              <Anchor key={model.id} component={Link} to={entityPath('MODEL', model.id)}>
                {model.name}
              </Anchor>
            ))}
          </Group>
        )}
      </Stack>
      {selected && <VersionDetail key={selected.id} versionId={selected.id} number={selected.version} />}
    </Stack>
  );
}

/** /dataset-versions/:id: finds the version's dataset, then shows it on the dataset page. */
export function DatasetVersionRedirect() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const query = useGql(DatasetPageVersionParent, { id });
  const version = query.data?.datasetVersion;
  useEffect(() => {
    if (version) void navigate(entityPath('DATASET_VERSION', version.id, version.datasetId), { replace: true });
  }, [version, navigate]);
  return (
    <QueryState query={{ ...query, data: query.data?.datasetVersion }} what={t(m.datasetVersion)}>
      {() => null}
    </QueryState>
  );
}
