// "Train a model": every choice comes from trainingOptions (algorithms for the task, their
// hyperparameters with bounds and defaults), so the form offers exactly what startTraining takes.
// Values are not clamped here: what the API refuses is shown as the API words it. Numbers are typed as
// text and parsed on submit, so a value that is not a number ("NaN", "1e", "abc") is refused here with its
// field named, instead of being dropped and the run started on the learner's default.
import { Alert, Button, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
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

/** The number typed, null when left empty, or why it is not one (named by its field). */
function parseNumberField(
  text: string,
  integer: boolean,
): { value: number | null; problem: null } | { value: null; problem: 'notNumber' | 'notInteger' } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, problem: null };
  // Number() alone takes "0x10", "Infinity" and " ": only plain decimal notation is a number here.
  const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value)) return { value: null, problem: 'notNumber' };
  if (integer && !Number.isInteger(value)) return { value: null, problem: 'notInteger' };
  return { value, problem: null };
}

function ParamInput({
  param,
  value,
  error,
  onChange,
}: {
  param: Param;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const min = fmt.number(param.min, 6);
  const range =
    param.max == null
      ? t(param.minExclusive ? m.rangeOpenAbove : m.rangeOpen, { min })
      : t(param.minExclusive ? m.rangeAbove : m.range, { min, max: fmt.number(param.max, 6) });
  const fallback =
    param.default == null ? t(m.derivedDefault) : t(m.defaultValue, { value: fmt.number(param.default, 6) });
  const description = lang === 'zh' ? (paramDescriptionsZh[param.name] ?? param.description) : param.description;
  return (
    <TextInput
      label={param.name}
      description={`${description} ${range}; ${fallback}`}
      placeholder={param.default == null ? undefined : String(param.default)}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      inputMode={param.type === 'FLOAT' ? 'decimal' : 'numeric'}
      error={error}
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
  const [values, setValues] = useState<Record<string, string>>({});
  const [testFraction, setTestFraction] = useState('0.2');
  const [seed, setSeed] = useState('42');
  const [problems, setProblems] = useState<Record<string, string>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!algorithm) return;
    const found: Record<string, string> = {};
    const read = (key: string, field: string, text: string, integer: boolean): number | null => {
      const parsed = parseNumberField(text, integer);
      if (parsed.problem) found[key] = t(m[parsed.problem], { field, value: text.trim() });
      return parsed.value;
    };
    // Only the values the user gave: the learner's defaults (shown as placeholders) stand for the rest.
    const hyperparameters: Record<string, number> = {};
    for (const p of algorithm.params) {
      const value = read(p.name, p.name, values[p.name] ?? '', p.type !== 'FLOAT');
      if (value !== null) hyperparameters[p.name] = value;
    }
    // Test fraction and seed are required: empty is not a number either.
    const fraction = read('testFraction', t(m.testFraction), testFraction, false);
    const seedValue = read('seed', t(m.seed), seed, true);
    if (fraction === null) found.testFraction ??= t(m.required, { field: t(m.testFraction) });
    if (seedValue === null) found.seed ??= t(m.required, { field: t(m.seed) });
    setProblems(found);
    if (Object.keys(found).length > 0 || fraction === null || seedValue === null) return;
    start.mutate(
      {
        input: {
          datasetVersionId,
          modelId,
          targetColumn: target,
          task,
          algorithm: algorithm.name,
          hyperparameters,
          testFraction: fraction,
          seed: seedValue,
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
            onTarget={setTarget}
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
              setProblems({});
            }}
            data={algorithms.map((a) => ({ value: a.name, label: t(algorithmLabels[a.name]) }))}
            required
          />
          <TextInput
            label={t(m.testFraction)}
            description={t(m.testFractionHelp)}
            value={testFraction}
            onChange={(e) => setTestFraction(e.currentTarget.value)}
            inputMode="decimal"
            error={problems.testFraction}
          />
          <TextInput
            label={t(m.seed)}
            description={t(m.seedHelp)}
            value={seed}
            onChange={(e) => setSeed(e.currentTarget.value)}
            inputMode="numeric"
            error={problems.seed}
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
                  error={problems[p.name]}
                  onChange={(v) => setValues((old) => ({ ...old, [p.name]: v }))}
                />
              ))}
            </SimpleGrid>
          </Stack>
        )}
        {models.length === 0 && <Text c="gray.7">{t(m.noModels)}</Text>}
        {Object.keys(problems).length > 0 && (
          <Alert color="red" role="alert" title={t(m.fixFields)} data-testid="train-form-problems">
            {Object.values(problems).join('; ')}
          </Alert>
        )}
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
