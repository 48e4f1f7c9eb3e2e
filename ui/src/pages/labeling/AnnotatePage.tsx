// /labeling/:id/annotate?task=<id>: the annotator's workspace. It walks the tasks assigned to the viewer
// (→ / ←, or Alt+→ / Alt+← for entity spans, whose arrows move the caret), starts at the first one they
// have not annotated (the project's nextTask), and after a submit moves on to the next unannotated one.
// Enter submits; A takes the suggestion (pre-annotation) as the value. A legend lists every key.
import { Alert, Anchor, Badge, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { NotFound, PageLoader, QueryState } from '../../components/PageState';
import type { LabelingProjectPageProjectQuery } from '../../gql/graphql';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { labelingPath } from './links';
import { m } from './messages';
import { LabelingMyTasks, LabelingProjectPageProject, LabelingSubmit, LabelingTask } from './queries';
import { shortcutsFor } from './shortcuts';
import { ShortcutLegend } from './ShortcutLegend';
import { useTaskKeys } from './useTaskKeys';
import { ValueEditor } from './ValueEditor';
import { className, classLabelOf, keysOf, type TaskType } from './values';

export type Project = NonNullable<LabelingProjectPageProjectQuery['labelingProject']>;

export function AnnotatePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(LabelingProjectPageProject, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.labelingProject }} what={t(m.project)}>
      {(project) => <Workspace project={project} />}
    </QueryState>
  );
}

function Workspace({ project }: { project: Project }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const mine = useGql(LabelingMyTasks, { id: project.id });
  const tasks = mine.data?.labelingProject?.tasks.edges.map((e) => e.node) ?? [];
  const asked = params.get('task') || null;
  const currentId = asked ?? project.nextTask?.id ?? null;
  const index = tasks.findIndex((x) => x.id === currentId);
  const go = useCallback(
    (taskId: string) =>
      setParams(
        (p) => {
          p.set('task', taskId);
          return p;
        },
        { replace: false },
      ),
    [setParams],
  );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t(m.workspaceTitle, { name: project.name })}</Title>
        <Anchor component={Link} to={labelingPath(project.id)}>
          {project.name}
        </Anchor>
      </Group>
      {mine.error ? (
        <Alert color="red" role="alert">
          {mine.error.message}
        </Alert>
      ) : !mine.data ? (
        <PageLoader />
      ) : currentId === null ? (
        <Alert color="green" data-testid="all-done">
          {t(m.allDone)}
        </Alert>
      ) : (
        <TaskView
          key={currentId}
          project={project}
          taskId={currentId}
          position={index >= 0 ? { i: index + 1, n: tasks.length } : null}
          onPrev={index > 0 ? () => go(tasks[index - 1]!.id) : null}
          onNext={index >= 0 && index + 1 < tasks.length ? () => go(tasks[index + 1]!.id) : null}
          nextUnannotated={() =>
            // After this one: the next of mine I have not annotated, wrapping round; none → done.
            [...tasks.slice(index + 1), ...tasks.slice(0, Math.max(0, index))].find(
              (x) => !x.myAnnotation && x.id !== currentId && x.status === 'OPEN',
            )?.id ?? null
          }
          onSubmitted={(next) =>
            next
              ? go(next)
              : setParams((p) => {
                  p.delete('task');
                  return p;
                })
          }
        />
      )}
    </Stack>
  );
}

function TaskView({
  project,
  taskId,
  position,
  onPrev,
  onNext,
  nextUnannotated,
  onSubmitted,
}: {
  project: Project;
  taskId: string;
  position: { i: number; n: number } | null;
  onPrev: (() => void) | null;
  onNext: (() => void) | null;
  nextUnannotated: () => string | null;
  onSubmitted: (next: string | null) => void;
}) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const query = useGql(LabelingTask, { id: taskId });
  const task = query.data?.labelTask;
  const submit = useGqlMutation(LabelingSubmit);
  const [value, setValue] = useState<string | null>(null);
  const [fromSuggestion, setFromSuggestion] = useState(false);
  // The saved annotation is the starting value once the task has loaded.
  useEffect(() => {
    if (task) setValue((v) => v ?? task.myAnnotation?.value ?? null);
  }, [task]);
  const taskType = project.taskType as TaskType;
  const locked = task?.status === 'ACCEPTED';

  const save = () => {
    if (!task || value === null || locked || submit.isPending) return;
    submit.mutate(
      { taskId: task.id, value, fromSuggestion },
      {
        onSuccess: async () => {
          const next = nextUnannotated();
          await queryClient.invalidateQueries({ queryKey: ['LabelingMyTasks'] });
          await queryClient.invalidateQueries({ queryKey: ['LabelingProjectTasks'] });
          await queryClient.invalidateQueries({ queryKey: ['LabelingProjectPageProject'] });
          await queryClient.invalidateQueries({ queryKey: ['LabelingTask', { id: task.id }] });
          onSubmitted(next);
        },
      },
    );
  };
  const acceptSuggestion = () => {
    if (!task?.suggestion || locked) return;
    setValue(task.suggestion.value);
    setFromSuggestion(true);
  };
  const keyRef = useTaskKeys((event) => {
    const alt = taskType === 'ENTITY_SPAN';
    if (event.key === 'Enter') return (save(), true);
    if (event.key === 'ArrowRight' && event.altKey === alt && onNext) return (onNext(), true);
    if (event.key === 'ArrowLeft' && event.altKey === alt && onPrev) return (onPrev(), true);
    if ((event.key === 'a' || event.key === 'A') && !event.ctrlKey && !event.metaKey) return (acceptSuggestion(), true);
    return false;
  });

  if (query.error)
    return (
      <Alert color="red" role="alert">
        {query.error.message}
      </Alert>
    );
  if (!query.data) return <PageLoader />;
  if (!task) return <NotFound what={t(m.task)} />;
  const suggestedLabel = classLabelOf(task.suggestion?.value);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="sm" data-testid="task" data-task-id={task.id} data-item={task.item}>
          <Group gap="sm">
            {position && <Text fw={600}>{t(m.taskOf, position)}</Text>}
            <Text size="sm">{t(m.itemIs, { item: task.item })}</Text>
            <Badge color="gray.7">{t(m[task.status])}</Badge>
          </Group>
          {locked && <Alert color="gray">{t(m.locked)}</Alert>}
          {!locked && task.myAnnotation && <Text size="sm">{t(m.alreadySubmitted)}</Text>}
          {task.suggestion && suggestedLabel !== null && (
            <Group gap="xs" data-testid="suggestion" data-confidence={task.suggestion.confidence}>
              <Text size="sm">
                {t(m.suggestion, {
                  label: className(project.labels, suggestedLabel, lang),
                  confidence: fmt.number(task.suggestion.confidence, 2),
                })}
              </Text>
              <Button size="compact-sm" variant="light" color="blue.9" onClick={acceptSuggestion} disabled={locked}>
                {t(m.acceptSuggestion)} (A)
              </Button>
            </Group>
          )}
          <ValueEditor
            taskType={taskType}
            classes={project.labels}
            task={task}
            value={value}
            onChange={(json) => {
              setValue(json);
              setFromSuggestion(false);
            }}
            keyRef={keyRef}
          />
          {submit.error && (
            <Alert color="red" role="alert" title={t(m.submitFailed)} data-testid="submit-error">
              {submit.error.message}
            </Alert>
          )}
          <Group>
            <Button variant="default" onClick={onPrev ?? undefined} disabled={!onPrev}>
              {t(m.prevTask)}
            </Button>
            <Button
              color="blue.9"
              onClick={save}
              loading={submit.isPending}
              disabled={value === null || locked}
              data-testid="submit"
            >
              {t(m.submit)} (Enter)
            </Button>
            <Button variant="default" onClick={onNext ?? undefined} disabled={!onNext}>
              {t(m.nextTask)}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="xs">
          <ShortcutLegend shortcuts={shortcutsFor(taskType, project.labels.length)} />
          <Text size="sm" fw={600}>
            {t(m.labelClasses)}
          </Text>
          {project.labels.map((c, i) => (
            <Text size="sm" key={c.value}>
              {keysOf(project.labels, i)}: {className(project.labels, c.value, lang)}
            </Text>
          ))}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
