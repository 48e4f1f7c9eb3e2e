// The canary while it runs: the service's routes as they are now (polled), the canary marked, its traffic
// so far while the window is watched (the serving runtime's counters, polled), and its health as the
// workflow judged it over the window (requests, errors, p99, verdict and why).
import { Badge, Group, Progress, Table, Text } from '@mantine/core';
import { useEffect } from 'react';
import { graphql } from '../../gql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { EntityLink, Facts, StatusBadge } from '../serving/parts';
import { dm } from './messages';
import type { RequestView } from './RequestPage';

const RequestPageRoutes = graphql(`
  query RequestPageRoutes($id: ID!) {
    service(id: $id) {
      id
      routes {
        weight
        deployment {
          id
          name
          status
        }
      }
    }
  }
`);

// The canary's counters over the last minutes, from the serving process's samples (Deployment.operations):
// what the approver watches before the workflow judges the window at its end.
const RequestPageCanaryTraffic = graphql(`
  query RequestPageCanaryTraffic($id: ID!, $minutes: Int!) {
    deployment(id: $id) {
      id
      operations(minutes: $minutes) {
        total {
          requests
          errors
          p99Ms
        }
      }
    }
  }
`);

function CanaryTrafficSoFar({ canaryId, windowSeconds }: { canaryId: string; windowSeconds: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const minutes = Math.min(60, Math.max(1, Math.ceil(windowSeconds / 60) + 1));
  const query = useGql(RequestPageCanaryTraffic, { id: canaryId, minutes }, { refetchInterval: 3_000 });
  if (query.error) return <ErrorState error={query.error} />;
  const total = query.data?.deployment?.operations.total;
  if (!total) return <PageLoader />;
  return (
    <div data-testid="canary-traffic-live" data-requests={total.requests}>
      <Facts
        label={t(dm.soFar)}
        rows={[
          [t(dm.requests), fmt.number(total.requests)],
          [t(dm.errors), fmt.number(total.errors)],
          [t(dm.p99), total.p99Ms !== null && total.p99Ms !== undefined ? `≈ ${fmt.number(total.p99Ms, 1)} ms` : '—'],
        ]}
      />
    </div>
  );
}

export function TrafficSplit({
  serviceId,
  canaryId,
  live,
}: {
  serviceId: string;
  canaryId: string | null;
  live: boolean;
}) {
  const { t } = useI18n();
  const query = useGql(RequestPageRoutes, { id: serviceId }, { refetchInterval: live ? 3_000 : false });
  // Polling stops when the request ends; the last poll may predate the promotion's (or roll back's) route
  // change, so the routes are read once more at that moment and the split shown is the final one.
  const { refetch } = query;
  useEffect(() => {
    if (!live) void refetch();
  }, [live, refetch]);
  if (query.error) return <ErrorState error={query.error} />;
  const routes = query.data?.service?.routes;
  if (!routes) return <PageLoader />;
  if (routes.length === 0) return <Text>{t(dm.noRoutes)}</Text>;
  return (
    <Table aria-label={t(dm.trafficTable)} data-testid="traffic-split" maw={900}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t(dm.deployment)}</Table.Th>
          <Table.Th w="45%">{t(dm.weight)}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {routes.map((r, i) => (
          <Table.Tr
            key={r.deployment?.id ?? `hidden-${i}`}
            data-testid="traffic-route"
            data-canary={r.deployment?.id === canaryId ? 'true' : 'false'}
            data-weight={r.weight}
          >
            <Table.Td>
              <Group gap="xs">
                {r.deployment ? (
                  <EntityLink kind="DEPLOYMENT" id={r.deployment.id}>
                    {r.deployment.name}
                  </EntityLink>
                ) : (
                  t(dm.hidden)
                )}
                {r.deployment ? <StatusBadge status={r.deployment.status} /> : null}
                {r.deployment && r.deployment.id === canaryId ? (
                  <Badge color="blue.9">{t(dm.canaryBadge)}</Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Progress value={r.weight} flex={1} color="blue.9" aria-label={t(dm.weightValue, { n: r.weight })} />
                <Text size="sm" w={48} ta="right">
                  {r.weight}%
                </Text>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function CanaryHealthView({
  health,
  step,
  windowSeconds,
  canaryId,
}: {
  health: RequestView['health'] | null;
  step: string;
  windowSeconds: number | null;
  canaryId: string | null;
}) {
  const { t } = useI18n();
  const fmt = useFormat();
  if (!health)
    return (
      <>
        <Text data-testid="canary-health">
          {step === 'WATCHING_CANARY' && windowSeconds !== null
            ? t(dm.watching, { n: windowSeconds })
            : t(dm.notYetJudged)}
        </Text>
        {step === 'WATCHING_CANARY' && canaryId && windowSeconds !== null ? (
          <CanaryTrafficSoFar canaryId={canaryId} windowSeconds={windowSeconds} />
        ) : null}
      </>
    );
  return (
    <div data-testid="canary-health" data-healthy={health.healthy ? 'true' : 'false'}>
      <Facts
        label={t(dm.health)}
        rows={[
          [t(dm.requests), fmt.number(health.requests)],
          [t(dm.errors), `${fmt.number(health.errors)} (${fmt.number(health.errorRate * 100, 2)}%)`],
          [
            t(dm.p99),
            health.p99Ms !== null && health.p99Ms !== undefined ? `≤ ${fmt.number(health.p99Ms, 1)} ms` : '—',
          ],
          [
            t(dm.verdict),
            <Group gap="xs">
              <Badge color={health.healthy ? '#1b5e20' : 'red.9'}>
                {health.healthy ? t(dm.healthy) : t(dm.unhealthy)}
              </Badge>
              <Text size="sm">{health.reason}</Text>
            </Group>,
          ],
        ]}
      />
    </div>
  );
}
