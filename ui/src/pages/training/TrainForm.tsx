// "Train a model": every choice comes from trainingOptions (algorithms for the task, their
// hyperparameters with bounds and defaults), so the form offers exactly what startTraining takes.
// Values are not clamped here: what the API refuses is shown as the API words it.
import { Button, NativeSelect, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { TrainingFormOptionsQuery } from '../../gql/graphql';
import { useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import type { ColumnProfile } from '../dataset/profile';
import { BasicFields, SubmitError, guessTask, type Task } from './formParts';
import { algorithmLabels, m, paramDescriptionsZh } from './messages';
import { TrainingFormStart } from './queries';

type Options = TrainingFormOptionsQuery['trainingOptions'];
type Param = Options['algorithms'][number]['params'][number];

function ParamInput({
  param,
  value,
  onChange,
}: {
  param: Param;
  value: number | string;
  onChange: (v: number | string) => void;
}) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const range =
    param.max == null
      ? t(m.rangeOpen, { min: fmt.number(param.min, 6) })
      : t(m.range, { min: fmt.number(param.min, 6), max: fmt.number(param.max, 6) });
  const fallback =
    param.default == null ? t(m.derivedDefault) : t(m.defaultValue, { value: fmt.number(param.default, 6) });
  const description = lang === 'zh' ? (paramDescriptionsZh[param.name] ?? param.description) : param.description;
  return (
    <NumberInput
      label={param.name}
      description={`${description} ${range}; ${fallback}`}
      placeholder={param.default == null ? undefined : String(param.default)}
      value={value}
      onChange={onChange}
      allowDecimal={param.type === 'FLOAT'}
      clampBehavior="none"
      data-testid={`param-${param.name}`}
    />
  );
}

export function TrainForm({
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
  const start = useGqlMutation(TrainingFormStart);
  const [modelId, setModelId] = useState(models[0]?.id ?? '');
  const [target, setTarget] = useState(columns.at(-1)?.name ?? '');
  const [task, setTask] = useState<Task>(guessTask(columns.at(-1)));
  const algorithms = useMemo(
    () => options.algorithms.filter((a) => (a.tasks as string[]).includes(task)),
    [options.algorithms, task],
  );
  const [algorithmName, setAlgorithmName] = useState<string>('');
  const algorithm = algorithms.find((a) => a.name === algorithmName) ?? algorithms[0];
  const [values, setValues] = useState<Record<string, number | string>>({});
  const [testFraction, setTestFraction] = useState<number | string>(0.2);
  const [seed, setSeed] = useState<number | string>(42);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!algorithm) return;
    // Only the values the user gave: the learner's defaults (shown as placeholders) stand for the rest.
    const hyperparameters = Object.fromEntries(
      algorithm.params.filter((p) => typeof values[p.name] === 'number').map((p) => [p.name, values[p.name] as number]),
    );
    start.mutate(
      {
        input: {
          datasetVersionId,
          modelId,
          targetColumn: target,
          task,
          algorithm: algorithm.name,
          hyperparameters,
          testFraction: Number(testFraction),
          seed: Number(seed),
        },
      },
      { onSuccess: (data) => void navigate(entityPath('TRAINING_RUN', data.startTraining.id)) },
    );
  };

  return (
    <form onSubmit={submit} aria-label={t(m.trainTab)} data-testid="train-form">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <BasicFields
            idPrefix="train"
            models={models}
            modelId={modelId}
            onModel={setModelId}
            columns={columns}
            target={target}
            onTarget={(name) => {
              setTarget(name);
              setTask(guessTask(columns.find((c) => c.name === name)));
            }}
            tasks={options.tasks.map((x) => x.name as Task)}
            task={task}
            onTask={setTask}
          />
          <NativeSelect
            label={t(m.algorithm)}
            value={algorithm?.name ?? ''}
            onChange={(e) => {
              setAlgorithmName(e.currentTarget.value);
              setValues({});
            }}
            data={algorithms.map((a) => ({ value: a.name, label: t(algorithmLabels[a.name]) }))}
            required
          />
          <NumberInput
            label={t(m.testFraction)}
            description={t(m.testFractionHelp)}
            value={testFraction}
            onChange={setTestFraction}
            step={0.05}
            clampBehavior="none"
          />
          <NumberInput
            label={t(m.seed)}
            description={t(m.seedHelp)}
            value={seed}
            onChange={setSeed}
            allowDecimal={false}
          />
        </SimpleGrid>
        {algorithm && algorithm.params.length > 0 && (
          <Stack gap={4}>
            <Title order={4}>{t(m.hyperparameters)}</Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {algorithm.params.map((p) => (
                <ParamInput
                  key={`${algorithm.name}-${p.name}`}
                  param={p}
                  value={values[p.name] ?? ''}
                  onChange={(v) => setValues((old) => ({ ...old, [p.name]: v }))}
                />
              ))}
            </SimpleGrid>
          </Stack>
        )}
        {models.length === 0 && <Text c="gray.7">{t(m.noModels)}</Text>}
        <SubmitError error={start.error} testId="train-error" />
        <div>
          <Button type="submit" loading={start.isPending} disabled={models.length === 0 || !algorithm}>
            {t(m.startTraining)}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
