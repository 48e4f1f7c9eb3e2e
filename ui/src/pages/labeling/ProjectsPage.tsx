// /labeling: the labeling projects the viewer may see (those with a task assigned to them, and their
// org's as reviewer), with progress and the viewer's open tasks; reviewers may start a new project.
import { Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { annotatePath, labelingPath, reviewPath } from './links';
import { m, taskTypeLabel } from './messages';
import { ProgressBar } from './ProgressBar';
import { LabelingListProjects } from './queries';

export function ProjectsPage() {
  const { t } = useI18n();
  const manage = useCan('labeling.manage');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const query = useGql(LabelingListProjects, { after: cursors.at(-1) ?? null });
  const page = query.data?.labelingProjects;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t(m.listTitle)}</Title>
        {manage && (
          <Button component={Link} to="/labeling/new" color="blue.9" data-testid="new-project">
            {t(m.newProject)}
          </Button>
        )}
      </Group>
      <Text>{t(m.listIntro)}</Text>
      {query.error ? (
        <ErrorState error={query.error} />
      ) : !page ? (
        <PageLoader />
      ) : page.edges.length === 0 ? (
        <Text data-testid="projects-empty">{t(m.noProjects)}</Text>
      ) : (
        <Table aria-label={t(m.projectsTable)} data-testid="projects">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(m.colName)}</Table.Th>
              <Table.Th>{t(m.colType)}</Table.Th>
              <Table.Th>{t(m.colOwner)}</Table.Th>
              <Table.Th>{t(m.colProgress)}</Table.Th>
              <Table.Th>{t(m.colMine)}</Table.Th>
              <Table.Th>{t(m.colActions)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.edges.map(({ node: p }) => (
              <Table.Tr key={p.id} data-testid="project-row" data-project-id={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={labelingPath(p.id)}>
                    {p.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(taskTypeLabel(p.taskType))}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={entityPath('ORG', p.owner.id)}>
                    {p.owner.name}
                  </Anchor>
                </Table.Td>
                <Table.Td miw={220}>
                  <ProgressBar progress={p.progress} />
                </Table.Td>
                <Table.Td data-testid="my-open">{p.myOpen.totalCount}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {p.viewerCanAnnotate &&
                      (p.nextTask ? (
                        <Anchor component={Link} to={annotatePath(p.id)} data-testid="annotate-link">
                          {t(m.annotate)}
                        </Anchor>
                      ) : (
                        <Text size="sm">{t(m.done)}</Text>
                      ))}
                    {p.viewerCanReview && (
                      <Anchor component={Link} to={reviewPath(p.id)} data-testid="review-link">
                        {t(m.review)}
                      </Anchor>
                    )}
                  </Group>
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
