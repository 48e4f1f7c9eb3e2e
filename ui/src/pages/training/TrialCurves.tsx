// Each trial's validation score by rung, one line per trial (recharts; training pages only). Random
// search has one rung, so each trial is a single point there.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Title } from '@mantine/core';
import { useFormat, useI18n } from '../../lib/i18n';
import { m } from './messages';

export interface TrialCurve {
  index: number;
  curve: { rung: number; score: number | null }[];
}

// Distinguishable on white at ≥ 3:1 (non-text contrast), cycled beyond ten trials.
const COLORS = [
  '#1864ab',
  '#c92a2a',
  '#2b8a3e',
  '#5f3dc4',
  '#d9480f',
  '#0b7285',
  '#862e9c',
  '#5c940d',
  '#a61e4d',
  '#495057',
];

export function TrialCurves({ trials, metric }: { trials: TrialCurve[]; metric: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const rungs = [...new Set(trials.flatMap((tr) => tr.curve.map((p) => p.rung)))].sort((a, b) => a - b);
  // One row per rung, one column per trial (recharts' LineChart shape).
  const data = rungs.map((rung) => ({
    rung,
    ...Object.fromEntries(trials.map((tr) => [`t${tr.index}`, tr.curve.find((p) => p.rung === rung)?.score ?? null])),
  }));
  return (
    <figure style={{ margin: 0 }} data-testid="trial-curves">
      <figcaption>
        <Title order={3} size="h5" mb={4}>
          {t(m.curves)}
        </Title>
      </figcaption>
      <ResponsiveContainer width="100%" height={300}>
        <LineChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="rung" tick={{ fontSize: 11 }} allowDecimals={false} />
          <YAxis
            tick={{ fontSize: 11 }}
            domain={['auto', 'auto']}
            label={{ value: metric, angle: -90, position: 'insideLeft', fontSize: 12 }}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? fmt.number(v, 4) : String(v))} />
          <Legend />
          {trials.map((tr, i) => (
            <Line
              key={tr.index}
              dataKey={`t${tr.index}`}
              name={t(m.trialN, { n: tr.index })}
              stroke={COLORS[i % COLORS.length]}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
