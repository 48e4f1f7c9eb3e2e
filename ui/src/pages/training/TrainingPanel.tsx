// The dataset version page's training section: the runs and studies that used the version (for anyone
// who sees it) and, for data scientists on a VERIFIED version, the two forms.
import { Anchor, Group, List, Stack, Tabs, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { readProfile } from '../dataset/profile';
import { AutoMLForm } from './AutoMLForm';
import { m } from './messages';
import { TrainingFormOptions, TrainingPanelModels, TrainingPanelVersion } from './queries';
import { TrainForm } from './TrainForm';
import { StatusBadge } from './widgets';

function Forms({
  versionId,
  profile,
  trainedModels,
}: {
  versionId: string;
  profile: unknown;
  trainedModels: { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const options = useGql(TrainingFormOptions, {}, { staleTime: Infinity });
  const models = useGql(TrainingPanelModels, {});
  const table = readProfile(profile);
  if (!table || table.kind !== 'table' || table.columns.length === 0) return <Text c="gray.7">{t(m.noColumns)}</Text>;
  const combined = {
    ...options,
    data: options.data && models.data ? { options: options.data, models: models.data } : undefined,
    error: options.error ?? models.error,
    isPending: options.isPending || models.isPending,
  };
  return (
    <QueryState query={combined} what={t(m.training)}>
      {({ options: o, models: ms }) => {
        // Models already trained on this dataset first: the likeliest target of another run.
        const all = ms.models.edges.map((e) => e.node);
        const ordered = [...trainedModels, ...all.filter((x) => !trainedModels.some((tm) => tm.id === x.id))];
        return (
          <Tabs defaultValue="train" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="train">{t(m.trainTab)}</Tabs.Tab>
              <Tabs.Tab value="automl">{t(m.automlTab)}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="train" pt="sm">
              <TrainForm
                datasetVersionId={versionId}
                options={o.trainingOptions}
                models={ordered}
                columns={table.columns}
              />
            </Tabs.Panel>
            <Tabs.Panel value="automl" pt="sm">
              <AutoMLForm
                datasetVersionId={versionId}
                options={o.trainingOptions}
                models={ordered}
                columns={table.columns}
              />
            </Tabs.Panel>
          </Tabs>
        );
      }}
    </QueryState>
  );
}

export function TrainingPanel({ versionId }: { versionId: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const canTrain = useCan('model.write');
  const query = useGql(TrainingPanelVersion, { id: versionId });
  return (
    <section aria-labelledby="dataset-version-training">
      <Title order={3} id="dataset-version-training" mb="xs">
        {t(m.training)}
      </Title>
      <QueryState query={{ ...query, data: query.data?.datasetVersion }} what={t(m.training)}>
        {(version) => (
          <Stack gap="md">
            <Group align="flex-start" grow>
              <Stack gap={4} data-testid="training-runs">
                <Text fw={500}>{t(m.recentRuns)}</Text>
                {version.trainingRuns.length === 0 ? (
                  <Text c="gray.7">{t(m.noRuns)}</Text>
                ) : (
                  <List listStyleType="none" spacing={2}>
                    {version.trainingRuns.map((r) => (
                      <List.Item key={r.id}>
                        <Anchor component={Link} to={entityPath('TRAINING_RUN', r.id)}>
                          {r.algorithm}
                        </Anchor>{' '}
                        <StatusBadge status={r.status} size="sm" /> {r.startedAt ? fmt.dateTime(r.startedAt) : ''}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Stack>
              <Stack gap={4} data-testid="automl-studies">
                <Text fw={500}>{t(m.recentStudies)}</Text>
                {version.autoMLStudies.length === 0 ? (
                  <Text c="gray.7">{t(m.noRuns)}</Text>
                ) : (
                  <List listStyleType="none" spacing={2}>
                    {version.autoMLStudies.map((s) => (
                      <List.Item key={s.id}>
                        <Anchor component={Link} to={entityPath('AUTOML_STUDY', s.id)}>
                          {s.metric}
                        </Anchor>{' '}
                        <StatusBadge status={s.status} size="sm" /> {s.startedAt ? fmt.dateTime(s.startedAt) : ''}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            </Group>
            {canTrain &&
              (version.integrity === 'VERIFIED' ? (
                <Forms versionId={version.id} profile={version.profile} trainedModels={version.dataset?.models ?? []} />
              ) : (
                <Text c="gray.7" data-testid="training-not-verified">
                  {t(m.notVerified, { integrity: version.integrity })}
                </Text>
              ))}
          </Stack>
        )}
      </QueryState>
    </section>
  );
}
