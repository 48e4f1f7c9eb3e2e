// A deployment: status, the version it serves, where it runs (node or edge node, accelerator), the
// execution provider really in use and why it fell back, its request with approvals, the services
// routing to it; lineage and the compliance report for compliance officers.
import { Alert, Anchor, Code, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { DeploymentPageDeploymentQuery } from '../../gql/graphql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { CanaryRequest } from './CanaryRequest';
import { PredictLink } from '../predict/PredictLink';
import { OperationsPanel } from '../operations/OperationsPanel';
import { EntityLink, Facts, StatusBadge, VersionLink, useAssetFacts } from './parts';
import { sm } from './messages';

const DeploymentPageDeployment = graphql(`
  query DeploymentPageDeployment($id: ID!) {
    deployment(id: $id) {
      id
      name
      description
      tags
      status
      executionProvider
      plannedExecutionProvider
      fallbackReason
      failureReason
      replicas
      sessionIsolation
      graphRewrites
      createdAt
      createdBy
      updatedAt
      stoppedAt
      archived
      owner {
        id
        name
      }
      modelVersion {
        id
        version
        model {
          id
          name
        }
      }
      accelerator {
        id
        name
        kind
        model
        executionProviders
        node {
          id
          name
          hostname
          cluster {
            id
            name
          }
        }
        edgeNode {
          id
          name
          site
          status
        }
      }
      services {
        id
        name
        kind
        routes {
          weight
          deployment {
            id
          }
        }
      }
      request {
        requestId
        workflowId
        requestedBy
        approvals {
          username
          comment
          at
          workflowId
        }
      }
    }
  }
`);

type Deployment = NonNullable<DeploymentPageDeploymentQuery['deployment']>;

export function DeploymentPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(DeploymentPageDeployment, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.deployment }} what={t(sm.deploymentWhat)}>
      {(deployment) => <DeploymentView deployment={deployment} />}
    </QueryState>
  );
}

function DeploymentView({ deployment: d }: { deployment: Deployment }) {
  const { t } = useI18n();
  const f = useFormat();
  const assetFacts = useAssetFacts();
  const compliance = useCan('compliance');
  const acc = d.accelerator;
  return (
    <Stack>
      <Group gap="sm">
        <Title order={1}>{d.name}</Title>
        <StatusBadge status={d.status} />
      </Group>
      {d.status === 'READY' ? <PredictLink kind="DEPLOYMENT" id={d.id} /> : null}
      {compliance ? (
        <Group gap="md">
          <Anchor component={Link} to={lineagePath(d.id)}>
            {t(sm.lineage)}
          </Anchor>
          <Anchor component={Link} to={`/compliance/report/${encodeURIComponent(d.id)}`}>
            {t(sm.complianceReport)}
          </Anchor>
        </Group>
      ) : null}
      {d.failureReason ? (
        <Alert color="red" title={t(sm.failureReason)} role="alert">
          {d.failureReason}
        </Alert>
      ) : null}
      <Facts
        label={t(sm.facts)}
        rows={[
          [t(sm.modelVersion), d.modelVersion ? <VersionLink version={d.modelVersion} /> : t(sm.hiddenVersion)],
          ...assetFacts(d, [[t(sm.stopped), d.stoppedAt ? f.dateTime(d.stoppedAt) : null]]),
        ]}
      />

      <Title order={2}>{t(sm.placement)}</Title>
      {acc ? (
        <Facts
          label={t(sm.placement)}
          rows={[
            [
              t(sm.cluster),
              acc.node?.cluster ? (
                <EntityLink kind="CLUSTER" id={acc.node.cluster.id}>
                  {acc.node.cluster.name}
                </EntityLink>
              ) : null,
            ],
            [
              t(sm.node),
              acc.node ? (
                <EntityLink kind="NODE" id={acc.node.id}>
                  {acc.node.name} ({acc.node.hostname})
                </EntityLink>
              ) : null,
            ],
            [
              t(sm.edgeNode),
              acc.edgeNode ? (
                <Group gap="xs">
                  <EntityLink kind="EDGE_NODE" id={acc.edgeNode.id}>
                    {acc.edgeNode.name}
                  </EntityLink>
                  <StatusBadge status={acc.edgeNode.status} edge />
                  <Text size="sm">{acc.edgeNode.site}</Text>
                </Group>
              ) : null,
            ],
            [
              t(sm.accelerator),
              <EntityLink kind="ACCELERATOR" id={acc.id}>
                {acc.name} · {acc.kind} · {acc.model}
              </EntityLink>,
            ],
          ]}
        />
      ) : (
        <Text>{t(sm.hiddenAccelerator)}</Text>
      )}

      <Title order={2}>{t(sm.runtime)}</Title>
      <Facts
        label={t(sm.runtime)}
        rows={[
          [
            d.status === 'READY' ? t(sm.providerInUse) : t(sm.providerPlanned),
            <Code data-testid="provider">{d.executionProvider ?? '—'}</Code>,
          ],
          [t(sm.providerAsked), d.plannedExecutionProvider ?? t(sm.acceleratorOrder)],
          [t(sm.acceleratorOffers), acc ? acc.executionProviders.join(', ') || '—' : null],
          [
            t(sm.fallbackReason),
            d.fallbackReason ? <Text data-testid="fallback-reason">{d.fallbackReason}</Text> : null,
          ],
          [t(sm.replicas), f.number(d.replicas)],
          [t(sm.isolation), d.sessionIsolation],
          [
            t(sm.rewrites),
            d.graphRewrites.length ? (
              <List size="sm">
                {d.graphRewrites.map((line) => (
                  <List.Item key={line}>{line}</List.Item>
                ))}
              </List>
            ) : null,
          ],
          [t(sm.oipPath), d.status === 'READY' ? <Code>{`POST /v2/models/${d.id}/infer`}</Code> : null],
        ]}
      />

      <OperationsPanel deploymentId={d.id} />

      <Title order={2}>{t(sm.services)}</Title>
      {d.services.length === 0 ? (
        <Text>{t(sm.noServices)}</Text>
      ) : (
        <List>
          {d.services.map((s) => {
            const weight = s.routes.find((r) => r.deployment?.id === d.id)?.weight;
            return (
              <List.Item key={s.id}>
                <EntityLink kind="SERVICE" id={s.id}>
                  {s.name}
                </EntityLink>
                {weight !== undefined ? ` · ${t(sm.weightOf, { weight })}` : ''}
              </List.Item>
            );
          })}
        </List>
      )}

      <Title order={2}>{t(sm.request)}</Title>
      {d.request ? (
        <>
          <Facts label={t(sm.request)} rows={[[t(sm.requestedBy), d.request.requestedBy]]} />
          <Title order={3}>{t(sm.recordedApprovals)}</Title>
          {d.request.approvals.length === 0 ? (
            <Text>{t(sm.noApprovals)}</Text>
          ) : (
            <Table aria-label={t(sm.recordedApprovals)} data-testid="approvals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(sm.approver)}</Table.Th>
                  <Table.Th>{t(sm.comment)}</Table.Th>
                  <Table.Th>{t(sm.time)}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.request.approvals.map((a) => (
                  <Table.Tr key={`${a.username}-${a.at}`}>
                    <Table.Td>{a.username}</Table.Td>
                    <Table.Td>{a.comment}</Table.Td>
                    <Table.Td>{f.dateTime(a.at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <CanaryRequest workflowId={d.request.workflowId} />
        </>
      ) : (
        <Text>{t(sm.directDeployment)}</Text>
      )}
    </Stack>
  );
}
