// The charts of a deployment's operations (recharts: loaded with the serving pages only, never the shell).
// Time runs on a numeric axis so uneven intervals (the partial newest point) keep their true spacing.
import { SimpleGrid } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useFormat, useI18n } from '../../lib/i18n';
import { om } from './messages';

export interface ChartPoint {
  time: string;
  requestRate: number;
  errors: number;
  p50Ms?: number | null;
  p95Ms?: number | null;
  p99Ms?: number | null;
  meanBatchRows?: number | null;
}

// Dark enough to read against white and tell apart (Mantine blue.8, orange.8, red.8, grape.8, teal.8).
const COLORS = { rate: '#1864ab', errors: '#c92a2a', p50: '#087f5b', p95: '#d9480f', p99: '#862e9c', batch: '#1864ab' };

export function OperationsCharts({ points, minutes }: { points: ChartPoint[]; minutes: number }) {
  const { t } = useI18n();
  const data = points.map((p) => ({ ...p, t: new Date(p.time).getTime() }));
  // One or two points make no visible line: draw them as dots.
  const dots = data.length < 3;
  const frame = (title: string, testId: string, chart: ReactNode) => (
    <figure style={{ margin: 0 }} data-testid={testId} data-points={data.length}>
      <figcaption style={{ fontWeight: 500, fontSize: 14, marginBottom: 4 }}>{title}</figcaption>
      <div role="img" aria-label={t(om.chartLabel, { title, points: data.length, minutes })}>
        <ResponsiveContainer width="100%" height={200}>
          {chart}
        </ResponsiveContainer>
      </div>
    </figure>
  );
  const axes = <TimeAxes />;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {frame(
        t(om.trafficErrors),
        'ops-chart-traffic',
        <ComposedChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          {axes}
          <YAxis yAxisId="errors" orientation="right" allowDecimals={false} tick={{ fontSize: 11 }} />
          <Area
            yAxisId="errors"
            dataKey="errors"
            name={t(om.errors)}
            stroke={COLORS.errors}
            fill={COLORS.errors}
            fillOpacity={0.2}
            isAnimationActive={false}
          />
          <Line dataKey="requestRate" name={t(om.rate)} stroke={COLORS.rate} dot={dots} isAnimationActive={false} />
        </ComposedChart>,
      )}
      {frame(
        t(om.latency),
        'ops-chart-latency',
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          {axes}
          {(['p50', 'p95', 'p99'] as const).map((k) => (
            <Line
              key={k}
              dataKey={`${k}Ms`}
              name={t(om[k])}
              stroke={COLORS[k]}
              dot={dots}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>,
      )}
      {frame(
        t(om.batch),
        'ops-chart-batch',
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          {axes}
          <Line
            dataKey="meanBatchRows"
            name={t(om.meanRows)}
            stroke={COLORS.batch}
            dot={dots}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>,
      )}
    </SimpleGrid>
  );
}

/** Grid, time axis, a y axis, tooltip and legend shared by every chart. */
function TimeAxes() {
  const f = useFormat();
  const { lang } = useI18n();
  const clock = (ms: number) =>
    new Date(ms).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  return (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={clock}
        tick={{ fontSize: 11 }}
      />
      <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => f.number(v, 2)} />
      <Tooltip labelFormatter={(v) => clock(Number(v))} />
      <Legend />
    </>
  );
}
