// Metrics are JSON (ModelVersion.metrics): numbers at the top level are the comparable figures
// (accuracy, rocAuc, hmean…); nested values (confusion matrix, coefficients) are left to lineage/API.

export function scalarMetrics(metrics: unknown): Record<string, number> {
  if (typeof metrics !== 'object' || metrics === null) return {};
  return Object.fromEntries(
    Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}

export interface MetricRow {
  name: string;
  a: number | null;
  b: number | null;
  /** b − a, when both have it. */
  diff: number | null;
}

export function compareMetrics(a: unknown, b: unknown): MetricRow[] {
  const ma = scalarMetrics(a);
  const mb = scalarMetrics(b);
  const names = [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort();
  return names.map((name) => {
    const va = ma[name] ?? null;
    const vb = mb[name] ?? null;
    return { name, a: va, b: vb, diff: va !== null && vb !== null ? vb - va : null };
  });
}

/** One input or output as the API gives it (TensorSpec). */
export interface Spec {
  name: string;
  dtype: string;
  shape: string[];
}

export interface SpecDiff {
  side: 'inputs' | 'outputs';
  name: string;
  change: 'onlyA' | 'onlyB' | 'changed';
  a: Spec | null;
  b: Spec | null;
}

const same = (x: Spec, y: Spec) => x.dtype === y.dtype && x.shape.join(',') === y.shape.join(',');

/** What differs between two signatures, by input/output name. */
export function diffSignatures(
  a: { inputs: Spec[]; outputs: Spec[] },
  b: { inputs: Spec[]; outputs: Spec[] },
): SpecDiff[] {
  const out: SpecDiff[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const byA = new Map(a[side].map((s) => [s.name, s]));
    const byB = new Map(b[side].map((s) => [s.name, s]));
    for (const [name, sa] of byA) {
      const sb = byB.get(name);
      if (!sb) out.push({ side, name, change: 'onlyA', a: sa, b: null });
      else if (!same(sa, sb)) out.push({ side, name, change: 'changed', a: sa, b: sb });
    }
    for (const [name, sb] of byB) if (!byA.has(name)) out.push({ side, name, change: 'onlyB', a: null, b: sb });
  }
  return out;
}

export const shapeText = (shape: readonly string[], unknown: string): string =>
  shape.length === 0 ? unknown : `[${shape.join(', ')}]`;

/**
 * The metrics worth one bar chart: scores on a 0–1 scale (accuracy, AUC, F1…) when there are any, since a
 * count or an error in the hundreds beside them would flatten every bar; the table lists them all.
 */
export function chartable<T extends { name: string }>(rows: T[], values: (row: T) => (number | null)[]): T[] {
  const unit = rows.filter((r) => values(r).every((v) => v === null || Math.abs(v) <= 1));
  return unit.length > 0 ? unit : rows;
}
