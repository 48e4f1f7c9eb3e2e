import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ocrDetectionProvider } from './index.js';

test('ocrDetectionProvider puts detection on CUDA when the host has it, else on the CPU', () => {
  assert.equal(ocrDetectionProvider(['cpu', 'webgpu', 'cuda']), 'cuda');
  assert.equal(ocrDetectionProvider(['cpu', 'webgpu']), 'cpu');
  assert.equal(ocrDetectionProvider(['cpu']), 'cpu');
});

test('ocrDetectionProvider takes an override only when the host has that provider', () => {
  assert.equal(ocrDetectionProvider(['cpu', 'webgpu', 'cuda'], 'webgpu'), 'webgpu');
  assert.equal(ocrDetectionProvider(['cpu'], 'cuda'), 'cpu');
  assert.equal(ocrDetectionProvider(['cpu', 'cuda'], 'tensorrt'), 'cuda');
});
