// A compute node: its cluster (up), its accelerators and what runs on each (down).
import { Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { EntityLink, Facts, StatusBadge, useAssetFacts } from '../serving/parts';
import { sm } from '../serving/messages';
import { Crumbs } from './Crumbs';
import { hm } from './messages';

const NodePageNode = graphql(`
  query NodePageNode($id: ID!) {
    node(id: $id) {
      id
      name
      description
      tags
      hostname
      cpuCores
      memoryMb
      executionProviders
      createdAt
      createdBy
      archived
      owner {
        id
        name
      }
      cluster {
        id
        name
      }
      accelerators {
        id
        name
        kind
        vendor
        model
        memoryMb
        executionProviders
        deployments {
          id
          name
          status
        }
      }
    }
  }
`);

export function NodePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const assetFacts = useAssetFacts();
  const query = useGql(NodePageNode, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.node }} what={t(hm.node)}>
      {(n) => (
        <Stack>
          <Crumbs trail={n.cluster ? [{ kind: 'CLUSTER', id: n.cluster.id, name: n.cluster.name }] : []} />
          <Title order={1}>{n.name}</Title>
          <Facts
            label={t(sm.facts)}
            rows={[
              [
                t(sm.cluster),
                n.cluster ? (
                  <EntityLink kind="CLUSTER" id={n.cluster.id}>
                    {n.cluster.name}
                  </EntityLink>
                ) : null,
              ],
              [t(hm.hostname), n.hostname],
              [t(hm.cpuCores), n.cpuCores],
              [t(hm.memory), n.memoryMb ? f.bytes(n.memoryMb * 1024 * 1024) : null],
              [t(hm.providers), n.executionProviders.join(', ') || null],
              ...assetFacts(n),
            ]}
          />
          <Title order={2}>{t(hm.accelerators)}</Title>
          {n.accelerators.length === 0 ? (
            <Text>{t(hm.noAccelerators)}</Text>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table aria-label={t(hm.accelerators)} striped data-testid="accelerators">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(hm.acceleratorKind)}</Table.Th>
                    <Table.Th>{t(hm.kind)}</Table.Th>
                    <Table.Th>{t(hm.model)}</Table.Th>
                    <Table.Th>{t(hm.memory)}</Table.Th>
                    <Table.Th>{t(hm.providers)}</Table.Th>
                    <Table.Th>{t(hm.running)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {n.accelerators.map((a) => {
                    const running = a.deployments.filter((d) => d.status === 'READY' || d.status === 'PENDING');
                    return (
                      <Table.Tr key={a.id}>
                        <Table.Td>
                          <EntityLink kind="ACCELERATOR" id={a.id}>
                            {a.name}
                          </EntityLink>
                        </Table.Td>
                        <Table.Td>{a.kind}</Table.Td>
                        <Table.Td>
                          {a.vendor} {a.model}
                        </Table.Td>
                        <Table.Td>{f.bytes(a.memoryMb * 1024 * 1024)}</Table.Td>
                        <Table.Td>{a.executionProviders.join(', ') || '—'}</Table.Td>
                        <Table.Td>
                          {running.length === 0
                            ? t(hm.runsNothing)
                            : running.map((d) => (
                                <div key={d.id}>
                                  <EntityLink kind="DEPLOYMENT" id={d.id}>
                                    {d.name}
                                  </EntityLink>{' '}
                                  <StatusBadge status={d.status} />
                                </div>
                              ))}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
