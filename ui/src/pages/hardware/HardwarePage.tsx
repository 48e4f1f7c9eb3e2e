// Hardware: clusters → nodes → accelerators with what runs on each, and the edge fleet. Three flat
// queries joined here: nesting accelerators and their deployments under clusters and nodes in one query
// is priced over the API's cost limit (every nested list counts its page size), flat lists are not.
import { Alert, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { graphql } from '../../gql';
import type { HardwarePageAcceleratorsQuery } from '../../gql/graphql';
import { ErrorState, PageLoader, QueryState } from '../../components/PageState';
import { requestGraphQL, useAccessToken, useGql, type ApiError } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { EntityLink, OrgLink, StatusBadge, VersionLink } from '../serving/parts';
import { hm } from './messages';

const HardwarePageClusters = graphql(`
  query HardwarePageClusters {
    clusters(first: 50) {
      totalCount
      edges {
        node {
          id
          name
          location
          owner {
            id
            name
          }
          nodes {
            id
            name
            hostname
          }
        }
      }
    }
  }
`);

const HardwarePageAccelerators = graphql(`
  query HardwarePageAccelerators($first: Int!, $after: String) {
    accelerators(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          kind
          model
          node {
            id
          }
          edgeNode {
            id
          }
          deployments {
            id
            name
            status
          }
        }
      }
    }
  }
`);

const HardwarePageEdgeNodes = graphql(`
  query HardwarePageEdgeNodes {
    edgeNodes(first: 50) {
      totalCount
      edges {
        node {
          id
          name
          site
          status
          owner {
            id
            name
          }
          activeVersion {
            id
            version
            model {
              id
              name
            }
          }
        }
      }
    }
  }
`);

type Accelerator = HardwarePageAcceleratorsQuery['accelerators']['edges'][number]['node'];
const PAGE = 50;
const MAX_PAGES = 10;

/** Every accelerator the viewer may see (up to 500), paged within the API's cost limit. */
function useAllAccelerators() {
  const token = useAccessToken();
  return useQuery<{ items: Accelerator[]; total: number }, ApiError>({
    queryKey: ['HardwarePageAccelerators', 'all'],
    enabled: token !== undefined,
    queryFn: async () => {
      const items: Accelerator[] = [];
      let after: string | null | undefined;
      let total = 0;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const { accelerators } = await requestGraphQL(HardwarePageAccelerators, { first: PAGE, after }, token);
        items.push(...accelerators.edges.map((e) => e.node));
        total = accelerators.totalCount;
        if (!accelerators.pageInfo.hasNextPage) break;
        after = accelerators.pageInfo.endCursor;
      }
      return { items, total };
    },
  });
}

const isRunning = (status: string) => status === 'READY' || status === 'PENDING';

function AcceleratorItem({ accelerator: a }: { accelerator: Accelerator }) {
  const { t } = useI18n();
  const running = a.deployments.filter((d) => isRunning(d.status));
  return (
    <List.Item>
      <EntityLink kind="ACCELERATOR" id={a.id}>
        {a.name}
      </EntityLink>{' '}
      <Text span size="sm">
        · {a.kind} · {a.model}
      </Text>
      {running.length === 0 ? (
        <Text span size="sm">
          {' '}
          · {t(hm.runsNothing)}
        </Text>
      ) : (
        <List withPadding size="sm" aria-label={t(hm.deploymentsOn, { name: a.name })}>
          {running.map((d) => (
            <List.Item key={d.id}>
              <Group gap={6} wrap="nowrap">
                <EntityLink kind="DEPLOYMENT" id={d.id}>
                  {d.name}
                </EntityLink>
                <StatusBadge status={d.status} />
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </List.Item>
  );
}

export function HardwarePage() {
  const { t } = useI18n();
  const clusters = useGql(HardwarePageClusters, {});
  const accelerators = useAllAccelerators();
  const edge = useGql(HardwarePageEdgeNodes, {});
  const byNode = new Map<string, Accelerator[]>();
  for (const a of accelerators.data?.items ?? [])
    if (a.node) byNode.set(a.node.id, [...(byNode.get(a.node.id) ?? []), a]);
  return (
    <Stack>
      <Title order={1}>{t(hm.title)}</Title>
      <Title order={2}>{t(hm.clusters)}</Title>
      {accelerators.error ? <ErrorState error={accelerators.error} /> : null}
      <QueryState query={{ ...clusters, data: clusters.data?.clusters }} what={t(hm.cluster)}>
        {(list) =>
          list.edges.length === 0 ? (
            <Text>{t(hm.noClusters)}</Text>
          ) : (
            <Stack data-testid="cluster-tree" aria-label={t(hm.clustersTree)}>
              {list.totalCount > list.edges.length ? (
                <Alert>{t(hm.showing, { shown: list.edges.length, total: list.totalCount })}</Alert>
              ) : null}
              {list.edges.map(({ node: c }) => (
                <Paper key={c.id} withBorder p="sm">
                  <Title order={3} size="h4">
                    <EntityLink kind="CLUSTER" id={c.id}>
                      {c.name}
                    </EntityLink>
                  </Title>
                  <Text size="sm">
                    {c.location ? `${c.location} · ` : ''}
                    <OrgLink org={c.owner} />
                  </Text>
                  {c.nodes.length === 0 ? (
                    <Text size="sm">{t(hm.noNodes)}</Text>
                  ) : (
                    <List withPadding mt="xs">
                      {c.nodes.map((n) => (
                        <List.Item key={n.id}>
                          <EntityLink kind="NODE" id={n.id}>
                            {n.name}
                          </EntityLink>{' '}
                          <Text span size="sm">
                            ({n.hostname})
                          </Text>
                          {accelerators.isPending ? null : (
                            <List withPadding>
                              {(byNode.get(n.id) ?? []).map((a) => (
                                <AcceleratorItem key={a.id} accelerator={a} />
                              ))}
                            </List>
                          )}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Paper>
              ))}
            </Stack>
          )
        }
      </QueryState>
      {accelerators.isPending && !clusters.isPending ? <PageLoader /> : null}

      <Title order={2}>{t(hm.edgeNodes)}</Title>
      <QueryState query={{ ...edge, data: edge.data?.edgeNodes }} what={t(hm.edgeNode)}>
        {(list) =>
          list.edges.length === 0 ? (
            <Text>{t(hm.noEdgeNodes)}</Text>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table aria-label={t(hm.edgeTable)} striped data-testid="edge-nodes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(hm.edgeNodeKind)}</Table.Th>
                    <Table.Th>{t(hm.state)}</Table.Th>
                    <Table.Th>{t(hm.site)}</Table.Th>
                    <Table.Th>{t(hm.activeVersion)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.edges.map(({ node: e }) => (
                    <Table.Tr key={e.id}>
                      <Table.Td>
                        <EntityLink kind="EDGE_NODE" id={e.id}>
                          {e.name}
                        </EntityLink>
                        <Text size="xs">
                          <OrgLink org={e.owner} />
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={e.status} edge />
                      </Table.Td>
                      <Table.Td>{e.site}</Table.Td>
                      <Table.Td>{e.activeVersion ? <VersionLink version={e.activeVersion} /> : t(hm.none)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
