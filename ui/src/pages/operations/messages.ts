// Messages of the operations charts (deployment page section, service overview), both languages.
import { defineMessages } from '../../lib/i18n';

export const om = defineMessages({
  operations: { en: 'Operations', zh: '运行监控' },
  window: { en: 'Time window', zh: '时间范围' },
  minutes: { en: '{n} min', zh: '{n} 分钟' },
  hour: { en: '1 h', zh: '1 小时' },
  noTraffic: {
    en: 'No traffic in the last {minutes} minutes: this serving process has answered no request for it.',
    zh: '最近 {minutes} 分钟没有流量：该服务进程未处理过它的请求。',
  },
  source: {
    en: 'Samples of serving process {process}, every {seconds} s, kept {kept} min; refreshed every {seconds} s.',
    zh: '数据来自服务进程 {process}，每 {seconds} 秒采样，保留 {kept} 分钟；每 {seconds} 秒刷新。',
  },
  requests: { en: 'Requests', zh: '请求数' },
  rate: { en: 'Request rate (req/s)', zh: '请求速率（次/秒）' },
  errors: { en: 'Errors', zh: '错误数' },
  errorRate: { en: 'Error rate', zh: '错误率' },
  latency: { en: 'Latency percentiles (ms)', zh: '延迟分位数（毫秒）' },
  batch: { en: 'Mean rows per model run', zh: '每次模型运行的平均行数' },
  trafficErrors: { en: 'Requests per second and errors', zh: '每秒请求数与错误数' },
  p50: { en: 'p50', zh: 'p50' },
  p95: { en: 'p95', zh: 'p95' },
  p99: { en: 'p99', zh: 'p99' },
  meanRows: { en: 'rows per run', zh: '每次行数' },
  summary: { en: 'Last {minutes} minutes', zh: '最近 {minutes} 分钟' },
  ms: { en: '{n} ms', zh: '{n} 毫秒' },
  none: { en: '—', zh: '—' },
  chartLabel: {
    en: '{title}: {points} points over the last {minutes} minutes',
    zh: '{title}：最近 {minutes} 分钟 {points} 个数据点',
  },
  serviceOps: { en: 'Operations by deployment', zh: '各部署运行监控' },
  serviceOpsTable: {
    en: 'Requests, errors and latency of each routed deployment over the last {minutes} minutes',
    zh: '各路由部署最近 {minutes} 分钟的请求、错误与延迟',
  },
  deployment: { en: 'Deployment', zh: '部署' },
  ratePerSec: { en: 'req/s', zh: '次/秒' },
});
