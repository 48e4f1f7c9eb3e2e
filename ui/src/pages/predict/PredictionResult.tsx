// One prediction: the outputs as a table (a row per input row: label, each class's probability) or as JSON
// when they are not row-shaped, with what the serving host reports: latency, provider, fallback, and which
// deployment answered (a service routes each call).
import { Code, Stack, Table, Title } from '@mantine/core';
import { useFormat, useI18n } from '../../lib/i18n';
import { EntityLink, Facts } from '../serving/parts';
import { outputTable } from './signature';
import { pm } from './messages';

export interface Prediction {
  deploymentId?: string | null;
  outputs: unknown;
  latencyMs: number;
  executionProvider?: string | null;
  fallbackReason?: string | null;
}

const cell = (v: unknown, f: ReturnType<typeof useFormat>): string =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : f.number(v, 4)) : JSON.stringify(v);

export function PredictionResult({
  prediction: p,
  deployments,
}: {
  prediction: Prediction;
  deployments: Record<string, string>;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const table = outputTable(p.outputs);
  return (
    <Stack data-testid="prediction">
      <Title order={2}>{t(pm.result)}</Title>
      <Facts
        label={t(pm.result)}
        rows={[
          [
            t(pm.latency),
            <span data-testid="prediction-latency">{t(pm.ms, { value: f.number(p.latencyMs, 2) })}</span>,
          ],
          [t(pm.provider), <Code data-testid="prediction-provider">{p.executionProvider ?? '—'}</Code>],
          [t(pm.fallback), p.fallbackReason],
          [
            t(pm.servedBy),
            p.deploymentId ? (
              <span data-testid="prediction-deployment">
                <EntityLink kind="DEPLOYMENT" id={p.deploymentId}>
                  {deployments[p.deploymentId] ?? p.deploymentId}
                </EntityLink>
              </span>
            ) : null,
          ],
        ]}
      />
      <Title order={3}>{t(pm.outputs)}</Title>
      {table ? (
        <Table.ScrollContainer minWidth={Math.min(1200, 140 * table.headings.length + 80)}>
          <Table aria-label={t(pm.outputsTable)} data-testid="prediction-outputs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t(pm.row)}</Table.Th>
                {table.headings.map((h) => (
                  <Table.Th key={h} scope="col">
                    {h}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{i + 1}</Table.Td>
                  {row.map((v, j) => (
                    <Table.Td key={j}>{cell(v, f)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Code block data-testid="prediction-outputs">
          {JSON.stringify(p.outputs, null, 2)}
        </Code>
      )}
    </Stack>
  );
}
