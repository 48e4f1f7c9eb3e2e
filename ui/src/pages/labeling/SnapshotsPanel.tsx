// Accepted snapshots: each an immutable dataset version of the project's label dataset, naming its
// annotators and reviewers (PROV agents); reviewers may take a new one from the accepted tasks.
import { Alert, Anchor, Button, List, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import type { Project } from './AnnotatePage';
import { m } from './messages';
import { LabelingAcceptSnapshot } from './queries';

export function SnapshotsPanel({ project }: { project: Project }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const compliance = useCan('compliance');
  const queryClient = useQueryClient();
  const accept = useGqlMutation(LabelingAcceptSnapshot);
  return (
    <Stack gap="xs">
      <Title order={2}>{t(m.snapshots)}</Title>
      {project.snapshots.length === 0 ? (
        <Text>{t(m.noSnapshots)}</Text>
      ) : (
        <List data-testid="snapshots">
          {project.snapshots.map((s) => (
            <List.Item key={s.id} data-testid="snapshot" data-version-id={s.version.id}>
              <Anchor component={Link} to={entityPath('DATASET_VERSION', s.version.id, s.version.datasetId)}>
                {t(m.snapshotRow, {
                  n: s.version.version,
                  tasks: s.taskCount,
                  annotators: s.annotators.join(', '),
                  reviewers: s.reviewers.join(', '),
                })}
              </Anchor>{' '}
              <Text span size="sm" c="gray.7">
                {t(m.snapshotBy, { by: s.createdBy, at: fmt.dateTime(s.createdAt) })}
              </Text>
              {compliance && (
                <>
                  {' · '}
                  <Anchor component={Link} to={lineagePath(s.version.id)} size="sm">
                    {t(m.lineage)}
                  </Anchor>
                </>
              )}
            </List.Item>
          ))}
        </List>
      )}
      {project.viewerCanReview && (
        <div>
          <Button
            color="blue.9"
            disabled={project.progress.accepted === 0}
            loading={accept.isPending}
            data-testid="take-snapshot"
            onClick={() =>
              accept.mutate(
                { projectId: project.id },
                {
                  onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['LabelingProjectPageProject'] }),
                },
              )
            }
          >
            {t(m.takeSnapshot)}
          </Button>
        </div>
      )}
      {accept.data && (
        <Text role="status" data-testid="snapshot-taken" data-version-id={accept.data.acceptLabelSnapshot.version.id}>
          {t(m.snapshotTaken, { n: accept.data.acceptLabelSnapshot.version.version })}
        </Text>
      )}
      {accept.error && (
        <Alert color="red" role="alert" title={t(m.snapshotFailed)}>
          {accept.error.message}
        </Alert>
      )}
    </Stack>
  );
}
