// /labeling/:id/review: the reviewer's queue, tasks IN_REVIEW. For the task in hand every annotator's
// value is shown side by side, a disagreement is flagged, with the task's agreement and the project's.
// Enter accepts (the API takes the majority; with no majority it says so), F opens the fix editor
// (the workspace's), where Enter saves and Escape cancels; ↓ / ↑ move through the queue.
// The API refuses a task the reviewer annotated (separation of duties): its message is shown.
import { Alert, Anchor, Badge, Button, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState, PageLoader, QueryState } from '../../components/PageState';
import type { LabelingProjectTasksQuery } from '../../gql/graphql';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import type { Project } from './AnnotatePage';
import { AgreementFigure } from './AgreementFigure';
import { labelingPath } from './links';
import { m } from './messages';
import { LabelingProjectPageProject, LabelingProjectTasks, LabelingReview } from './queries';
import { editorShortcuts } from './shortcuts';
import { ShortcutLegend } from './ShortcutLegend';
import { useTaskKeys } from './useTaskKeys';
import { ValueEditor } from './ValueEditor';
import { canonical, describeValue, type TaskType } from './values';

type Task = NonNullable<LabelingProjectTasksQuery['labelingProject']>['tasks']['edges'][number]['node'];

export function ReviewPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(LabelingProjectPageProject, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.labelingProject }} what={t(m.project)}>
      {(project) => <Review project={project} />}
    </QueryState>
  );
}

function Review({ project }: { project: Project }) {
  const { t } = useI18n();
  const queue = useGql(LabelingProjectTasks, { id: project.id, status: 'IN_REVIEW', first: 50 });
  const tasks = queue.data?.labelingProject?.tasks.edges.map((e) => e.node) ?? [];
  const [index, setIndex] = useState(0);
  const at = Math.min(index, Math.max(0, tasks.length - 1));
  const task = tasks[at];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t(m.reviewTitle, { name: project.name })}</Title>
        <Anchor component={Link} to={labelingPath(project.id)}>
          {project.name}
        </Anchor>
      </Group>
      <Text>{t(m.reviewIntro)}</Text>
      <AgreementFigure agreement={project.agreement} />
      {!project.viewerCanReview ? (
        <Alert color="gray">{t(m.notReviewer)}</Alert>
      ) : queue.error ? (
        <ErrorState error={queue.error} />
      ) : !queue.data ? (
        <PageLoader />
      ) : !task ? (
        <Text data-testid="review-empty">{t(m.reviewNone)}</Text>
      ) : (
        <>
          <Text data-testid="review-count">
            {t(m.reviewQueue, { n: queue.data.labelingProject?.tasks.totalCount ?? 0 })}
          </Text>
          <ReviewTask
            key={task.id}
            project={project}
            task={task}
            onPrev={at > 0 ? () => setIndex(at - 1) : null}
            onNext={at + 1 < tasks.length ? () => setIndex(at + 1) : null}
          />
        </>
      )}
    </Stack>
  );
}

function ReviewTask({
  project,
  task,
  onPrev,
  onNext,
}: {
  project: Project;
  task: Task;
  onPrev: (() => void) | null;
  onNext: (() => void) | null;
}) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const review = useGqlMutation(LabelingReview);
  const [fixing, setFixing] = useState<string | null>(null);
  const taskType = project.taskType as TaskType;
  const values = new Set(task.annotations.map((a) => canonical(a.value)));
  const disagree = values.size > 1;

  const decide = (decision: 'ACCEPT' | 'FIX', value?: string) => {
    if (review.isPending) return;
    review.mutate(
      { taskId: task.id, decision, value: value ?? null },
      {
        onSuccess: async () => {
          setFixing(null);
          await queryClient.invalidateQueries({ queryKey: ['LabelingProjectTasks'] });
          await queryClient.invalidateQueries({ queryKey: ['LabelingProjectPageProject'] });
        },
      },
    );
  };
  const keyRef = useTaskKeys((event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (fixing !== null) {
      if (event.key === 'Enter') return (decide('FIX', fixing), true);
      if (event.key === 'Escape') return (setFixing(null), true);
      return false;
    }
    if (event.key === 'Enter') return (decide('ACCEPT'), true);
    if (event.key === 'f' || event.key === 'F') return (setFixing(task.annotations[0]?.value ?? ''), true);
    if (event.key === 'ArrowDown' && onNext) return (onNext(), true);
    if (event.key === 'ArrowUp' && onPrev) return (onPrev(), true);
    return false;
  });

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="sm" data-testid="review-task" data-task-id={task.id} data-item={task.item}>
          <Group gap="sm">
            <Title order={2} size="h3">
              {t(m.itemIs, { item: task.item })}
            </Title>
            <Badge color={disagree ? 'red.9' : '#1b5e20'} data-testid="disagreement" data-disagree={disagree}>
              {t(disagree ? m.disagree : m.agree)}
            </Badge>
            {task.agreement !== null && task.agreement !== undefined && (
              <Text size="sm" data-testid="task-agreement" data-value={task.agreement}>
                {t(m.taskAgreement)}: {fmt.number(task.agreement, 2)}
              </Text>
            )}
          </Group>
          {task.text && taskType !== 'ENTITY_SPAN' && (
            <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="review-text">
              {task.text}
            </Text>
          )}
          <Table aria-label={t(m.annotationsOf, { item: task.item })} data-testid="review-annotations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(m.colAnnotator)}</Table.Th>
                <Table.Th>{t(m.colValue)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {task.annotations.map((a) => (
                <Table.Tr
                  key={a.id}
                  data-testid="review-annotation"
                  data-annotator={a.annotator}
                  // Tinted when the annotators differ, so the eye goes to the disagreement.
                  bg={disagree ? '#fff0f0' : undefined}
                >
                  <Table.Td>{a.annotator}</Table.Td>
                  <Table.Td>
                    {describeValue(a.value, project.labels, lang, task.text)}
                    {a.fromSuggestion ? ` (${t(m.fromSuggestion)})` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {fixing !== null && (
            <ValueEditor
              taskType={taskType}
              classes={project.labels}
              task={task}
              value={fixing}
              onChange={setFixing}
              keyRef={keyRef}
            />
          )}
          {review.error && (
            <Alert color="red" role="alert" title={t(m.reviewFailed)} data-testid="review-error">
              {review.error.message}
            </Alert>
          )}
          <Group>
            {fixing === null ? (
              <>
                <Button
                  color="blue.9"
                  onClick={() => decide('ACCEPT')}
                  loading={review.isPending}
                  data-testid="review-accept"
                >
                  {t(m.accept)} (Enter)
                </Button>
                <Button
                  variant="default"
                  onClick={() => setFixing(task.annotations[0]?.value ?? '')}
                  data-testid="review-fix"
                >
                  {t(m.fix)} (F)
                </Button>
                <Button variant="default" onClick={onPrev ?? undefined} disabled={!onPrev}>
                  {t(m.prevTask)} (↑)
                </Button>
                <Button variant="default" onClick={onNext ?? undefined} disabled={!onNext}>
                  {t(m.nextTask)} (↓)
                </Button>
              </>
            ) : (
              <>
                <Button
                  color="blue.9"
                  onClick={() => decide('FIX', fixing)}
                  loading={review.isPending}
                  data-testid="review-save-fix"
                >
                  {t(m.saveFix)} (Enter)
                </Button>
                <Button variant="default" onClick={() => setFixing(null)}>
                  {t(m.cancel)} (Esc)
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <ShortcutLegend
          shortcuts={
            fixing === null
              ? [
                  { keys: ['Enter'], what: m.kReviewAccept },
                  { keys: ['F'], what: m.kReviewFix },
                  { keys: ['↓', '↑'], what: m.kArrows },
                ]
              : [
                  ...editorShortcuts(taskType, project.labels.length),
                  { keys: ['Enter'], what: m.saveFix },
                  { keys: ['Esc'], what: m.kEscape },
                ]
          }
        />
      </Grid.Col>
    </Grid>
  );
}
