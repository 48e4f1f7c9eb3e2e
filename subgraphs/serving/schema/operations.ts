// Deployment.operations: request rate, errors, latency percentiles and batch sizes over time, from the
// samples the serving process's runtime keeps of its own counters (runtime/operations.ts). The
// Deployment itself is resolved with the caller's visibility first, so whoever may see a deployment
// may see its operations, and nobody else.
import { hostname } from 'node:os';
import { builder } from '../builder.js';
import { getRuntime } from '../inference/host.js';
import { checkInt } from '../../../lib/subgraph/validate.js';
import type { OperationsPoint } from '../runtime/operations.js';
import { DeploymentRef } from './refs.js';

interface OperationsRecord {
  deploymentId: string;
  minutes: number;
  sampleSeconds: number;
  keptMinutes: number;
  process: string;
  points: OperationsPoint[];
  total: OperationsPoint | null;
}

const Point = builder.objectRef<OperationsPoint>('DeploymentOperationsPoint').implement({
  description: 'What a deployment served in one interval between two samples of its counters.',
  fields: (t) => ({
    time: t.field({
      type: 'DateTime',
      description: 'End of the interval.',
      resolve: (p) => new Date(p.time).toISOString(),
    }),
    seconds: t.exposeFloat('seconds', { description: 'Length of the interval.' }),
    requests: t.exposeInt('requests', { description: 'Requests answered in the interval, failed ones included.' }),
    requestRate: t.exposeFloat('requestRate', { description: 'Requests per second over the interval.' }),
    errors: t.exposeInt('errors', { description: 'Requests that failed, every error code together.' }),
    p50Ms: t.exposeFloat('p50Ms', {
      nullable: true,
      description:
        'Median latency in milliseconds (request to answer, queueing included), interpolated inside the latency ' +
        "histogram's bucket as Prometheus histogram_quantile does; null without requests.",
    }),
    p95Ms: t.exposeFloat('p95Ms', { nullable: true, description: '95th-percentile latency, as p50Ms.' }),
    p99Ms: t.exposeFloat('p99Ms', { nullable: true, description: '99th-percentile latency, as p50Ms.' }),
    runs: t.exposeInt('runs', { description: 'Model runs (batches) in the interval.' }),
    meanBatchRows: t.exposeFloat('meanBatchRows', {
      nullable: true,
      description: 'Rows per model run in the interval (dynamic batching joins requests); null without runs.',
    }),
    partial: t.exposeBoolean('partial', {
      description: 'True for the newest point, which runs from the last sample to the moment of the query.',
    }),
  }),
});

const Operations = builder.objectRef<OperationsRecord>('DeploymentOperations').implement({
  description:
    "A deployment's traffic over time as seen by ONE serving process: the one that answered this query. Each " +
    "serving process samples its own runtime's counters every sampleSeconds and keeps keptMinutes of them in memory; " +
    "a restart starts them afresh, and a deployment served by several processes shows only this one's share.",
  fields: (t) => ({
    deploymentId: t.exposeID('deploymentId'),
    minutes: t.exposeInt('minutes', { description: 'The window asked for.' }),
    sampleSeconds: t.exposeInt('sampleSeconds', { description: 'Seconds between samples.' }),
    keptMinutes: t.exposeInt('keptMinutes', { description: 'How far back samples are kept.' }),
    process: t.exposeString('process', { description: 'The serving process whose samples these are: host and pid.' }),
    points: t.field({
      type: [Point],
      description:
        'Oldest first; empty when this process has answered no request for the deployment since it loaded it.',
      resolve: (o) => o.points,
    }),
    total: t.field({
      type: Point,
      nullable: true,
      description: 'The whole window as one interval (percentiles over every request in it); null without points.',
      resolve: (o) => o.total,
    }),
  }),
});

builder.objectField(DeploymentRef, 'operations', (t) =>
  t.field({
    type: Operations,
    description:
      'Request rate, errors, latency percentiles and batch sizes over the last `minutes` (1 to 60), from the ' +
      "serving process's own samples (see DeploymentOperations).",
    args: { minutes: t.arg.int({ defaultValue: 15 }) },
    resolve: (d, args) => {
      const minutes = checkInt(args.minutes ?? 15, 'minutes', 1, 60)!;
      const recorder = getRuntime().operations;
      const { points, total } = recorder.window(d.id, minutes);
      return {
        deploymentId: d.id,
        minutes,
        sampleSeconds: Math.round(recorder.intervalMs / 1000),
        keptMinutes: Math.round(recorder.keepMs / 60_000),
        process: `${hostname()} pid ${process.pid}`,
        points,
        total,
      };
    },
  }),
);
