import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeMetrics } from './metrics.js';

test('Prometheus exposition: counters, errors by code, histograms, queue gauge', () => {
  const m = new RuntimeMetrics('t', [0.01, 0.1], [1, 4]);
  m.request('d"1', 0.005);
  m.request('d"1', 0.05, 'OVERLOADED');
  m.batch('d"1', 3, 3);
  const text = m.render({ 'd"1': 2 });
  for (const line of [
    '# TYPE t_requests_total counter',
    't_requests_total{deployment="d\\"1"} 2',
    't_errors_total{deployment="d\\"1",code="OVERLOADED"} 1',
    '# TYPE t_request_duration_seconds histogram',
    't_request_duration_seconds_bucket{deployment="d\\"1",le="0.01"} 1',
    't_request_duration_seconds_bucket{deployment="d\\"1",le="0.1"} 2',
    't_request_duration_seconds_bucket{deployment="d\\"1",le="+Inf"} 2',
    't_request_duration_seconds_count{deployment="d\\"1"} 2',
    't_batch_size_bucket{deployment="d\\"1",le="1"} 0',
    't_batch_size_bucket{deployment="d\\"1",le="4"} 1',
    't_batch_size_sum{deployment="d\\"1"} 3',
    't_queue_depth{deployment="d\\"1"} 2',
  ])
    assert.ok(text.split('\n').includes(line), line);
  assert.ok(text.endsWith('\n'));
  assert.deepEqual(m.snapshot('d"1'), { requests: 2, errors: { OVERLOADED: 1 }, runs: 1 });
  m.remove('d"1');
  assert.equal(m.snapshot('d"1'), null);
});
