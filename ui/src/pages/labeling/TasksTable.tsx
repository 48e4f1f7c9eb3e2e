// The project's tasks a page at a time, filtered by status (kept in the URL), with who annotated each,
// its agreement and, once reviewed, its final label.
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, PageLoader } from '../../components/PageState';
import type { LabelTaskStatus } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import type { Project } from './AnnotatePage';
import { annotatePath } from './links';
import { m } from './messages';
import { LabelingProjectTasks } from './queries';
import { describeValue } from './values';

const FILTERS = ['ALL', 'OPEN', 'IN_REVIEW', 'ACCEPTED'] as const;

export function TasksTable({ project }: { project: Project }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const filter = (FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as (typeof FILTERS)[number])
    : 'ALL';
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const query = useGql(LabelingProjectTasks, {
    id: project.id,
    status: filter === 'ALL' ? null : (filter as LabelTaskStatus),
    first: 20,
    after: cursors.at(-1) ?? null,
  });
  const page = query.data?.labelingProject?.tasks;
  return (
    <Stack gap="xs">
      <Title order={2}>{t(m.tasks)}</Title>
      <Group>
        <Text id="tasks-status" size="sm" fw={600}>
          {t(m.statusFilter)}
        </Text>
        <SegmentedControl
          aria-labelledby="tasks-status"
          data-testid="task-filter"
          value={filter}
          onChange={(value) => {
            setCursors([null]);
            setParams(value === 'ALL' ? {} : { status: value });
          }}
          data={FILTERS.map((f) => ({ value: f, label: t(m[f]) }))}
        />
      </Group>
      {query.error ? (
        <ErrorState error={query.error} />
      ) : !page ? (
        <PageLoader />
      ) : page.edges.length === 0 ? (
        <Text>{t(m.noTasks)}</Text>
      ) : (
        <Table aria-label={t(m.tasksTable)} data-testid="tasks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(m.colItem)}</Table.Th>
              <Table.Th>{t(m.colStatus)}</Table.Th>
              <Table.Th>{t(m.colBatch)}</Table.Th>
              <Table.Th>{t(m.colAssignees)}</Table.Th>
              <Table.Th>{t(m.colAnnotated)}</Table.Th>
              <Table.Th>{t(m.colAgreement)}</Table.Th>
              <Table.Th>{t(m.colFinal)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.edges.map(({ node: task }) => (
              <Table.Tr key={task.id} data-testid="task-row" data-task-id={task.id} data-status={task.status}>
                <Table.Td>
                  {project.viewerCanAnnotate && task.assignees.length > 0 ? (
                    <Anchor component={Link} to={annotatePath(project.id, task.id)}>
                      {task.text ? `${task.item}: ${task.text.slice(0, 60)}` : task.item}
                    </Anchor>
                  ) : task.text ? (
                    `${task.item}: ${task.text.slice(0, 60)}`
                  ) : (
                    task.item
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={task.status === 'ACCEPTED' ? '#1b5e20' : task.status === 'IN_REVIEW' ? '#8a4b00' : 'gray.7'}
                  >
                    {t(m[task.status])}
                  </Badge>
                </Table.Td>
                <Table.Td>{task.batch}</Table.Td>
                <Table.Td>{task.assignees.join(', ')}</Table.Td>
                <Table.Td>{task.annotations.map((a) => a.annotator).join(', ')}</Table.Td>
                <Table.Td data-testid="row-agreement">
                  {task.agreement === null || task.agreement === undefined ? '–' : fmt.number(task.agreement, 2)}
                </Table.Td>
                <Table.Td>
                  {task.finalValue ? describeValue(task.finalValue, project.labels, lang, task.text) : '–'}
                  {task.reviewDecision === 'FIXED' ? ` (${t(m.FIXED)})` : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {page && (
        <Group>
          <Text size="sm">{t(m.pageOf, { n: page.totalCount })}</Text>
          <Button variant="default" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t(m.previousPage)}
          </Button>
          <Button
            variant="default"
            disabled={!page.pageInfo.hasNextPage}
            onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
          >
            {t(m.nextPage)}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
