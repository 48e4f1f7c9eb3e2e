// /automl-studies/:id: a study's progress (polled while RUNNING), its leaderboard of trials, each
// trial's curve, and links to the dataset version, the best run and the registered model version.
import { Alert, Anchor, Code, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import type { AutoMlStudyPageStudyQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { m } from './messages';
import { AutoMLStudyPageStudy, TrainingFormOptions } from './queries';
import { rankTrials } from './ranking';
import { TrialCurves } from './TrialCurves';
import { KeyValues, formatValue, StatusBadge } from './widgets';

type Study = NonNullable<AutoMlStudyPageStudyQuery['autoMLStudy']>;

const paramText = (params: unknown, fmt: (n: number, d?: number) => string): string =>
  Object.entries((params ?? {}) as Record<string, unknown>)
    // The trial's own hyperparameters; task, target and seeds are the study's.
    .filter(([k]) => !['task', 'targetColumn', 'seed', 'trial'].includes(k))
    .map(([k, v]) => `${k}=${formatValue(v, fmt)}`)
    .join(', ');

function Leaderboard({ study, lowerIsBetter }: { study: Study; lowerIsBetter: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const ranked = rankTrials(study.trials, lowerIsBetter);
  if (ranked.length === 0) return <Text c="gray.7">{t(m.noTrials)}</Text>;
  return (
    <Table striped withTableBorder data-testid="leaderboard">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t(m.rank)}</Table.Th>
          <Table.Th scope="col">{t(m.trial)}</Table.Th>
          <Table.Th scope="col">{t(m.algorithm)}</Table.Th>
          <Table.Th scope="col">{t(m.params)}</Table.Th>
          <Table.Th scope="col">{t(m.score, { metric: study.metric })}</Table.Th>
          <Table.Th scope="col">{t(m.rung)}</Table.Th>
          <Table.Th scope="col">{t(m.status)}</Table.Th>
          <Table.Th scope="col">{t(m.error)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ranked.map((trial, i) => (
          <Table.Tr key={trial.index} data-testid="trial-row">
            <Table.Td>{trial.validationScore == null ? '—' : i + 1}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={entityPath('TRAINING_RUN', trial.run.id)}>
                {t(m.trialN, { n: trial.index })}
              </Anchor>
            </Table.Td>
            <Table.Td>{trial.run.algorithm}</Table.Td>
            <Table.Td style={{ fontSize: 12 }}>{paramText(trial.run.params, fmt.number)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>
              {trial.validationScore == null ? '—' : fmt.number(trial.validationScore, 4)}
            </Table.Td>
            <Table.Td>{trial.rung}</Table.Td>
            <Table.Td>
              <StatusBadge status={trial.status} />
            </Table.Td>
            <Table.Td style={{ fontSize: 12 }}>
              {trial.error ? `${trial.error.code}: ${trial.error.message}` : ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function StudyView({ study }: { study: Study }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const options = useGql(TrainingFormOptions, {}, { staleTime: Infinity });
  const settings = (study.settings ?? {}) as { datasetVersionId?: string; task?: string; targetColumn?: string };
  const lowerIsBetter =
    options.data?.trainingOptions.tasks.some((task) => task.minimizedMetrics.includes(study.metric)) ?? false;
  const p = study.progress;
  const percent = p && p.totalTrials > 0 ? Math.round((100 * p.completedTrials) / p.totalTrials) : 0;
  return (
    <Stack gap="lg">
      <Group gap="sm" align="center">
        <Title order={1}>{t(m.studyTitle, { metric: study.metric })}</Title>
        <StatusBadge status={study.status} size="lg" testId="study-status" />
      </Group>
      <Text c="gray.7">
        <Code>{study.id}</Code> · {study.strategy}
        {settings.targetColumn ? ` · ${t(m.target)} ${settings.targetColumn}` : ''}
        {study.startedAt ? ` · ${t(m.started)} ${fmt.dateTime(study.startedAt)}` : ''}
      </Text>
      {p && (
        <Stack gap={4} data-testid="study-progress">
          <Text fw={500}>
            {t(m.studyProgress, {
              phase: p.phase,
              rung: p.rung + 1,
              rungs: p.rungs,
              completed: p.completedTrials,
              total: p.totalTrials,
            })}
          </Text>
          <Progress value={percent} animated aria-label={t(m.progress)} />
        </Stack>
      )}
      <Stack gap={4}>
        {settings.datasetVersionId && (
          <Group gap="xs">
            <Text fw={500}>{t(m.usedData)}:</Text>
            <Anchor component={Link} to={entityPath('DATASET_VERSION', settings.datasetVersionId)}>
              {settings.datasetVersionId}
            </Anchor>
          </Group>
        )}
        <Group gap="xs">
          <Text fw={500}>{t(m.bestRun)}:</Text>
          {study.bestRun ? (
            <Anchor
              component={Link}
              to={entityPath('TRAINING_RUN', study.bestRun.id)}
              data-testid="best-run"
              data-run-id={study.bestRun.id}
            >
              {study.bestRun.algorithm}
            </Anchor>
          ) : (
            <Text c="gray.7">{t(m.none)}</Text>
          )}
        </Group>
        <Group gap="xs">
          <Text fw={500}>{t(m.registeredVersion)}:</Text>
          {study.modelVersion ? (
            <Anchor
              component={Link}
              to={entityPath('MODEL_VERSION', study.modelVersion.id, study.modelVersion.model.id)}
              data-testid="study-model-version"
              data-version-id={study.modelVersion.id}
            >
              {`${study.modelVersion.model.name} v${study.modelVersion.version}`}
            </Anchor>
          ) : (
            <Text c="gray.7">{t(m.none)}</Text>
          )}
        </Group>
      </Stack>
      {study.error && (
        <Alert
          color="red"
          role="alert"
          title={t(m.failureAt, { step: study.error.step, code: study.error.code })}
          data-testid="study-error"
        >
          {study.error.message}
        </Alert>
      )}
      <section aria-labelledby="study-leaderboard">
        <Title order={2} id="study-leaderboard" mb="xs">
          {t(m.leaderboard)}
        </Title>
        <Stack gap="lg">
          <Leaderboard study={study} lowerIsBetter={lowerIsBetter} />
          {study.trials.length > 0 && <TrialCurves trials={study.trials} metric={study.metric} />}
        </Stack>
      </section>
      {study.testMetrics != null && (
        <section aria-labelledby="study-test">
          <Title order={2} id="study-test" mb="xs">
            {t(m.testMetrics)}
          </Title>
          <KeyValues
            entries={Object.entries(study.testMetrics as Record<string, unknown>).filter(
              ([, v]) => typeof v === 'number',
            )}
          />
        </section>
      )}
    </Stack>
  );
}

export function AutoMLStudyPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(
    AutoMLStudyPageStudy,
    { id },
    { refetchInterval: (q) => (q.state.data?.autoMLStudy?.status === 'RUNNING' ? 1500 : false) },
  );
  return (
    <QueryState query={{ ...query, data: query.data?.autoMLStudy }} what={t(m.study)}>
      {(study) => <StudyView study={study} />}
    </QueryState>
  );
}
