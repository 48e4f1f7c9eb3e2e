import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuntimeMetrics } from './metrics.js';
import { OperationsRecorder, Ring, delta, histogramQuantile, windowOf, type Sample } from './operations.js';

test('histogramQuantile interpolates inside the bucket holding the rank, as Prometheus does', () => {
  const bounds = [0.01, 0.1, 1];
  // 10 requests ≤ 10 ms, 10 in (10, 100] ms, none above.
  const counts = [10, 10, 0, 0];
  assert.equal(histogramQuantile(0.5, bounds, counts), 0.01); // rank 10: the top of the first bucket
  assert.ok(Math.abs(histogramQuantile(0.25, bounds, counts)! - 0.005) < 1e-12); // rank 5 of 10 in [0, 0.01]
  assert.ok(Math.abs(histogramQuantile(0.75, bounds, counts)! - 0.055) < 1e-12); // rank 15: halfway in (0.01, 0.1]
  assert.ok(Math.abs(histogramQuantile(0.99, bounds, counts)! - 0.0982) < 1e-12);
  // Above the last bound: the last bound (nothing is known higher).
  assert.equal(histogramQuantile(0.99, bounds, [0, 0, 0, 5]), 1);
  assert.equal(histogramQuantile(0.5, bounds, [0, 0, 0, 0]), null);
  // Empty buckets before the rank do not stop it.
  assert.ok(Math.abs(histogramQuantile(0.5, bounds, [0, 0, 4, 0])! - 0.55) < 1e-12);
  assert.throws(() => histogramQuantile(0, bounds, counts), /quantile/);
});

test('Ring keeps the newest `capacity` items, oldest first', () => {
  const ring = new Ring<number>(3);
  for (const n of [1, 2, 3, 4, 5]) ring.push(n);
  assert.deepEqual(ring.toArray(), [3, 4, 5]);
  assert.equal(ring.length, 3);
  assert.throws(() => new Ring(0), /capacity/);
});

const sample = (at: number, over: Partial<Sample> = {}): Sample => ({
  since: 0,
  at,
  requests: 0,
  errors: 0,
  latencyBounds: [0.01, 0.1],
  latencyCounts: [0, 0, 0],
  runs: 0,
  rows: 0,
  ...over,
});

test('delta: rate, errors, percentiles and batch rows of the interval only; a reset counts from zero', () => {
  const a = sample(10_000, { requests: 100, errors: 1, latencyCounts: [100, 0, 0], runs: 50, rows: 100 });
  const b = sample(20_000, { requests: 120, errors: 4, latencyCounts: [100, 20, 0], runs: 55, rows: 140 });
  const p = delta(a, b);
  assert.equal(p.seconds, 10);
  assert.equal(p.requests, 20);
  assert.equal(p.requestRate, 2);
  assert.equal(p.errors, 3);
  // Every request of the interval took 10–100 ms: the earlier fast ones do not pull its percentiles down.
  assert.equal(p.p50Ms, 55);
  assert.equal(p.p99Ms, 99.1);
  assert.equal(p.runs, 5);
  assert.equal(p.meanBatchRows, 8);
  assert.equal(p.partial, false);
  // Undeployed and deployed again between samples: the new series began at 15 s.
  const c = sample(20_000, { since: 15_000, requests: 5, latencyCounts: [5, 0, 0], runs: 5, rows: 5 });
  const r = delta(a, c);
  assert.equal(r.requests, 5);
  assert.equal(r.seconds, 5);
  assert.equal(r.requestRate, 1);
  const idle = delta(b, sample(30_000, { ...b, at: 30_000 }));
  assert.deepEqual([idle.requests, idle.p50Ms, idle.meanBatchRows, idle.requestRate], [0, null, null, 0]);
});

test('windowOf: the sample before the window is its baseline; the newest point ends now', () => {
  const samples = [0, 1, 2, 3, 4, 5, 6].map((i) =>
    sample(i * 60_000, { requests: i * 60, latencyCounts: [i * 60, 0, 0] }),
  );
  const now = sample(6 * 60_000 + 30_000, { requests: 6 * 60 + 15, latencyCounts: [375, 0, 0] });
  const w = windowOf(samples, now, 2);
  // Window (4.5 min, 6.5 min]: baseline at 4 min, points at 5, 6 and now.
  assert.deepEqual(
    w.points.map((p) => [p.time, p.requests, p.partial]),
    [
      [300_000, 60, false],
      [360_000, 60, false],
      [390_000, 15, true],
    ],
  );
  assert.equal(w.total?.requests, 135);
  assert.equal(w.total?.seconds, 150);
  // Less than a second since the last sample and nothing new: no noisy partial point.
  const quiet = windowOf(samples, sample(360_500, { requests: 360, latencyCounts: [360, 0, 0] }), 2);
  assert.equal(quiet.points.at(-1)?.partial, false);
  assert.deepEqual(windowOf([], null, 15), { points: [], total: null });
});

test('OperationsRecorder: bounded rings, zero baseline at the series start, forgets undeployed series', () => {
  let clock = 1_000;
  const now = () => clock;
  const metrics = new RuntimeMetrics('t', [0.01, 0.1], [1, 4], now);
  const recorder = new OperationsRecorder(metrics, 10_000, 60_000, now);
  metrics.request('d1', 0.005);
  metrics.batch('d1', 1, 3);
  // Before any tick the traffic already shows, from the series' start.
  clock = 3_000;
  assert.deepEqual(
    recorder.window('d1', 15).points.map((p) => [p.requests, p.seconds, p.meanBatchRows, p.partial]),
    [[1, 2, 3, true]],
  );
  for (let i = 1; i <= 20; i++) {
    clock = 1_000 + i * 10_000;
    metrics.request('d1', 0.05);
    recorder.sample();
  }
  // 60 s kept at 10 s: 7 samples (6 intervals and their baseline), whatever the window asks.
  const w = recorder.window('d1', 60);
  assert.equal(w.points.length, 6);
  assert.ok(w.points.every((p) => p.requests === 1 && p.requestRate === 0.1 && p.p50Ms === 55));
  metrics.remove('d1');
  recorder.sample();
  assert.deepEqual(recorder.window('d1', 15), { points: [], total: null });
  recorder.start().start(); // idempotent, unref'd: this test file still exits
  recorder.stop();
});
