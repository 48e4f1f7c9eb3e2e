// A cluster: where it is, who owns it, and its nodes with their accelerators (each linked down).
import { Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { EntityLink, Facts, useAssetFacts } from '../serving/parts';
import { sm } from '../serving/messages';
import { Crumbs } from './Crumbs';
import { hm } from './messages';

const ClusterPageCluster = graphql(`
  query ClusterPageCluster($id: ID!) {
    cluster(id: $id) {
      id
      name
      description
      tags
      location
      createdAt
      createdBy
      archived
      owner {
        id
        name
      }
      nodes {
        id
        name
        hostname
        cpuCores
        memoryMb
        executionProviders
        accelerators {
          id
          name
          kind
        }
      }
    }
  }
`);

export function ClusterPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const assetFacts = useAssetFacts();
  const query = useGql(ClusterPageCluster, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.cluster }} what={t(hm.cluster)}>
      {(c) => (
        <Stack>
          <Title order={1}>{c.name}</Title>
          <Crumbs trail={[]} />
          <Facts label={t(sm.facts)} rows={[[t(hm.location), c.location], ...assetFacts(c)]} />
          <Title order={2}>{t(hm.nodes)}</Title>
          {c.nodes.length === 0 ? (
            <Text>{t(hm.noNodes)}</Text>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table aria-label={t(hm.nodes)} striped data-testid="nodes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(hm.nodeKind)}</Table.Th>
                    <Table.Th>{t(hm.hostname)}</Table.Th>
                    <Table.Th>{t(hm.cpuCores)}</Table.Th>
                    <Table.Th>{t(hm.memory)}</Table.Th>
                    <Table.Th>{t(hm.providers)}</Table.Th>
                    <Table.Th>{t(hm.accelerators)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.nodes.map((n) => (
                    <Table.Tr key={n.id}>
                      <Table.Td>
                        <EntityLink kind="NODE" id={n.id}>
                          {n.name}
                        </EntityLink>
                      </Table.Td>
                      <Table.Td>{n.hostname}</Table.Td>
                      <Table.Td>{n.cpuCores ?? '—'}</Table.Td>
                      <Table.Td>{n.memoryMb ? f.bytes(n.memoryMb * 1024 * 1024) : '—'}</Table.Td>
                      <Table.Td>{n.executionProviders.join(', ') || '—'}</Table.Td>
                      <Table.Td>
                        {n.accelerators.length === 0
                          ? '—'
                          : n.accelerators.map((a, i) => (
                              <span key={a.id}>
                                {i > 0 ? ', ' : ''}
                                <EntityLink kind="ACCELERATOR" id={a.id}>
                                  {a.name}
                                </EntityLink>
                              </span>
                            ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
