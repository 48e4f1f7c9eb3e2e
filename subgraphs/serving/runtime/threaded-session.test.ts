// Sessions in worker threads (isolation: 'thread'): the same answers as inline sessions, load errors
// reported the same way, runs of a pool side by side, and the calling thread's event loop left free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { logisticRegressionModel, mlpModel } from '../../../domain/models/onnx-builder.js';
import { SessionPool } from './session-pool.js';
import { longestStall } from '../../../test/helpers/stall.js';

const rows = (n: number, width: number, seed = 3): ort.Tensor => {
  let s = seed;
  const data = Float32Array.from(
    { length: n * width },
    () => ((s = (s * 1103515245 + 12345) >>> 0), s / 2 ** 32 - 0.5),
  );
  return new ort.Tensor('float32', data, [n, width]);
};

test('a threaded pool answers exactly as an inline one, and leaves the inputs usable', async () => {
  const model = mlpModel([16, 64, 4], 5);
  const [inline, threaded] = await Promise.all([
    SessionPool.create({ model, provider: 'cpu', size: 1 }),
    SessionPool.create({ model, provider: 'cpu', size: 2, isolation: 'thread' }),
  ]);
  assert.equal(threaded.state, 'READY', threaded.reason ?? '');
  assert.deepEqual(threaded.signature, inline.signature);
  const x = rows(8, 16);
  const a = (await inline.run({ x })).y as ort.Tensor;
  const b = (await threaded.run({ x })).y as ort.Tensor;
  assert.deepEqual(b.dims, a.dims);
  assert.deepEqual(Array.from(b.data as Float32Array), Array.from(a.data as Float32Array));
  assert.equal((x.data as Float32Array).length, 8 * 16, 'the input buffer was copied, not transferred away');
  await Promise.all([inline.close(), threaded.close()]);
  assert.equal(threaded.state, 'CLOSED');
});

test("a model a thread cannot load gives FAILED with onnxruntime's reason", async () => {
  const bad = await SessionPool.create({
    model: Uint8Array.from([1, 2, 3]),
    provider: 'cpu',
    size: 1,
    isolation: 'thread',
  });
  assert.equal(bad.state, 'FAILED');
  assert.match(bad.reason ?? '', /could not create an ONNX Runtime session with cpu/);
  const ok = await SessionPool.create({
    model: logisticRegressionModel([1, 1], 0),
    provider: 'cpu',
    size: 1,
    isolation: 'thread',
  });
  const bogus = await ok.run({ x: new ort.Tensor('float32', new Float32Array(3), [1, 3]) }).then(
    () => null,
    (e: Error) => e,
  );
  assert.ok(bogus instanceof Error && /x|dimension|shape/i.test(bogus.message), String(bogus));
  await ok.close();
});

test('threaded sessions leave the event loop free; inline ones hold it and take turns', async () => {
  // A heavy batch through a wide MLP, one intra-op thread per session: ~tens of ms a run.
  const model = mlpModel([512, 2048, 2048, 8], 9);
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const x = rows(256, 512);
  const measure = async (pool: SessionPool): Promise<{ pair: number; single: number; stall: number }> => {
    await pool.run({ x });
    let single = Infinity;
    let t = 0;
    for (let round = 0; round < 5; round++) {
      t = performance.now();
      await pool.run({ x });
      single = Math.min(single, performance.now() - t);
    }
    // The best of five pairs, so that one interruption by another process does not decide it.
    let pair = Infinity;
    let stall = Infinity;
    for (let round = 0; round < 5; round++) {
      t = performance.now();
      const held = await longestStall(() => Promise.all([pool.run({ x }), pool.run({ x })]));
      pair = Math.min(pair, performance.now() - t);
      stall = Math.min(stall, held.stall);
    }
    return { pair, single, stall };
  };
  const inline = await SessionPool.create({ model, provider: 'cpu', size: 2, sessionOptions: opts });
  const threaded = await SessionPool.create({
    model,
    provider: 'cpu',
    size: 2,
    sessionOptions: opts,
    isolation: 'thread',
  });
  const i = await measure(inline);
  const th = await measure(threaded);
  console.log(
    `  inline: one run ${i.single.toFixed(1)} ms, two at once ${i.pair.toFixed(1)} ms, longest stall ${i.stall.toFixed(1)} ms`,
  );
  console.log(
    `  thread: one run ${th.single.toFixed(1)} ms, two at once ${th.pair.toFixed(1)} ms, longest stall ${th.stall.toFixed(1)} ms`,
  );
  // Inline runs are synchronous on this thread: the pair holds the event loop from start to end (a structural
  // fact, unlike a ratio of two timings, which noise from Neo4j or Keycloak on a 2-core CI machine can bend:
  // a single run measured at 40.9 ms once against a 62.6 ms pair). The ratio stays as a loose sanity check.
  assert.ok(
    i.stall > 0.9 * i.pair,
    `inline sessions take turns on this thread: stall ${i.stall.toFixed(1)} ms of a ${i.pair.toFixed(1)} ms pair`,
  );
  assert.ok(
    i.pair > 1.3 * i.single,
    `inline sessions take turns: two runs took ${i.pair.toFixed(1)} ms, one ${i.single.toFixed(1)} ms`,
  );
  // How much two threaded runs gain by overlapping depends on free cores: on a quiet 2-core machine the pair
  // takes ~1.2-1.5x one run against ~2.1x taking turns, on a busy one nothing (measured 253 ms threaded vs
  // 158 ms inline while six other processes held both cores). That figure is a benchmark's
  // (bench/threaded-sessions.ts, alternating rounds); this test keeps what holds on any machine: the
  // calling thread's event loop stays free while threaded sessions run.
  assert.ok(
    th.stall < i.stall / 2,
    `event loop stall ${th.stall.toFixed(1)} ms threaded vs ${i.stall.toFixed(1)} ms inline`,
  );
  await Promise.all([inline.close(), threaded.close()]);
});
