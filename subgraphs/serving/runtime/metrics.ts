// Prometheus text exposition (format 0.0.4) of the runtime's per-deployment counters and histograms,
// written without a client library: requests, errors by code, request latency, rows and requests per
// model run, and the queue depth at scrape time.

export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = new Array<number>(buckets.length).fill(0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) this.counts[i] = (this.counts[i] ?? 0) + 1;
  }
}

interface Series {
  /** When the series began (epoch ms): its counters were all zero then. */
  since: number;
  requests: number;
  errors: Map<string, number>;
  latency: Histogram;
  batchRows: Histogram;
  batchRequests: Histogram;
}

/** A deployment's counters at one moment; all grow from zero at `since` until the series is removed. */
export interface Cumulative {
  since: number;
  requests: number;
  /** Failed requests, every code together. */
  errors: number;
  /** Upper bounds of the latency buckets, in seconds. */
  latencyBounds: readonly number[];
  /** Requests per latency bucket (not cumulative); one more entry than bounds: those above the last. */
  latencyCounts: number[];
  /** Model runs (batches). */
  runs: number;
  /** Rows over every model run. */
  rows: number;
}

/** Label values escaped as the exposition format requires (backslash, double quote, newline). */
export const escapeLabel = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const formatNumber = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export class RuntimeMetrics {
  private series = new Map<string, Series>();

  constructor(
    readonly prefix = 'plinth_inference',
    private readonly latencyBuckets: readonly number[] = LATENCY_BUCKETS,
    private readonly batchBuckets: readonly number[] = BATCH_BUCKETS,
    private readonly now: () => number = Date.now,
  ) {}

  private of(deploymentId: string): Series {
    let s = this.series.get(deploymentId);
    if (!s) {
      s = {
        since: this.now(),
        requests: 0,
        errors: new Map(),
        latency: new Histogram(this.latencyBuckets),
        batchRows: new Histogram(this.batchBuckets),
        batchRequests: new Histogram(this.batchBuckets),
      };
      this.series.set(deploymentId, s);
    }
    return s;
  }

  /** One answered request: its latency and, when it failed, the error code. */
  request(deploymentId: string, seconds: number, errorCode: string | null = null): void {
    const s = this.of(deploymentId);
    s.requests++;
    s.latency.observe(seconds);
    if (errorCode) s.errors.set(errorCode, (s.errors.get(errorCode) ?? 0) + 1);
  }

  /** One model run carrying `requests` requests and `rows` rows. */
  batch(deploymentId: string, requests: number, rows: number): void {
    const s = this.of(deploymentId);
    s.batchRows.observe(rows);
    s.batchRequests.observe(requests);
  }

  /** Forgets a deployment (after undeploy), so that the series set stays bounded. */
  remove(deploymentId: string): void {
    this.series.delete(deploymentId);
  }

  snapshot(deploymentId: string): { requests: number; errors: Record<string, number>; runs: number } | null {
    const s = this.series.get(deploymentId);
    return s ? { requests: s.requests, errors: Object.fromEntries(s.errors), runs: s.batchRows.count } : null;
  }

  /**
   * The deployment's cumulative counters as they stand, copied (operations.ts samples them): latency per
   * bucket (not cumulative) with the values above the last bound as a final entry, and batch rows.
   */
  cumulative(deploymentId: string): Cumulative | null {
    const s = this.series.get(deploymentId);
    if (!s) return null;
    const inBuckets = s.latency.counts.reduce((a, b) => a + b, 0);
    return {
      since: s.since,
      requests: s.requests,
      errors: [...s.errors.values()].reduce((a, b) => a + b, 0),
      latencyBounds: s.latency.buckets,
      latencyCounts: [...s.latency.counts, s.latency.count - inBuckets],
      runs: s.batchRows.count,
      rows: s.batchRows.sum,
    };
  }

  /** Deployments with series, sorted. */
  ids(): string[] {
    return [...this.series.keys()].sort();
  }

  /**
   * The exposition text; `queueDepth` adds a gauge per deployment read at scrape time. With `include`,
   * only those deployments' series (a caller sees the deployments its org may see).
   */
  render(queueDepth: Record<string, number> = {}, include?: ReadonlySet<string>): string {
    const p = this.prefix;
    const lines: string[] = [];
    const ids = this.ids().filter((id) => !include || include.has(id));
    const label = (id: string): string => `deployment="${escapeLabel(id)}"`;

    lines.push(
      `# HELP ${p}_requests_total Inference requests answered, by deployment.`,
      `# TYPE ${p}_requests_total counter`,
    );
    for (const id of ids) lines.push(`${p}_requests_total{${label(id)}} ${this.of(id).requests}`);

    lines.push(
      `# HELP ${p}_errors_total Inference requests that failed, by deployment and error code.`,
      `# TYPE ${p}_errors_total counter`,
    );
    for (const id of ids)
      for (const [code, n] of [...this.of(id).errors].sort())
        lines.push(`${p}_errors_total{${label(id)},code="${escapeLabel(code)}"} ${n}`);

    const histogram = (name: string, help: string, pick: (s: Series) => Histogram): void => {
      lines.push(`# HELP ${p}_${name} ${help}`, `# TYPE ${p}_${name} histogram`);
      for (const id of ids) {
        const h = pick(this.of(id));
        let cumulative = 0;
        h.buckets.forEach((le, i) => {
          cumulative += h.counts[i] ?? 0;
          lines.push(`${p}_${name}_bucket{${label(id)},le="${formatNumber(le)}"} ${cumulative}`);
        });
        lines.push(`${p}_${name}_bucket{${label(id)},le="+Inf"} ${h.count}`);
        lines.push(
          `${p}_${name}_sum{${label(id)}} ${formatNumber(h.sum)}`,
          `${p}_${name}_count{${label(id)}} ${h.count}`,
        );
      }
    };
    histogram('request_duration_seconds', 'Time from request to answer, queueing included.', (s) => s.latency);
    histogram('batch_size', 'Rows per model run.', (s) => s.batchRows);
    histogram('batch_requests', 'Requests per model run.', (s) => s.batchRequests);

    lines.push(`# HELP ${p}_queue_depth Requests waiting for a session.`, `# TYPE ${p}_queue_depth gauge`);
    for (const [id, n] of Object.entries(queueDepth).sort()) lines.push(`${p}_queue_depth{${label(id)}} ${n}`);
    return `${lines.join('\n')}\n`;
  }
}
