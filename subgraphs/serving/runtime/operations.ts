// Operations over time for each deployment: the runtime's counters are cumulative (metrics.ts, what
// Prometheus scrapes), so a chart of request rate, errors, latency percentiles and batch sizes needs
// them sampled. Every `intervalMs` the recorder copies each deployment's counters into a ring buffer
// that keeps `keepMs` (a fixed number of samples per deployment: memory stays bounded however long the
// process runs); a window of points is the difference between consecutive samples. The newest point
// runs from the last sample to the moment of the query, so traffic shows without waiting for a tick.
// The samples are this process's: each serving process has its own runtime and its own recorder.
import type { Cumulative, RuntimeMetrics } from './metrics.js';

export const SAMPLE_INTERVAL_MS = 10_000;
export const KEEP_MS = 3_600_000;

/** A fixed-capacity buffer that overwrites its oldest entry when full. */
export class Ring<T> {
  private items: T[] = [];
  private start = 0;
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity must be ≥ 1, got ${capacity}`);
  }
  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  get length(): number {
    return this.items.length;
  }
  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

export interface Sample extends Cumulative {
  /** When it was taken, epoch ms. */
  at: number;
}

export interface OperationsPoint {
  /** End of the interval, epoch ms. */
  time: number;
  /** Length of the interval. */
  seconds: number;
  requests: number;
  requestRate: number;
  errors: number;
  /** Latency percentiles in milliseconds, interpolated within histogram buckets; null without requests. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Model runs in the interval. */
  runs: number;
  /** Rows per model run in the interval; null without runs. */
  meanBatchRows: number | null;
  /** True for the newest point, which ends at the query rather than at a sample. */
  partial: boolean;
}

/**
 * The q-quantile of a histogram as Prometheus' histogram_quantile computes it: linear interpolation
 * inside the bucket holding the rank, the first bucket starting at 0; a rank above the last bound
 * answers the last bound (the histogram knows nothing higher). `counts` per bucket, not cumulative,
 * with one extra entry for values above the last bound. Null when the histogram is empty.
 */
export function histogramQuantile(q: number, bounds: readonly number[], counts: readonly number[]): number | null {
  if (!(q > 0 && q <= 1)) throw new Error(`quantile must be in (0, 1], got ${q}`);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : (bounds[i - 1] as number);
      const upper = bounds[i] as number;
      return lower + ((upper - lower) * (rank - below)) / n;
    }
    below += n;
  }
  return bounds[bounds.length - 1] ?? null;
}

const ZERO = (c: Cumulative, at: number): Sample => ({
  ...c,
  at,
  requests: 0,
  errors: 0,
  latencyCounts: c.latencyCounts.map(() => 0),
  runs: 0,
  rows: 0,
});

const ms = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds * 1e6) / 1e3);

/**
 * What happened between two samples of one deployment. A counter that went down means the series was
 * removed and began again in between (undeploy, deploy): the later sample then counts from zero.
 */
export function delta(before: Sample, after: Sample, partial = false): OperationsPoint {
  const reset =
    after.since !== before.since ||
    after.requests < before.requests ||
    after.runs < before.runs ||
    after.latencyCounts.some((n, i) => n < (before.latencyCounts[i] ?? 0));
  const base = reset ? ZERO(after, after.since) : before;
  const seconds = Math.max(0, (after.at - base.at) / 1000);
  const requests = after.requests - base.requests;
  const counts = after.latencyCounts.map((n, i) => n - (base.latencyCounts[i] ?? 0));
  const runs = after.runs - base.runs;
  const q = (p: number) => ms(histogramQuantile(p, after.latencyBounds, counts));
  return {
    time: after.at,
    seconds,
    requests,
    requestRate: seconds > 0 ? requests / seconds : 0,
    errors: after.errors - base.errors,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    runs,
    meanBatchRows: runs > 0 ? (after.rows - base.rows) / runs : null,
    partial,
  };
}

export interface OperationsWindow {
  points: OperationsPoint[];
  /** The whole window as one interval (its percentiles over every request in it); null without samples. */
  total: OperationsPoint | null;
}

/**
 * Points over the last `minutes` from samples (oldest first) and the counters now. The sample just
 * before the window is its baseline; the newest point runs to `now` when at least a second has passed
 * since the last sample (a shorter one would make a noisy rate).
 */
export function windowOf(samples: readonly Sample[], current: Sample | null, minutes: number): OperationsWindow {
  const all = current ? [...samples, current] : [...samples];
  const now = all.length ? (all[all.length - 1] as Sample).at : 0;
  const from = now - minutes * 60_000;
  let first = all.findIndex((s) => s.at > from);
  if (first < 0) return { points: [], total: null };
  if (first > 0) first--; // the baseline
  const kept = all.slice(first);
  const points: OperationsPoint[] = [];
  for (let i = 1; i < kept.length; i++) {
    const isCurrent = current !== null && i === kept.length - 1;
    const before = kept[i - 1] as Sample;
    const after = kept[i] as Sample;
    if (isCurrent && after.at - before.at < 1000 && after.requests === before.requests) continue;
    points.push(delta(before, after, isCurrent));
  }
  const total = kept.length > 1 ? delta(kept[0] as Sample, kept[kept.length - 1] as Sample, false) : null;
  return { points, total };
}

/**
 * Samples the metrics of every deployment on a timer that never keeps the process alive (unref), into
 * one ring per deployment; a deployment whose series was removed (undeployed) loses its ring.
 */
export class OperationsRecorder {
  private rings = new Map<string, Ring<Sample>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly metrics: RuntimeMetrics,
    readonly intervalMs = SAMPLE_INTERVAL_MS,
    readonly keepMs = KEEP_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts sampling; idempotent. */
  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => this.sample(), this.intervalMs);
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sample of every deployment the metrics have a series for. */
  sample(at = this.now()): void {
    const ids = new Set(this.metrics.ids());
    for (const id of this.rings.keys()) if (!ids.has(id)) this.rings.delete(id);
    for (const id of ids) {
      const c = this.metrics.cumulative(id);
      if (!c) continue;
      let ring = this.rings.get(id);
      if (!ring) {
        // +1: the baseline of the oldest kept interval.
        ring = new Ring<Sample>(Math.ceil(this.keepMs / this.intervalMs) + 1);
        // The series began at zero: that is the first interval's baseline.
        if (c.since < at) ring.push(ZERO(c, c.since));
        this.rings.set(id, ring);
      }
      ring.push({ ...c, at });
    }
  }

  /** The deployment's points over the last `minutes`, the newest ending now. */
  window(deploymentId: string, minutes: number): OperationsWindow {
    const now = this.now();
    const c = this.metrics.cumulative(deploymentId);
    const samples = this.rings.get(deploymentId)?.toArray() ?? (c ? [ZERO(c, c.since)] : []);
    return windowOf(samples, c ? { ...c, at: now } : null, minutes);
  }
}
