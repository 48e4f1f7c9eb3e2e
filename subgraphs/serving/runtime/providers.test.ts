import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseProvider, discoverProviders, libraryLoadError, normalizeProvider } from './providers.js';

test('chooseProvider takes the first requested EP the host has', () => {
  assert.deepEqual(chooseProvider(['tensorrt', 'cuda'], ['cpu', 'cuda', 'tensorrt']), {
    provider: 'tensorrt',
    fallbackReason: null,
  });
  assert.deepEqual(chooseProvider(['cpu'], ['cpu']), { provider: 'cpu', fallbackReason: null });
  assert.deepEqual(chooseProvider([], ['cpu']), { provider: 'cpu', fallbackReason: null });
  const partial = chooseProvider(['tensorrt', 'cuda'], ['cpu', 'cuda']);
  assert.equal(partial.provider, 'cuda');
  assert.match(partial.fallbackReason ?? '', /^tensorrt is not available on this host/);
});

test('chooseProvider falls back to cpu with a reason naming what is missing', () => {
  const choice = chooseProvider(['cuda'], ['cpu']);
  assert.equal(choice.provider, 'cpu');
  assert.equal(choice.fallbackReason, 'cuda is not available on this host (available: cpu); using cpu');
  const both = chooseProvider(['TensorrtExecutionProvider', 'CUDA'], {
    available: ['cpu'],
    unavailable: { cuda: 'Failed to load shared library' },
  });
  assert.equal(both.provider, 'cpu');
  assert.equal(
    both.fallbackReason,
    'tensorrt, cuda (Failed to load shared library) are not available on this host (available: cpu); using cpu',
  );
  assert.equal(chooseProvider(['cann'], ['cpu']).provider, 'cpu');
});

test('EP names normalize', () => {
  assert.equal(normalizeProvider('CUDAExecutionProvider'), 'cuda');
  assert.equal(normalizeProvider(' OpenVINO '), 'openvino');
  assert.equal(normalizeProvider('cpu'), 'cpu');
});

test('discoverProviders keeps the listed EPs whose probe succeeds', async () => {
  const found = await discoverProviders({
    listBackends: () => [{ name: 'cpu' }, { name: 'cuda' }, { name: 'webgpu' }],
    probe: async (ep) => (ep === 'cuda' ? null : 'no adapter'),
  });
  assert.deepEqual(found, { available: ['cpu', 'cuda'], unavailable: { webgpu: 'no adapter' } });
});

test('this host: cpu is available, and every listed EP is either available or has a reason', async () => {
  const found = await discoverProviders();
  assert.equal(found.available[0], 'cpu');
  for (const [ep, reason] of Object.entries(found.unavailable)) {
    assert.ok(!found.available.includes(ep));
    assert.ok(reason.length > 0, ep);
  }
});

test("libraryLoadError takes the dynamic loader's reason out of ONNX Runtime's error log", () => {
  const log =
    '\x1b[1;31m2026-11-26 22:09:43.18 [E:onnxruntime:onnxruntime-node, provider_bridge_ort.cc:2146 Create] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /x/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory\n\x1b[m\n';
  assert.equal(
    libraryLoadError(log),
    'libonnxruntime_providers_cuda.so: libcublasLt.so.13: cannot open shared object file: No such file or directory',
  );
  assert.equal(
    libraryLoadError(
      'FAIL : Failed to load library /x/libonnxruntime_providers_shared.so with error: /x/libonnxruntime_providers_shared.so: cannot open shared object file: No such file or directory',
    ),
    'libonnxruntime_providers_shared.so is not installed; npm run gpu:providers installs it',
  );
  assert.equal(libraryLoadError('some other error'), null);
});
