// One kind of asset an org owns: how many, the newest few (linked to their pages), and the catalog link
// that lists all of them.
import { Anchor, Card, Group, List, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { AssetKind } from '../../gql/graphql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n, useFormat } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { KIND_LABELS } from '../catalog/labels';

const OrgPageAssets = graphql(`
  query OrgPageAssets($orgs: [ID!], $kinds: [AssetKind!], $first: Int) {
    search(query: "", orgs: $orgs, kinds: $kinds, first: $first) {
      edges {
        node {
          kind
          id
          name
          parentId
        }
      }
    }
  }
`);

const m = defineMessages({
  all: { en: 'All {count} in the catalog', zh: '在资产目录中查看全部 {count} 个' },
});

const SHOWN = 5;

export function OrgAssets({ orgId, kind, count }: { orgId: string; kind: AssetKind; count: number }) {
  const { t } = useI18n();
  const format = useFormat();
  const assets = useGql(OrgPageAssets, { orgs: [orgId], kinds: [kind], first: SHOWN });
  const catalog = `/?org=${encodeURIComponent(orgId)}&kind=${kind}`;
  return (
    <Card withBorder data-testid={`org-assets-${kind}`}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t(KIND_LABELS[kind])}
        </Title>
        <Text fw={700} data-testid="org-asset-count">
          {format.number(count)}
        </Text>
      </Group>
      {assets.error ? (
        <ErrorState error={assets.error} />
      ) : !assets.data ? (
        <PageLoader />
      ) : (
        <List size="sm" mt="xs">
          {assets.data.search.edges.map(({ node }) => (
            <List.Item key={node.id}>
              <Anchor component={Link} to={entityPath(node.kind, node.id, node.parentId ?? undefined)}>
                {node.name ?? node.id}
              </Anchor>
            </List.Item>
          ))}
        </List>
      )}
      {count > SHOWN && (
        <Anchor component={Link} to={catalog} size="sm" mt="xs">
          {t(m.all, { count: format.number(count) })}
        </Anchor>
      )}
    </Card>
  );
}
