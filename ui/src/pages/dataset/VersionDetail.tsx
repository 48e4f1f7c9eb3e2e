// The selected version: where it came from (derived-from versions, recipe, import source, lineage),
// its profile and a page of its rows.
import { Alert, Anchor, Code, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { m } from './messages';
import { ProfileCharts } from './ProfileCharts';
import { DatasetPageVersion } from './queries';
import { RowPreview } from './RowPreview';
import { TrainingPanel } from '../training/TrainingPanel';

export function VersionDetail({ versionId, number }: { versionId: string; number: number }) {
  const { t } = useI18n();
  const compliance = useCan('compliance');
  const query = useGql(DatasetPageVersion, { id: versionId });
  return (
    <section aria-labelledby="dataset-version-detail">
      <Title order={2} id="dataset-version-detail" mb="xs">
        {t(m.selectedVersion, { n: number })}
      </Title>
      <QueryState query={{ ...query, data: query.data?.datasetVersion }} what={t(m.datasetVersion)}>
        {(version) => (
          <Stack gap="lg">
            <Stack gap={4} aria-label={t(m.neighbours)}>
              <Group gap="xs">
                <Text fw={500}>{t(m.derivedFrom)}:</Text>
                {version.derivedFrom.length === 0 ? (
                  <Text c="gray.7">{t(m.notDerived)}</Text>
                ) : (
                  version.derivedFrom.map((d) => (
                    <Anchor key={d.id} component={Link} to={entityPath('DATASET_VERSION', d.id, d.datasetId)}>
                      {(d.dataset?.name ?? d.datasetId) + ` v${d.version}`}
                    </Anchor>
                  ))
                )}
              </Group>
              {version.recipe && (
                <Stack gap={2}>
                  <Text>
                    <Text span fw={500}>
                      {t(m.recipe)}:
                    </Text>{' '}
                    {t(m.recipeStatus, { name: version.recipe.name, status: version.recipe.status })}
                  </Text>
                  {version.recipe.sql && <Code block>{version.recipe.sql}</Code>}
                </Stack>
              )}
              {version.sourceUri && <Text>{t(m.source, { uri: version.sourceUri })}</Text>}
              {compliance && (
                <Anchor component={Link} to={lineagePath(version.id)}>
                  {t(m.lineage)}
                </Anchor>
              )}
            </Stack>
            <Stack gap="xs">
              <Title order={3}>{t(m.profile)}</Title>
              {version.profileStatus === 'PENDING' && <Text c="gray.7">{t(m.profilePending)}</Text>}
              {version.profileStatus === 'FAILED' && (
                <Alert color="red" role="alert">
                  {t(m.profileFailed, { error: version.profileError ?? '' })}
                </Alert>
              )}
              {version.profileStatus == null && <Text c="gray.7">{t(m.profileNone)}</Text>}
              {version.profile != null && <ProfileCharts profile={version.profile} />}
            </Stack>
            {version.profileStatus != null && <RowPreview versionId={version.id} />}
            <TrainingPanel versionId={version.id} />
          </Stack>
        )}
      </QueryState>
    </section>
  );
}
