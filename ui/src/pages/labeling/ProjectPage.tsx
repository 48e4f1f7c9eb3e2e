// /labeling/:id: a project: its source version, classes, progress, agreement (named by its measure),
// tasks by status, pre-annotation and active learning (for its owners), accepted snapshots (each a
// dataset version), export and import; the annotator's and reviewer's pages are linked for those who
// may use them.
import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { ActiveLearningPanel } from './ActiveLearningPanel';
import type { Project } from './AnnotatePage';
import { AgreementFigure } from './AgreementFigure';
import { ExportImport } from './ExportImport';
import { annotatePath, reviewPath } from './links';
import { m, taskTypeLabel } from './messages';
import { classFill } from './palette';
import { PreAnnotatePanel } from './PreAnnotatePanel';
import { ProgressBar } from './ProgressBar';
import { LabelingProjectPageProject } from './queries';
import { SnapshotsPanel } from './SnapshotsPanel';
import { TasksTable } from './TasksTable';
import { className, keysOf } from './values';

export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(LabelingProjectPageProject, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.labelingProject }} what={t(m.project)}>
      {(project) => <ProjectView project={project} />}
    </QueryState>
  );
}

function ProjectView({ project }: { project: Project }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  // Pre-annotation and active learning: the project's owners (viewerCanReview) who hold the API's roles.
  const manages = useCan('labeling.manage') && project.viewerCanReview && project.status === 'ACTIVE';
  const source = project.sourceVersion;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{project.name}</Title>
        <Group gap="sm">
          <Badge color="blue.9">{t(taskTypeLabel(project.taskType))}</Badge>
          <Badge color={project.status === 'ACTIVE' ? '#1b5e20' : 'gray.7'}>{t(m[project.status as 'ACTIVE'])}</Badge>
          <Anchor component={Link} to={entityPath('ORG', project.owner.id)} size="sm">
            {project.owner.name}
          </Anchor>
          <Text size="sm" c="gray.7">
            {t(m.created, { at: fmt.dateTime(project.createdAt), by: project.createdBy })}
          </Text>
        </Group>
        {project.description && <Text>{project.description}</Text>}
        <Text size="sm">
          {t(m.source)}:{' '}
          <Anchor
            component={Link}
            to={entityPath('DATASET_VERSION', source.id, source.datasetId)}
            data-testid="source-version"
          >
            {t(m.sourceVersion, { name: source.dataset?.name ?? source.datasetId, n: source.version })}
          </Anchor>
          {' · '}
          {t(m.overlapIs, { n: project.overlap })}
          {project.textColumn ? ` · ${t(m.textColumnIs, { c: project.textColumn })}` : ''}
        </Text>
        <Group gap={6} aria-label={t(m.labelClasses)}>
          {project.labels.map((c, i) => (
            <Badge key={c.value} tt="none" color="dark" variant="outline" style={{ background: classFill(i) }}>
              {keysOf(project.labels, i)} · {className(project.labels, c.value, lang)}
            </Badge>
          ))}
        </Group>
        <Group gap="md">
          {project.viewerCanAnnotate && project.nextTask && (
            <Anchor component={Link} to={annotatePath(project.id)} data-testid="annotate-link">
              {t(m.annotate)}
            </Anchor>
          )}
          {project.viewerCanReview && (
            <Anchor component={Link} to={reviewPath(project.id)} data-testid="review-link">
              {t(m.review)}
            </Anchor>
          )}
        </Group>
      </Stack>
      <Stack gap={4}>
        <Title order={2}>{t(m.colProgress)}</Title>
        <ProgressBar progress={project.progress} />
      </Stack>
      <Stack gap={4}>
        <Title order={2}>{t(m.agreement)}</Title>
        <AgreementFigure agreement={project.agreement} />
      </Stack>
      <TasksTable project={project} />
      {manages && project.taskType !== 'ENTITY_SPAN' && (
        <PreAnnotatePanel projectId={project.id} taskType={project.taskType} />
      )}
      {manages && project.taskType.endsWith('_CLASSIFICATION') && <ActiveLearningPanel projectId={project.id} />}
      <SnapshotsPanel project={project} />
      {project.viewerCanReview && <ExportImport project={project} />}
    </Stack>
  );
}
