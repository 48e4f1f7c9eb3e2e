// A service's operations overview: its routed deployments side by side over the same window (requests,
// rate, errors, latency percentiles, rows per run), each with a small request-rate chart, so a canary can
// be compared with the stable deployment at a glance. Same source as the deployment page's section.
import { Alert, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { EntityLink } from '../serving/parts';
import { om } from './messages';

const ServiceOperationsRoutes = graphql(`
  query ServiceOperationsRoutes($id: ID!) {
    service(id: $id) {
      id
      routes {
        weight
        deployment {
          id
          name
          operations(minutes: 15) {
            minutes
            total {
              requests
              requestRate
              errors
              p50Ms
              p95Ms
              p99Ms
              meanBatchRows
            }
            points {
              time
              requestRate
            }
          }
        }
      }
    }
  }
`);

export function ServiceOperations({ serviceId }: { serviceId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const query = useGql(ServiceOperationsRoutes, { id: serviceId }, { refetchInterval: 10_000 });
  const deployments = (query.data?.service?.routes ?? []).flatMap((r) => (r.deployment ? [r.deployment] : []));
  if (!query.error && deployments.length === 0) return null;
  const minutes = deployments[0]?.operations.minutes ?? 15;
  const num = (n: number | null | undefined, digits = 1) => (n == null ? t(om.none) : f.number(n, digits));
  return (
    <Stack gap="sm" data-testid="service-operations">
      <Title order={2}>{t(om.serviceOps)}</Title>
      {query.error ? (
        <Alert color="red" role="alert">
          {query.error.message}
        </Alert>
      ) : null}
      <Table aria-label={t(om.serviceOpsTable, { minutes })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(om.deployment)}</Table.Th>
            <Table.Th ta="right">{t(om.requests)}</Table.Th>
            <Table.Th ta="right">{t(om.ratePerSec)}</Table.Th>
            <Table.Th ta="right">{t(om.errors)}</Table.Th>
            <Table.Th ta="right">p50 ms</Table.Th>
            <Table.Th ta="right">p95 ms</Table.Th>
            <Table.Th ta="right">p99 ms</Table.Th>
            <Table.Th ta="right">{t(om.meanRows)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deployments.map((d) => {
            const total = d.operations.total;
            return (
              <Table.Tr key={d.id} data-testid="service-operations-row" data-deployment-id={d.id}>
                <Table.Td>
                  <EntityLink kind="DEPLOYMENT" id={d.id}>
                    {d.name}
                  </EntityLink>
                </Table.Td>
                <Table.Td ta="right">{f.number(total?.requests ?? 0)}</Table.Td>
                <Table.Td ta="right">{num(total?.requestRate, 2)}</Table.Td>
                <Table.Td ta="right">{f.number(total?.errors ?? 0)}</Table.Td>
                <Table.Td ta="right">{num(total?.p50Ms)}</Table.Td>
                <Table.Td ta="right">{num(total?.p95Ms)}</Table.Td>
                <Table.Td ta="right">{num(total?.p99Ms)}</Table.Td>
                <Table.Td ta="right">{num(total?.meanBatchRows, 2)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {deployments.map((d) => {
          const data = d.operations.points.map((p) => ({ t: new Date(p.time).getTime(), rate: p.requestRate }));
          return (
            <figure key={d.id} style={{ margin: 0 }}>
              <figcaption style={{ fontSize: 13, marginBottom: 2 }}>
                {d.name} · {t(om.rate)}
              </figcaption>
              {data.length === 0 ? (
                <Text size="sm">{t(om.noTraffic, { minutes })}</Text>
              ) : (
                <div role="img" aria-label={t(om.chartLabel, { title: d.name, points: data.length, minutes })}>
                  <ResponsiveContainer width="100%" height={120}>
                    <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                      <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} hide />
                      <YAxis width={36} tick={{ fontSize: 10 }} />
                      <Tooltip labelFormatter={(v) => new Date(Number(v)).toLocaleTimeString()} />
                      <Line
                        dataKey="rate"
                        name={t(om.ratePerSec)}
                        stroke="#1864ab"
                        dot={data.length < 3}
                        isAnimationActive={false}
                      />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              )}
            </figure>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
