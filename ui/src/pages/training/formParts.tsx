// Fields both forms share (model, target column, task) and how the task is guessed from the target's profile.
import { Alert, NativeSelect } from '@mantine/core';
import type { ApiError } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import type { ColumnProfile } from '../dataset/profile';
import { m, taskLabels } from './messages';

export type Task = 'BINARY' | 'MULTICLASS' | 'REGRESSION';

/** A first guess the user may change: two values → binary, a numeric column with many values → regression. */
export function guessTask(column: ColumnProfile | undefined): Task {
  if (!column) return 'BINARY';
  if (column.distinct <= 2) return 'BINARY';
  if (column.kind === 'numeric' && column.distinct > 20) return 'REGRESSION';
  return 'MULTICLASS';
}

export function BasicFields({
  idPrefix,
  models,
  modelId,
  onModel,
  columns,
  target,
  onTarget,
  tasks,
  task,
  onTask,
}: {
  idPrefix: string;
  models: { id: string; name: string }[];
  modelId: string;
  onModel: (id: string) => void;
  columns: ColumnProfile[];
  target: string;
  onTarget: (name: string) => void;
  tasks: Task[];
  task: Task;
  onTask: (task: Task) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <NativeSelect
        id={`${idPrefix}-model`}
        label={t(m.model)}
        description={t(m.modelHelp)}
        value={modelId}
        onChange={(e) => onModel(e.currentTarget.value)}
        data={models.map((model) => ({ value: model.id, label: model.name }))}
        required
      />
      <NativeSelect
        id={`${idPrefix}-target`}
        label={t(m.target)}
        value={target}
        onChange={(e) => {
          // A new target re-guesses the task from its column (the user may still change it).
          const name = e.currentTarget.value;
          onTarget(name);
          onTask(guessTask(columns.find((c) => c.name === name)));
        }}
        data={columns.map((c) => ({ value: c.name, label: `${c.name} (${c.type})` }))}
        required
      />
      <NativeSelect
        id={`${idPrefix}-task`}
        label={t(m.task)}
        value={task}
        onChange={(e) => onTask(e.currentTarget.value as Task)}
        data={tasks.map((name) => ({ value: name, label: t(taskLabels[name]) }))}
        required
      />
    </>
  );
}

/** The API's refusal, under the form, as the API words it. */
export function SubmitError({ error, testId }: { error: ApiError | null; testId: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={t(m.requestFailed)} data-testid={testId}>
      {error.message}
    </Alert>
  );
}
