// The supervisor with real child processes (plain `node -e` scripts): a SIGKILLed one comes back with a new
// pid while its sibling keeps running; quick crashes back off exponentially; a healthy run resets the
// back-off; stop() ends everything and restarts nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Supervisor, type ExitEvent } from './supervisor.js';

const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });
const forever = node('setInterval(() => {}, 1000); console.log("up");');
const alive = (pid: number | undefined): boolean => {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
};

test('a killed process is restarted with a new pid; its sibling is untouched', async () => {
  const logs: string[] = [];
  const sup = new Supervisor({ initialDelayMs: 100, log: (l) => logs.push(l), output: () => undefined });
  try {
    const a = sup.start({ name: 'a', ...forever });
    const b = sup.start({ name: 'b', ...forever });
    const restarted = sup.nextSpawn('a', 5_000);
    process.kill(a.pid!, 'SIGKILL');
    const event = await restarted;
    assert.equal(event.restarts, 1);
    assert.notEqual(event.pid, a.pid);
    assert.ok(alive(event.pid), 'the new process runs');
    assert.equal(sup.get('b')!.pid, b.pid, 'the sibling kept its pid');
    assert.ok(alive(b.pid));
    assert.match(logs.join('\n'), /a \(pid \d+\) exited \(SIGKILL\) after .*; restarting in 0\.1s \(restart 1\)/);
  } finally {
    await sup.stop();
  }
});

test('quick crashes back off exponentially, capped', async () => {
  const exits: ExitEvent[] = [];
  const sup = new Supervisor({
    initialDelayMs: 50,
    maxDelayMs: 200,
    resetAfterMs: 10_000,
    log: () => undefined,
    output: () => undefined,
  });
  sup.on('exit', (e: ExitEvent) => exits.push(e));
  try {
    sup.start({ name: 'crasher', ...node('process.exit(3)') });
    const deadline = Date.now() + 10_000;
    while (exits.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      exits.slice(0, 5).map((e) => e.restartInMs),
      [50, 100, 200, 200, 200],
    );
    assert.ok(exits.every((e) => e.code === 3));
  } finally {
    await sup.stop();
  }
});

test('a process that stayed up past resetAfterMs restarts after the initial delay again', async () => {
  const exits: ExitEvent[] = [];
  const sup = new Supervisor({
    initialDelayMs: 50,
    maxDelayMs: 5_000,
    resetAfterMs: 400,
    log: () => undefined,
    output: () => undefined,
  });
  sup.on('exit', (e: ExitEvent) => exits.push(e));
  try {
    const p = sup.start({ name: 'p', ...forever });
    await new Promise((r) => setTimeout(r, 100));
    process.kill(p.pid!, 'SIGKILL'); // quick crash 1 → 50 ms
    const second = await sup.nextSpawn('p', 5_000);
    process.kill(second.pid!, 'SIGKILL'); // quick crash 2 → 100 ms
    const third = await sup.nextSpawn('p', 5_000);
    await new Promise((r) => setTimeout(r, 600)); // healthy for longer than resetAfterMs
    process.kill(third.pid!, 'SIGKILL'); // back-off reset → 50 ms
    await sup.nextSpawn('p', 5_000);
    assert.deepEqual(
      exits.map((e) => e.restartInMs),
      [50, 100, 50],
    );
  } finally {
    await sup.stop();
  }
});

test('stop() terminates every process and restarts none; SIGKILL after the grace period', async () => {
  const exits: ExitEvent[] = [];
  const ready = new Set<string>();
  const sup = new Supervisor({
    initialDelayMs: 10,
    stopGraceMs: 300,
    log: () => undefined,
    output: (name) => ready.add(name),
  });
  sup.on('exit', (e: ExitEvent) => exits.push(e));
  const a = sup.start({ name: 'a', ...forever });
  // Ignores SIGTERM: only the SIGKILL after the grace period ends it.
  const stubborn = sup.start({
    name: 'stubborn',
    ...node('process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")'),
  });
  while (ready.size < 2) await new Promise((r) => setTimeout(r, 20));
  const began = Date.now();
  await sup.stop();
  assert.ok(Date.now() - began >= 250, 'waited for the grace period');
  assert.ok(!alive(a.pid) && !alive(stubborn.pid));
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(exits.map((e) => [e.name, e.signal, e.restartInMs]).sort(), [
    ['a', 'SIGTERM', undefined],
    ['stubborn', 'SIGKILL', undefined],
  ]);
  assert.equal(
    sup.list().every((p) => p.restarts === 0),
    true,
  );
});
