// A deployment's operations: request rate and errors, latency percentiles and batch sizes over a window,
// from Deployment.operations (the serving process's own samples of its counters). Polls every sample
// interval so the charts move while traffic flows; an empty state when nothing was served.
import { Alert, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../../gql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { PageLoader } from '../../components/PageState';
import { OperationsCharts } from './OperationsCharts';
import { om } from './messages';

const OperationsPanelDeployment = graphql(`
  query OperationsPanelDeployment($id: ID!, $minutes: Int!) {
    deployment(id: $id) {
      id
      operations(minutes: $minutes) {
        minutes
        sampleSeconds
        keptMinutes
        process
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
          seconds
          requests
          requestRate
          errors
          p50Ms
          p95Ms
          p99Ms
          meanBatchRows
          partial
        }
      }
    }
  }
`);

const WINDOWS = [5, 15, 60] as const;
const REFRESH_MS = 10_000;

export function OperationsPanel({ deploymentId, headingOrder = 2 }: { deploymentId: string; headingOrder?: 2 | 3 }) {
  const { t } = useI18n();
  const f = useFormat();
  const [minutes, setMinutes] = useState<number>(15);
  const query = useGql(
    OperationsPanelDeployment,
    { id: deploymentId, minutes },
    { refetchInterval: REFRESH_MS, placeholderData: (previous) => previous },
  );
  const ops = query.data?.deployment?.operations;
  const total = ops?.total;
  const hasTraffic = !!ops && !!total && total.requests > 0;
  const ms = (n: number | null | undefined) => (n == null ? t(om.none) : t(om.ms, { n: f.number(n, 1) }));
  return (
    <Stack gap="sm" data-testid="operations">
      <Group justify="space-between">
        <Title order={headingOrder}>{t(om.operations)}</Title>
        <SegmentedControl
          aria-label={t(om.window)}
          value={String(minutes)}
          onChange={(v) => setMinutes(Number(v))}
          data={WINDOWS.map((n) => ({ value: String(n), label: n === 60 ? t(om.hour) : t(om.minutes, { n }) }))}
        />
      </Group>
      {query.error ? (
        <Alert color="red" role="alert" title={t(om.operations)}>
          {query.error.message}
        </Alert>
      ) : null}
      {!ops && !query.error ? <PageLoader /> : null}
      {ops ? (
        <>
          <Text size="sm" c="dimmed">
            {t(om.source, { process: ops.process, seconds: ops.sampleSeconds, kept: ops.keptMinutes })}
          </Text>
          {hasTraffic && total ? (
            <>
              <SimpleGrid cols={{ base: 2, sm: 4 }} aria-label={t(om.summary, { minutes: ops.minutes })}>
                <Stat label={t(om.requests)} value={f.number(total.requests)} testId="ops-requests" />
                <Stat label={t(om.errors)} value={f.number(total.errors)} testId="ops-errors" />
                <Stat label={t(om.p95)} value={ms(total.p95Ms)} testId="ops-p95" />
                <Stat
                  label={t(om.batch)}
                  value={total.meanBatchRows == null ? t(om.none) : f.number(total.meanBatchRows, 2)}
                  testId="ops-batch"
                />
              </SimpleGrid>
              <OperationsCharts points={ops.points} minutes={ops.minutes} />
            </>
          ) : (
            <Text data-testid="ops-empty">{t(om.noTraffic, { minutes: ops.minutes })}</Text>
          )}
        </>
      ) : null}
    </Stack>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}
