// Numeric metrics of one or two versions as bars (recharts, loaded with this page only).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function MetricsChart({
  title,
  data,
  series,
}: {
  title: string;
  data: Record<string, string | number | null>[];
  series: { key: string; name: string; color: string }[];
}) {
  return (
    <figure style={{ margin: 0 }} data-testid="metrics-chart">
      <figcaption style={{ fontWeight: 500, fontSize: 14, marginBottom: 4 }}>{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} />
          <Tooltip />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
