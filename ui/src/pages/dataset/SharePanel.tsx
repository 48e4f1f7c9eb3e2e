// Who may read the dataset besides its owner tree, and (for data scientists of the owner org or an org
// above it, the API's rule in DatasetStore.share) a control to share it with another org.
import { Alert, Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { DatasetPageDatasetQuery } from '../../gql/graphql';
import { useGqlMutation } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { useCan, useViewer } from '../../lib/viewer';
import { m } from './messages';
import { DatasetPageShare } from './queries';

type Dataset = NonNullable<DatasetPageDatasetQuery['dataset']>;

/** The owner org and the orgs above it (the API's "owner org side"). */
function ownerSide(owner: Dataset['owner']): string[] {
  const ids: string[] = [];
  for (let o: { id: string; parent?: unknown } | null | undefined = owner; o; o = o.parent as typeof o) ids.push(o.id);
  return ids;
}

export function SharePanel({ dataset }: { dataset: Dataset }) {
  const { t } = useI18n();
  const viewer = useViewer();
  const mayWrite = useCan('dataset.write');
  const isOwnerSide = viewer.org !== null && ownerSide(dataset.owner).includes(viewer.org.id);
  const mayShare = mayWrite && isOwnerSide && !dataset.archived;
  return (
    <section aria-labelledby="dataset-sharing">
      <Title order={2} id="dataset-sharing" mb="xs">
        {t(m.sharing)}
      </Title>
      <Stack gap="xs">
        {dataset.sharedWith.length === 0 ? (
          <Text c="gray.7">{t(m.notShared, { org: dataset.owner?.name ?? '' })}</Text>
        ) : (
          <Group gap="sm" data-testid="shared-with">
            <Text fw={500}>{t(m.sharedWith)}:</Text>
            {dataset.sharedWith.map((org) => (
              <Anchor key={org.id} component={Link} to={entityPath('ORG', org.id)}>
                {org.name}
              </Anchor>
            ))}
          </Group>
        )}
        {mayShare && <ShareForm datasetId={dataset.id} />}
      </Stack>
    </section>
  );
}

function ShareForm({ datasetId }: { datasetId: string }) {
  const { t } = useI18n();
  const [orgId, setOrgId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const share = useGqlMutation(DatasetPageShare);
  const queryClient = useQueryClient();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const org = orgId.trim();
    if (!org) return;
    setDone(null);
    share.mutate(
      { id: datasetId, orgId: org },
      {
        onSuccess: () => {
          setDone(org);
          setOrgId('');
          void queryClient.invalidateQueries({ queryKey: ['DatasetPageDataset'] });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} data-testid="share-form">
      <Group align="flex-end" gap="xs">
        <TextInput
          label={t(m.shareOrg)}
          description={t(m.shareHint)}
          value={orgId}
          onChange={(e) => setOrgId(e.currentTarget.value)}
          required
        />
        <Button type="submit" loading={share.isPending}>
          {t(m.share)}
        </Button>
      </Group>
      {share.error && (
        <Alert color="red" title={t(m.shareFailed)} role="alert" mt="xs">
          {share.error.message}
        </Alert>
      )}
      {done && (
        <Text size="sm" mt="xs" role="status">
          {t(m.sharedOk, { org: done })}
        </Text>
      )}
    </form>
  );
}
