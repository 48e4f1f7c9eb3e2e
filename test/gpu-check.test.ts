// `npm run gpu:check` on this (CPU-only) host: the script that checks a GPU host keeps working, and on a
// host without a GPU it reports what the serving process records there — every accelerator placement
// READY on cpu with the reason, predictions equal to the hand computation, OCR on the CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ortBinDir } from '../scripts/gpu-providers.js';

test('gpu:check runs on a CPU-only host and records the fallbacks', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-gpu-check-'));
  try {
    const out = join(dir, 'gpu-check.json');
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/gpu-check.ts', '--seconds', '1', '--threads', '2', '--out', out],
      { maxBuffer: 1 << 22 },
    );
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      discovery: { available: string[]; unavailable: Record<string, string> };
      placement: Record<
        string,
        { state: string; provider: string; fallbackReason: string | null; maxAbsDiffVsHand: number }
      >;
      batching: { provider: string; rps: number; errors: number }[];
      ocr: { variant: string; lines: number; linesDifferingFromCpu: unknown[] }[];
    };
    assert.equal(result.discovery.available[0], 'cpu');
    for (const p of Object.values(result.placement)) {
      assert.equal(p.state, 'READY');
      assert.ok(p.maxAbsDiffVsHand < 1e-6, `max |y - hand| ${p.maxAbsDiffVsHand}`);
    }
    if (!result.discovery.available.includes('cuda')) {
      assert.equal(result.placement.gpu!.provider, 'cpu');
      assert.match(result.placement.gpu!.fallbackReason ?? '', /^tensorrt .*cuda .*not available on this host/);
    }
    assert.ok(result.batching.every((b) => b.errors === 0 && b.rps > 0));
    const cpu = result.ocr.find((o) => o.variant === 'cpu')!;
    assert.ok(cpu.lines > 20, `OCR read ${cpu.lines} lines of the contract page`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gpu:providers installs next to the core library onnxruntime-node loads', () => {
  assert.ok(existsSync(join(ortBinDir(), 'libonnxruntime.so.1')), ortBinDir());
});
