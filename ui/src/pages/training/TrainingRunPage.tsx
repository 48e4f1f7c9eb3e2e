// /training-runs/:id: a run's status and live progress (polled while RUNNING), why it failed, its log,
// parameters, metrics and charts, and its neighbours (dataset versions used, model versions made, study).
import { Alert, Anchor, Code, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import type { TrainingRunPageRunQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { m } from './messages';
import { TrainingRunPageRun } from './queries';
import { RunCharts, hasCharts, type RunMetrics } from './RunCharts';
import { KeyValues, RunLog, StatusBadge } from './widgets';

type Run = NonNullable<TrainingRunPageRunQuery['trainingRun']>;

function Neighbours({ run }: { run: Run }) {
  const { t } = useI18n();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={500}>{t(m.usedData)}:</Text>
        {run.usedDatasetVersions.length === 0 && <Text c="gray.7">{t(m.none)}</Text>}
        {run.usedDatasetVersions.map((dv) => (
          <Anchor
            key={dv.id}
            component={Link}
            to={entityPath('DATASET_VERSION', dv.id, dv.datasetId)}
            data-testid="used-dataset-version"
          >
            {(dv.dataset?.name ?? dv.datasetId) + ` v${dv.version}`}
          </Anchor>
        ))}
      </Group>
      <Group gap="xs">
        <Text fw={500}>{t(m.generatedVersions)}:</Text>
        {run.generated.length === 0 && <Text c="gray.7">{t(m.none)}</Text>}
        {run.generated.map((v) => (
          <Anchor
            key={v.id}
            component={Link}
            to={entityPath('MODEL_VERSION', v.id, v.model.id)}
            data-testid="generated-version"
            data-version-id={v.id}
          >
            {`${v.model.name} v${v.version}`}
          </Anchor>
        ))}
      </Group>
      {run.study && (
        <Group gap="xs">
          <Text fw={500}>{t(m.studyOf)}:</Text>
          <Anchor component={Link} to={entityPath('AUTOML_STUDY', run.study.id)}>
            {run.study.metric}
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}

function Metrics({ run }: { run: Run }) {
  const { t } = useI18n();
  const metrics = (run.metrics ?? {}) as Record<string, unknown>;
  const scalars = Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number');
  return (
    <section aria-labelledby="run-metrics">
      <Title order={2} id="run-metrics" mb="xs">
        {t(m.metrics)}
      </Title>
      {scalars.length === 0 ? (
        <Text c="gray.7">{t(m.noMetrics)}</Text>
      ) : (
        <div data-testid="run-metrics">
          <KeyValues entries={scalars} />
        </div>
      )}
    </section>
  );
}

function Charts({ run }: { run: Run }) {
  const { t } = useI18n();
  const metrics = (run.metrics ?? {}) as RunMetrics;
  if (!hasCharts(metrics)) return null;
  return (
    <section aria-labelledby="run-charts">
      <Title order={2} id="run-charts" mb="xs">
        {t(m.charts)}
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="xl">
        <RunCharts metrics={metrics} />
      </SimpleGrid>
    </section>
  );
}

export function TrainingRunPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const fmt = useFormat();
  // Polls while the run is RUNNING (progress comes from the run log the steps write as they finish).
  const query = useGql(
    TrainingRunPageRun,
    { id },
    { refetchInterval: (q) => (q.state.data?.trainingRun?.status === 'RUNNING' ? 1000 : false) },
  );
  return (
    <QueryState query={{ ...query, data: query.data?.trainingRun }} what={t(m.trainingRun)}>
      {(run) => (
        <Stack gap="lg">
          <Group gap="sm" align="center">
            <Title order={1}>{t(m.runTitle, { algorithm: run.algorithm })}</Title>
            <StatusBadge status={run.status} size="lg" testId="run-status" />
          </Group>
          <Text c="gray.7">
            <Code>{run.id}</Code>
            {run.startedAt ? ` · ${t(m.started)} ${fmt.dateTime(run.startedAt)}` : ''}
            {run.endedAt ? ` · ${t(m.ended)} ${fmt.dateTime(run.endedAt)}` : ''}
          </Text>
          {run.progress && (
            <Stack gap={4} data-testid="run-progress">
              <Text fw={500}>{t(m.progressLabel, run.progress)}</Text>
              <Progress value={run.progress.percent} animated aria-label={t(m.progressLabel, run.progress)} />
            </Stack>
          )}
          <Neighbours run={run} />
          {run.error && (
            <Alert
              color="red"
              role="alert"
              title={t(m.failureAt, { step: run.error.step, code: run.error.code })}
              data-testid="run-error"
            >
              {run.error.message}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
            <section aria-labelledby="run-params">
              <Title order={2} id="run-params" mb="xs">
                {t(m.params)}
              </Title>
              <KeyValues entries={Object.entries((run.params ?? {}) as Record<string, unknown>)} />
            </section>
            <Metrics run={run} />
          </SimpleGrid>
          <Charts run={run} />
          <section aria-labelledby="run-log">
            <Title order={2} id="run-log" mb="xs">
              {t(m.log)}
            </Title>
            <RunLog entries={run.log} />
          </section>
        </Stack>
      )}
    </QueryState>
  );
}
