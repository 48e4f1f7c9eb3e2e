// "AutoML study": the task's metrics, the strategies and bounds, and the default search space per
// algorithm all come from trainingOptions; the space sent is the API's default space for the task,
// narrowed to the algorithms ticked.
import { Button, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { TrainingAlgorithm, TrainingFormOptionsQuery } from '../../gql/graphql';
import { useGqlMutation } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import type { ColumnProfile } from '../dataset/profile';
import { BasicFields, SubmitError, guessTask, type Task } from './formParts';
import { algorithmLabels, m, strategyLabels } from './messages';
import { AutoMLFormStart } from './queries';

type Options = TrainingFormOptionsQuery['trainingOptions'];

export function AutoMLForm({
  datasetVersionId,
  options,
  models,
  columns,
}: {
  datasetVersionId: string;
  options: Options;
  models: { id: string; name: string }[];
  columns: ColumnProfile[];
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const start = useGqlMutation(AutoMLFormStart);
  const { automl } = options;
  const [modelId, setModelId] = useState(models[0]?.id ?? '');
  const [target, setTarget] = useState(columns.at(-1)?.name ?? '');
  const [task, setTask] = useState<Task>(guessTask(columns.at(-1)));
  const taskOptions = options.tasks.find((x) => x.name === task)!;
  const [metric, setMetric] = useState('');
  const [strategy, setStrategy] = useState<string>(automl.strategies[0] ?? 'RANDOM');
  const [trials, setTrials] = useState<number | string>(Math.min(8, automl.trials.max));
  const [concurrency, setConcurrency] = useState<number | string>(Math.min(2, automl.concurrency.max));
  const [seed, setSeed] = useState<number | string>(42);
  // Unticked algorithms; the rest of the task's default space is searched.
  const [excluded, setExcluded] = useState<string[]>([]);
  const spaceAlgorithms = [...new Set(taskOptions.defaultSpace.map((d) => d.algorithm))];
  const chosenMetric = taskOptions.metrics.includes(metric) ? metric : (taskOptions.metrics[0] ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const space = taskOptions.defaultSpace
      .filter((d) => !excluded.includes(d.algorithm))
      .map((d) => ({ algorithm: d.algorithm, params: d.params as unknown }));
    start.mutate(
      {
        input: {
          datasetVersionId,
          modelId,
          targetColumn: target,
          task,
          space,
          trials: Number(trials),
          concurrency: Number(concurrency),
          metric: chosenMetric,
          strategy: strategy as 'RANDOM' | 'SUCCESSIVE_HALVING',
          seed: Number(seed),
        },
      },
      { onSuccess: (data) => void navigate(entityPath('AUTOML_STUDY', data.startAutoML.id)) },
    );
  };

  return (
    <form onSubmit={submit} aria-label={t(m.automlTab)} data-testid="automl-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <BasicFields
            idPrefix="automl"
            models={models}
            modelId={modelId}
            onModel={setModelId}
            columns={columns}
            target={target}
            onTarget={setTarget}
            tasks={options.tasks.map((x) => x.name as Task)}
            task={task}
            onTask={setTask}
          />
          <NativeSelect
            label={t(m.metric)}
            value={chosenMetric}
            onChange={(e) => setMetric(e.currentTarget.value)}
            data={taskOptions.metrics.map((name) => ({
              value: name,
              label: `${name} (${t(taskOptions.minimizedMetrics.includes(name) ? m.lowerBetter : m.higherBetter)})`,
            }))}
            required
          />
          <NativeSelect
            label={t(m.strategy)}
            value={strategy}
            onChange={(e) => setStrategy(e.currentTarget.value)}
            data={automl.strategies.map((s) => ({ value: s, label: t(strategyLabels[s]) }))}
            required
          />
          <NumberInput
            label={t(m.trials)}
            description={t(m.range, { min: automl.trials.min, max: automl.trials.max })}
            value={trials}
            onChange={setTrials}
            allowDecimal={false}
            clampBehavior="none"
          />
          <NumberInput
            label={t(m.concurrency)}
            description={t(m.range, { min: automl.concurrency.min, max: automl.concurrency.max })}
            value={concurrency}
            onChange={setConcurrency}
            allowDecimal={false}
            clampBehavior="none"
          />
          <NumberInput label={t(m.seed)} value={seed} onChange={setSeed} allowDecimal={false} />
        </SimpleGrid>
        <Checkbox.Group
          label={t(m.algorithms)}
          description={t(m.algorithmsHelp)}
          value={spaceAlgorithms.filter((a) => !excluded.includes(a))}
          onChange={(checked) => setExcluded(spaceAlgorithms.filter((a) => !checked.includes(a)))}
        >
          <Group mt={4}>
            {spaceAlgorithms.map((a) => (
              <Checkbox key={a} value={a} label={t(algorithmLabels[a as TrainingAlgorithm])} />
            ))}
          </Group>
        </Checkbox.Group>
        {models.length === 0 && <Text c="gray.7">{t(m.noModels)}</Text>}
        <SubmitError error={start.error} testId="automl-error" />
        <div>
          <Button type="submit" loading={start.isPending} disabled={models.length === 0}>
            {t(m.startAutoML)}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
