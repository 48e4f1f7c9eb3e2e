// Where the canary may run: the version's compatibleAccelerators (in service, an execution provider for
// ONNX, memory at least twice the artifact), most preferred first; the first is marked suggested and
// chosen unless the user picks another.
import { Badge, Group, Radio, Stack, Text } from '@mantine/core';
import { useEffect } from 'react';
import { graphql } from '../../gql';
import { useGql } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { ErrorState, PageLoader } from '../../components/PageState';
import { dm } from './messages';

const RequestDeploymentPlacement = graphql(`
  query RequestDeploymentPlacement($id: ID!) {
    modelVersion(id: $id) {
      id
      compatibleAccelerators(first: 10) {
        id
        name
        kind
        vendor
        model
        memoryMb
        executionProviders
        node {
          id
          name
        }
        edgeNode {
          id
          name
        }
      }
    }
  }
`);

export function PlacementPicker({
  versionId,
  value,
  onChange,
}: {
  versionId: string | null;
  value: string | null;
  onChange: (id: string) => void;
}) {
  const { t } = useI18n();
  const query = useGql(RequestDeploymentPlacement, { id: versionId ?? '' }, { enabled: versionId !== null });
  const options = query.data?.modelVersion?.compatibleAccelerators ?? [];
  const first = options[0]?.id;
  // The suggestion is chosen by default, as the API orders them by preference.
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);

  return (
    <Radio.Group
      label={t(dm.placement)}
      description={t(dm.placementHelp)}
      value={value}
      onChange={onChange}
      required
      data-testid="placement"
    >
      <Stack gap="xs" mt="xs">
        {versionId === null ? (
          <Text size="sm">{t(dm.pickVersionFirst)}</Text>
        ) : query.error ? (
          <ErrorState error={query.error} />
        ) : query.isPending ? (
          <PageLoader />
        ) : options.length === 0 ? (
          <Text size="sm">{t(dm.noPlacement)}</Text>
        ) : (
          options.map((a, i) => (
            <Radio
              key={a.id}
              value={a.id}
              data-testid="placement-option"
              label={
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {a.name}
                  </Text>
                  <Badge color="dark" variant="outline">
                    {a.kind}
                  </Badge>
                  {i === 0 ? (
                    <Badge color="blue.9" data-testid="suggested">
                      {t(dm.suggested)}
                    </Badge>
                  ) : null}
                </Group>
              }
              description={[
                `${a.vendor} ${a.model}`,
                t(dm.memory, { mb: a.memoryMb }),
                a.node || a.edgeNode ? t(dm.onNode, { node: (a.node ?? a.edgeNode)!.name }) : null,
                t(dm.providers, { list: a.executionProviders.join(', ') }),
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          ))
        )}
      </Stack>
    </Radio.Group>
  );
}
