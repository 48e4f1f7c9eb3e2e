// Active learning on a project, for its owners: a start form (empty optional fields take the API's
// defaults), then each run: status, stop reason, error, a per-round table, accuracy against labels beside
// the random baseline, and a cancel button while RUNNING. Runs are polled while one is RUNNING.
import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { ActiveLearningChart } from './ActiveLearningChart';
import { lm } from './loop-messages';
import { LabelingActiveLearningRuns, LabelingCancelActiveLearning, LabelingStartActiveLearning } from './loop-queries';
import { statusColor } from './PreAnnotatePanel';

const STRATEGIES = ['LEAST_CONFIDENCE', 'MARGIN', 'ENTROPY', 'RANDOM'] as const;
type Strategy = (typeof STRATEGIES)[number];

export function ActiveLearningPanel({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    strategy: '',
    diversity: '',
    batchSize: '10',
    budget: '100',
    evalSize: '20',
    plateauRounds: '',
    plateauEpsilon: '',
    annotators: 'annotator, annotator2',
  });
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };
  const start = useGqlMutation(LabelingStartActiveLearning);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['LabelingActiveLearningRuns'] });
    void queryClient.invalidateQueries({ queryKey: ['LabelingProjectPageProject'] });
    void queryClient.invalidateQueries({ queryKey: ['LabelingProjectTasks'] });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Numbers go as typed (NaN included) so the API, the authority, names a bad field; left empty, an
    // optional field is omitted and the API's default applies.
    const num = (s: string) => Number(s.trim());
    const input = {
      batchSize: num(form.batchSize),
      budget: num(form.budget),
      evalSize: num(form.evalSize),
      annotators: form.annotators
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      ...(form.strategy ? { strategy: form.strategy as Strategy } : {}),
      ...(form.diversity ? { diversity: form.diversity === 'on' } : {}),
      ...(form.plateauRounds.trim() ? { plateauRounds: num(form.plateauRounds) } : {}),
      ...(form.plateauEpsilon.trim() ? { plateauEpsilon: num(form.plateauEpsilon) } : {}),
    };
    start.mutate({ projectId, input }, { onSuccess: refresh });
  };
  const defaultHint = t(lm.serverDefault);
  return (
    <Stack gap="xs" data-testid="active-learning">
      <Title order={2}>{t(lm.alTitle)}</Title>
      <Text size="sm">{t(lm.alIntro)}</Text>
      <form onSubmit={submit} aria-label={t(lm.alTitle)}>
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <NativeSelect
              label={t(lm.strategy)}
              value={form.strategy}
              onChange={set('strategy')}
              data-testid="al-strategy"
              data={[{ value: '', label: t(lm.byDefault) }, ...STRATEGIES.map((s) => ({ value: s, label: t(lm[s]) }))]}
            />
            <NativeSelect
              label={t(lm.diversity)}
              value={form.diversity}
              onChange={set('diversity')}
              data={[
                { value: '', label: t(lm.byDefault) },
                { value: 'on', label: t(lm.on) },
                { value: 'off', label: t(lm.off) },
              ]}
            />
            <TextInput
              label={t(lm.batchSize)}
              inputMode="numeric"
              value={form.batchSize}
              onChange={set('batchSize')}
              data-testid="al-batch"
            />
            <TextInput
              label={t(lm.budget)}
              inputMode="numeric"
              value={form.budget}
              onChange={set('budget')}
              data-testid="al-budget"
            />
            <TextInput
              label={t(lm.evalSize)}
              inputMode="numeric"
              value={form.evalSize}
              onChange={set('evalSize')}
              data-testid="al-eval"
            />
            <TextInput
              label={t(lm.plateauRounds)}
              inputMode="numeric"
              placeholder={defaultHint}
              value={form.plateauRounds}
              onChange={set('plateauRounds')}
              data-testid="al-plateau"
            />
            <TextInput
              label={t(lm.plateauEpsilon)}
              inputMode="decimal"
              placeholder={defaultHint}
              value={form.plateauEpsilon}
              onChange={set('plateauEpsilon')}
            />
            <TextInput
              label={t(lm.annotators)}
              value={form.annotators}
              onChange={set('annotators')}
              data-testid="al-annotators"
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" color="blue.9" loading={start.isPending} data-testid="al-start">
              {t(lm.alStart)}
            </Button>
          </Group>
        </Stack>
      </form>
      {start.error && (
        <Alert color="red" role="alert" title={t(lm.alFailed)} data-testid="al-error">
          {start.error.message}
        </Alert>
      )}
      <AlRuns projectId={projectId} onChange={refresh} />
    </Stack>
  );
}

function AlRuns({ projectId, onChange }: { projectId: string; onChange: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const runs = useGql(
    LabelingActiveLearningRuns,
    { id: projectId },
    {
      refetchInterval: (q) =>
        q.state.data?.labelingProject?.activeLearningRuns.some((r) => r.status === 'RUNNING') ? 1500 : false,
    },
  );
  const cancel = useGqlMutation(LabelingCancelActiveLearning);
  const list = runs.data?.labelingProject?.activeLearningRuns ?? [];
  if (runs.error)
    return (
      <Alert color="red" role="alert">
        {runs.error.message}
      </Alert>
    );
  return (
    <Stack gap="md">
      <Title order={3}>{t(lm.alRuns)}</Title>
      {list.length === 0 && <Text>{t(lm.noAlRuns)}</Text>}
      {cancel.error && (
        <Alert color="red" role="alert" title={t(lm.cancelFailed)}>
          {cancel.error.message}
        </Alert>
      )}
      {list.map((run) => {
        const at = fmt.dateTime(run.createdAt);
        const last = run.rounds.at(-1);
        return (
          <Stack key={run.id} gap={6} data-testid="al-run" data-status={run.status} data-rounds={run.rounds.length}>
            <Group gap="sm">
              <Badge color={statusColor(run.status)} data-testid="al-status">
                {t(lm[run.status])}
              </Badge>
              <Text size="sm">
                {t(lm.runHeading, {
                  at,
                  by: run.createdBy,
                  strategy: `${t(lm[run.strategy])}${run.diversity ? ' + k-center' : ''}`,
                  batch: run.batchSize,
                  budget: run.budget,
                })}
              </Text>
              {run.status === 'RUNNING' && (
                <Button
                  size="xs"
                  variant="outline"
                  color="red.9"
                  loading={cancel.isPending && cancel.variables?.id === run.id}
                  data-testid="al-cancel"
                  onClick={() => cancel.mutate({ id: run.id }, { onSuccess: onChange })}
                >
                  {t(lm.cancel)}
                </Button>
              )}
            </Group>
            {run.stopReason && (
              <Text size="sm" data-testid="al-stop-reason">
                {t(lm.stopped, { reason: t(lm[run.stopReason]) })}
              </Text>
            )}
            {run.error && (
              <Alert color="red" role="alert">
                {run.error}
              </Alert>
            )}
            {run.status === 'RUNNING' && last && last.batch.length > 0 && (
              <Text size="sm" role="status">
                {t(lm.waiting, { n: last.round })}
              </Text>
            )}
            {run.rounds.length > 0 && (
              <Table data-testid="al-rounds">
                <Table.Caption>{t(lm.roundsOf, { at })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(lm.colRound)}</Table.Th>
                    <Table.Th>{t(lm.colLabels)}</Table.Th>
                    <Table.Th>{t(lm.colAccuracy)}</Table.Th>
                    <Table.Th>{t(lm.colBaseline)}</Table.Th>
                    <Table.Th>{t(lm.colEvaluated)}</Table.Th>
                    <Table.Th>{t(lm.colPool)}</Table.Th>
                    <Table.Th>{t(lm.colSent)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {run.rounds.map((r) => (
                    <Table.Tr key={r.round} data-testid="al-round" data-round={r.round}>
                      <Table.Td>{r.round}</Table.Td>
                      <Table.Td>{r.labels}</Table.Td>
                      <Table.Td>
                        {r.accuracy === null || r.accuracy === undefined ? '–' : fmt.number(r.accuracy, 3)}
                      </Table.Td>
                      <Table.Td>
                        {r.baselineAccuracy === null || r.baselineAccuracy === undefined
                          ? '–'
                          : fmt.number(r.baselineAccuracy, 3)}
                      </Table.Td>
                      <Table.Td>{r.evaluated}</Table.Td>
                      <Table.Td>{r.pool}</Table.Td>
                      <Table.Td>{r.batch.length}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <ActiveLearningChart rounds={run.rounds} />
          </Stack>
        );
      })}
    </Stack>
  );
}
