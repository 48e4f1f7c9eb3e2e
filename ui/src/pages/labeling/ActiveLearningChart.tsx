// Accuracy against labels for one active-learning run: the active learner beside the random baseline
// (recharts, loaded with the project page module only).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../lib/i18n';
import { lm } from './loop-messages';

export interface ChartRound {
  labels: number;
  baselineLabels: number;
  accuracy?: number | null;
  baselineAccuracy?: number | null;
}

export function ActiveLearningChart({ rounds }: { rounds: ChartRound[] }) {
  const { t } = useI18n();
  // The seed round has no accuracy yet; both learners are measured at the same label count each round.
  const data = rounds
    .filter((r) => r.accuracy !== null && r.accuracy !== undefined)
    .map((r) => ({ labels: r.labels, active: r.accuracy, baseline: r.baselineAccuracy ?? null }));
  if (data.length === 0) return null;
  return (
    <figure style={{ margin: 0 }} data-testid="al-chart">
      <figcaption style={{ fontWeight: 500, fontSize: 14, marginBottom: 4 }}>{t(lm.chartTitle)}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="labels" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} />
          <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          <Line dataKey="active" name={t(lm.active)} stroke="#1864ab" isAnimationActive={false} />
          <Line
            dataKey="baseline"
            name={t(lm.baseline)}
            stroke="#868e96"
            strokeDasharray="4 3"
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
