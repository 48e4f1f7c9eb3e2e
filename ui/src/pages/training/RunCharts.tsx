// A run's metrics as charts (recharts, loaded with the training pages only): ROC curve (binary),
// confusion matrix as a heat-map table, feature importance bars and regression residuals.
import { Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';

export interface RunMetrics {
  rocAuc?: number;
  rocCurve?: { fpr: number; tpr: number; threshold: number | null }[];
  confusionMatrix?: number[][];
  classes?: string[] | null;
  featureImportances?: Record<string, number>;
  residuals?: { predicted: number; actual: number; residual: number }[];
}

function Figure({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <figcaption>
        <Title order={3} size="h5" mb={4}>
          {title}
        </Title>
      </figcaption>
      {children}
    </figure>
  );
}

function Roc({ points, auc }: { points: NonNullable<RunMetrics['rocCurve']>; auc: number | undefined }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Figure title={t(m.roc, { auc: auc === undefined ? '—' : fmt.number(auc, 3) })} testId="chart-roc">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={points} margin={{ top: 4, right: 12, bottom: 20, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="fpr"
            domain={[0, 1]}
            tick={{ fontSize: 11 }}
            label={{ value: t(m.fpr), position: 'insideBottom', offset: -10, fontSize: 12 }}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            tick={{ fontSize: 11 }}
            label={{ value: t(m.tpr), angle: -90, position: 'insideLeft', fontSize: 12 }}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt.number(v, 3) : String(v))} />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke="#868e96"
            strokeDasharray="4 4"
            label={{ value: t(m.chance), fontSize: 11, fill: '#495057' }}
          />
          <Line dataKey="tpr" name={t(m.tpr)} stroke="#1864ab" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </Figure>
  );
}

function Confusion({ matrix, classes }: { matrix: number[][]; classes: string[] }) {
  const { t } = useI18n();
  const label = (i: number) => classes[i] ?? String(i);
  return (
    <Figure title={t(m.confusion)} testId="chart-confusion">
      <Table withTableBorder withColumnBorders style={{ width: 'auto' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t(m.actualPredicted)}</Table.Th>
            {matrix.map((_, j) => (
              <Table.Th key={j} scope="col">
                {label(j)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((s, v) => s + v, 0);
            return (
              <Table.Tr key={i}>
                <Table.Th scope="row">{label(i)}</Table.Th>
                {row.map((count, j) => {
                  // Shaded by the share of the actual class's rows: a dark diagonal is a good model. The
                  // darkest shade keeps dark text at 4.5:1 (no text colour passes on mid-blues).
                  const share = total > 0 ? count / total : 0;
                  return (
                    <Table.Td
                      key={j}
                      title={t(m.confusionCell, { count, actual: label(i), predicted: label(j) })}
                      style={{
                        background: `rgba(24, 100, 171, ${0.05 + 0.55 * share})`,
                        color: '#212529',
                        textAlign: 'right',
                        minWidth: 64,
                      }}
                    >
                      {count}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Figure>
  );
}

function Importance({ importances }: { importances: Record<string, number> }) {
  const { t } = useI18n();
  const fmt = useFormat();
  // The 20 strongest: a wide one-hot table would make unreadable bars.
  const data = Object.entries(importances)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 20);
  return (
    <Figure title={t(m.importance)} testId="chart-importance">
      <ResponsiveContainer width="100%" height={Math.max(160, 24 * data.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="name" width={160} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt.number(v, 4) : String(v))} />
          <Bar dataKey="value" name={t(m.importance)} fill="#5f3dc4" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Figure>
  );
}

function Residuals({ samples }: { samples: NonNullable<RunMetrics['residuals']> }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <Figure title={t(m.residuals)} testId="chart-residuals">
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 4, right: 12, bottom: 20, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="predicted"
            name={t(m.predicted)}
            tick={{ fontSize: 11 }}
            label={{ value: t(m.predicted), position: 'insideBottom', offset: -10, fontSize: 12 }}
          />
          <YAxis type="number" dataKey="residual" name={t(m.residual)} tick={{ fontSize: 11 }} />
          <ReferenceLine y={0} stroke="#868e96" />
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt.number(v, 3) : String(v))} />
          <Scatter data={samples} fill="#e8590c" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </Figure>
  );
}

/** Whether the metrics hold anything RunCharts draws. */
export const hasCharts = (metrics: RunMetrics): boolean =>
  (metrics.rocCurve?.length ?? 0) > 1 ||
  (metrics.confusionMatrix?.length ?? 0) > 0 ||
  Object.keys(metrics.featureImportances ?? {}).length > 0 ||
  (metrics.residuals?.length ?? 0) > 0;

export function RunCharts({ metrics }: { metrics: RunMetrics }) {
  return (
    <>
      {metrics.rocCurve && metrics.rocCurve.length > 1 && <Roc points={metrics.rocCurve} auc={metrics.rocAuc} />}
      {metrics.confusionMatrix && metrics.confusionMatrix.length > 0 && (
        <Confusion matrix={metrics.confusionMatrix} classes={metrics.classes ?? []} />
      )}
      {metrics.featureImportances && Object.keys(metrics.featureImportances).length > 0 && (
        <Importance importances={metrics.featureImportances} />
      )}
      {metrics.residuals && metrics.residuals.length > 0 && <Residuals samples={metrics.residuals} />}
    </>
  );
}
