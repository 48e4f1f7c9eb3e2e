// A service: its routes (deployment → weight, as a bar), the canary of any deployment request routed
// on it, its recent deployments and how to call it. Every deployment links to its page.
import { Badge, Code, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { graphql } from '../../gql';
import type { ServicePageServiceQuery } from '../../gql/graphql';
import { ErrorState, QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { CanaryRequest } from './CanaryRequest';
import { RequestDeploymentLink } from '../deploy/RequestDeploymentLink';
import { PredictLink } from '../predict/PredictLink';
import { ServiceOperations } from '../operations/ServiceOperations';
import { DeploymentTable, EntityLink, Facts, StatusBadge, VersionLink, useAssetFacts } from './parts';
import { sm } from './messages';

const ServicePageService = graphql(`
  query ServicePageService($id: ID!) {
    service(id: $id) {
      id
      name
      description
      tags
      endpoint
      kind
      createdAt
      createdBy
      updatedAt
      archived
      owner {
        id
        name
      }
      routes {
        weight
        deployment {
          id
          name
          status
          executionProvider
          createdAt
          modelVersion {
            id
            version
            model {
              id
              name
            }
          }
          request {
            workflowId
          }
        }
      }
    }
  }
`);

// Apart from the service: Temporal's visibility store answers it, and its failure must not hide the page.
const ServicePageRunningRequests = graphql(`
  query ServicePageRunningRequests($id: ID!) {
    service(id: $id) {
      id
      runningDeploymentRequests {
        workflowId
        startedAt
      }
    }
  }
`);

export function ServicePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(ServicePageService, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.service }} what={t(sm.service)}>
      {(service) => <ServiceView service={service} />}
    </QueryState>
  );
}

type Service = NonNullable<ServicePageServiceQuery['service']>;

function ServiceView({ service }: { service: Service }) {
  const { t } = useI18n();
  const assetFacts = useAssetFacts();
  const routed = service.routes.flatMap((r) => (r.deployment ? [r.deployment] : []));
  const running = useGql(ServicePageRunningRequests, { id: service.id }, { refetchInterval: 15_000 });
  // Requests in flight (from Temporal), then canaries still routed whose request has ended.
  const requests = new Map<string, string | undefined>();
  for (const r of running.data?.service?.runningDeploymentRequests ?? []) requests.set(r.workflowId, r.startedAt);
  for (const d of routed)
    if (d.request && !requests.has(d.request.workflowId)) requests.set(d.request.workflowId, undefined);
  const recent = [...routed].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Stack>
      <Group gap="sm">
        <Title order={1}>{service.name}</Title>
        <Badge color="dark" variant="outline">
          {service.kind}
        </Badge>
        {service.kind === 'MODEL' ? <RequestDeploymentLink serviceId={service.id} /> : null}
      </Group>
      <PredictLink kind="SERVICE" id={service.id} pipeline={service.kind === 'OCR_PIPELINE'} />
      <Facts label={t(sm.facts)} rows={[[t(sm.kind), service.kind], ...assetFacts(service)]} />

      <Title order={2}>{t(sm.routes)}</Title>
      {service.kind === 'OCR_PIPELINE' ? (
        <Text>{t(sm.pipelineNoRoutes)}</Text>
      ) : service.routes.length === 0 ? (
        <Text>{t(sm.noRoutes)}</Text>
      ) : (
        <Table aria-label={t(sm.routesTable)} data-testid="routes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(sm.deployment)}</Table.Th>
              <Table.Th>{t(sm.status)}</Table.Th>
              <Table.Th>{t(sm.modelVersion)}</Table.Th>
              <Table.Th w="35%">{t(sm.weight)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {service.routes.map((route, i) => (
              <Table.Tr key={route.deployment?.id ?? `hidden-${i}`}>
                <Table.Td>
                  {route.deployment ? (
                    <EntityLink kind="DEPLOYMENT" id={route.deployment.id}>
                      {route.deployment.name}
                    </EntityLink>
                  ) : (
                    t(sm.hiddenDeployment)
                  )}
                  {route.deployment?.request ? (
                    <Badge ml="xs" color="blue.9">
                      {t(sm.canary)}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{route.deployment ? <StatusBadge status={route.deployment.status} /> : '—'}</Table.Td>
                <Table.Td>
                  {route.deployment?.modelVersion ? <VersionLink version={route.deployment.modelVersion} /> : '—'}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress
                      value={route.weight}
                      flex={1}
                      color="blue.9"
                      aria-label={t(sm.weightOf, { weight: route.weight })}
                    />
                    <Text size="sm" w={48} ta="right">
                      {route.weight}%
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <ServiceOperations serviceId={service.id} />

      <Title order={2}>{t(sm.inProgress)}</Title>
      <div data-testid="requests">
        {running.error ? <ErrorState error={running.error} /> : null}
        {running.isPending ? null : requests.size === 0 ? (
          <Text>{t(sm.noneInProgress)}</Text>
        ) : (
          [...requests].map(([workflowId, startedAt]) => (
            <CanaryRequest key={workflowId} workflowId={workflowId} startedAt={startedAt} />
          ))
        )}
      </div>

      <Title order={2}>{t(sm.recentDeployments)}</Title>
      <DeploymentTable deployments={recent} label={t(sm.recentTable)} />

      <Title order={2}>{t(sm.predict)}</Title>
      <Facts
        label={t(sm.predict)}
        rows={[
          [t(sm.endpoint), <Code>{service.endpoint}</Code>],
          [
            t(sm.graphqlPredict),
            <Code>{`POST /graphql  mutation { predict(serviceId: "${service.id}", inputs: {…}) { deploymentId outputs } }`}</Code>,
          ],
        ]}
      />
      <Text size="sm">{t(sm.predictNote)}</Text>
    </Stack>
  );
}
