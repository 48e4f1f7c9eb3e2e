// An edge node: its status and site, the model version it runs now (from its active rollout
// assignment), every assignment rollouts made, and the accelerators installed in it.
import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { edgeRolloutPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { em } from '../edge/messages';
import { EntityLink, Facts, StatusBadge, VersionLink, useAssetFacts } from '../serving/parts';
import { sm } from '../serving/messages';
import { Crumbs } from './Crumbs';
import { hm } from './messages';

const EdgeNodePageEdgeNode = graphql(`
  query EdgeNodePageEdgeNode($id: ID!) {
    edgeNode(id: $id) {
      id
      name
      description
      tags
      site
      status
      createdAt
      createdBy
      updatedAt
      archived
      owner {
        id
        name
      }
      accelerators {
        id
        name
        kind
        model
        executionProviders
        deployments {
          id
          name
          status
        }
      }
      activeAssignment {
        rolloutId
        state
        at
        modelVersion {
          id
          version
          model {
            id
            name
          }
        }
      }
      assignments {
        rolloutId
        workflowId
        state
        at
        modelVersion {
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
`);

export function EdgeNodePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const assetFacts = useAssetFacts();
  const query = useGql(EdgeNodePageEdgeNode, { id });
  const canRollOut = useCan('serving.write');
  return (
    <QueryState query={{ ...query, data: query.data?.edgeNode }} what={t(hm.edgeNode)}>
      {(e) => (
        <Stack>
          <Crumbs trail={[]} />
          <Title order={1}>{e.name}</Title>
          {canRollOut ? (
            <Anchor component={Link} to={`/edge-rollouts/new?edgeNode=${encodeURIComponent(e.id)}`}>
              {t(em.startOne)}
            </Anchor>
          ) : null}
          <Facts
            label={t(sm.facts)}
            rows={[
              [t(sm.status), <StatusBadge status={e.status} edge />],
              [t(hm.site), e.site],
              [
                t(hm.activeVersion),
                e.activeAssignment ? (
                  <>
                    <VersionLink version={e.activeAssignment.modelVersion} /> · {t(hm.since)}{' '}
                    {f.dateTime(e.activeAssignment.at)}
                  </>
                ) : (
                  t(hm.none)
                ),
              ],
              ...assetFacts(e),
            ]}
          />
          <Title order={2}>{t(hm.accelerators)}</Title>
          {e.accelerators.length === 0 ? (
            <Text>{t(hm.noAccelerators)}</Text>
          ) : (
            <Stack gap={4}>
              {e.accelerators.map((a) => {
                const running = a.deployments.filter((d) => d.status === 'READY' || d.status === 'PENDING');
                return (
                  <div key={a.id}>
                    <Text>
                      <EntityLink kind="ACCELERATOR" id={a.id}>
                        {a.name}
                      </EntityLink>{' '}
                      · {a.kind} · {a.model} · {a.executionProviders.join(', ') || '—'}
                    </Text>
                    <Text size="sm" ml="md">
                      {t(hm.running)}:{' '}
                      {running.length === 0
                        ? t(hm.runsNothing)
                        : running.map((d, i) => (
                            <span key={d.id}>
                              {i > 0 ? ', ' : ''}
                              <EntityLink kind="DEPLOYMENT" id={d.id}>
                                {d.name}
                              </EntityLink>
                            </span>
                          ))}
                    </Text>
                  </div>
                );
              })}
            </Stack>
          )}
          <Title order={2}>{t(hm.assignments)}</Title>
          {e.assignments.length === 0 ? (
            <Text>{t(hm.noAssignments)}</Text>
          ) : (
            <Table aria-label={t(hm.assignmentsTable)} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(sm.modelVersion)}</Table.Th>
                  <Table.Th>{t(hm.state)}</Table.Th>
                  <Table.Th>{t(hm.since)}</Table.Th>
                  <Table.Th>{t(hm.rollout)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {e.assignments.map((a) => (
                  <Table.Tr key={`${a.rolloutId}-${a.modelVersion.id}`}>
                    <Table.Td>
                      <VersionLink version={a.modelVersion} />
                    </Table.Td>
                    <Table.Td>{a.state}</Table.Td>
                    <Table.Td>{f.dateTime(a.at)}</Table.Td>
                    <Table.Td>
                      {a.workflowId ? (
                        <Anchor component={Link} to={edgeRolloutPath(a.workflowId)} data-testid="assignment-rollout">
                          <code>{a.workflowId}</code>
                        </Anchor>
                      ) : (
                        <code>{a.rolloutId}</code>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
