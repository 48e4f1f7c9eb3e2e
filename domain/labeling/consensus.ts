// What a reviewer's ACCEPT without a value accepts: for classes, the label a strict majority of the
// annotators gave; for boxes and spans, the annotations when they are all the same (values are stored in
// canonical form, so equal labels are equal texts). Anything else is a disagreement the reviewer must
// settle with an explicit value. Pure.
import type { LabelTaskType } from './values.js';

export type Consensus = { value: string } | { disagreement: string };

export function consensus(taskType: LabelTaskType, values: readonly string[]): Consensus {
  if (values.length === 0) return { disagreement: 'the task has no annotations yet' };
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 1) return { value: values[0]! };
  if (taskType === 'IMAGE_CLASSIFICATION' || taskType === 'TEXT_CLASSIFICATION') {
    const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    if (n * 2 > values.length) return { value: best };
    return {
      disagreement: `the ${values.length} annotations have no majority (${[...counts]
        .map(([v, c]) => `${(JSON.parse(v) as { label: string }).label} ×${c}`)
        .join(', ')})`,
    };
  }
  return { disagreement: `the ${values.length} annotations differ (${counts.size} different values)` };
}
