// An org's page: its place in the tree (parent and children, linked), and the assets it owns by kind:
// counts, the newest few of each, and a link to the catalog filtered to the rest. The API has no member
// list (people live in Keycloak, not in the graph), so none is shown. An org the viewer may not see is
// not found.
import { Anchor, Badge, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n, type Message } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { OrgAssets } from './OrgAssets';

const OrgPageQuery = graphql(`
  query OrgPage($id: ID!) {
    org(id: $id) {
      id
      name
      level
      parent {
        id
        name
      }
      children {
        id
        name
        level
      }
      assetCounts {
        kind
        count
      }
    }
  }
`);

const m = defineMessages({
  org: { en: 'organisation', zh: '组织' },
  parent: { en: 'Part of', zh: '上级组织' },
  top: { en: 'Top of the organisation tree', zh: '组织树的顶层' },
  children: { en: 'Units below', zh: '下级单位' },
  noChildren: { en: 'No units below this one that you may see.', zh: '没有您可查看的下级单位。' },
  assets: { en: 'Assets it owns', zh: '拥有的资产' },
  noAssets: { en: 'It owns no assets that you may see.', zh: '没有您可查看的资产。' },
});

const LEVELS: Record<string, Message> = {
  group: { en: 'Group headquarters', zh: '集团总部' },
  province: { en: 'Provincial branch', zh: '省级分公司' },
  city: { en: 'City unit', zh: '地市单位' },
};

export function OrgPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(OrgPageQuery, { id });
  const level = (value: string) => (LEVELS[value] ? t(LEVELS[value]) : value);
  return (
    <QueryState query={{ ...query, data: query.data?.org }} what={t(m.org)}>
      {(org) => (
        <Stack>
          <Group align="baseline">
            <Title order={1}>{org.name}</Title>
            <Badge variant="light" color="blue.9">
              {level(org.level)}
            </Badge>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t(m.parent)}
              </Title>
              {org.parent ? (
                <Anchor component={Link} to={entityPath('ORG', org.parent.id)} data-testid="org-parent">
                  {org.parent.name}
                </Anchor>
              ) : (
                <Text c="dimmed">{t(m.top)}</Text>
              )}
            </Stack>
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t(m.children)}
              </Title>
              {org.children.length === 0 ? (
                <Text c="dimmed">{t(m.noChildren)}</Text>
              ) : (
                <List data-testid="org-children">
                  {org.children.map((child) => (
                    <List.Item key={child.id}>
                      <Anchor component={Link} to={entityPath('ORG', child.id)}>
                        {child.name}
                      </Anchor>{' '}
                      <Text span size="sm" c="dimmed">
                        {level(child.level)}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </SimpleGrid>
          <Title order={2}>{t(m.assets)}</Title>
          {org.assetCounts.length === 0 ? (
            <Text c="dimmed">{t(m.noAssets)}</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {org.assetCounts.map(({ kind, count }) => (
                <OrgAssets key={kind} orgId={org.id} kind={kind} count={count} />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
