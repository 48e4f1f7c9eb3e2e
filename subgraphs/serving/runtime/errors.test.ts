// What a failed session run means for the caller: the model refusing the input, or a fault of the runtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFailure } from './errors.js';

test('ONNX Runtime refusing an input inside the graph is MODEL_REJECTED_INPUT, with its message and what to do', () => {
  const e = runFailure(
    new Error(
      "Non-zero status code returned while running Add node. Name:'add_0' Status Message: Attempting to broadcast an axis by a dimension other than 1. 3 by 2",
    ),
  );
  assert.equal(e.code, 'MODEL_REJECTED_INPUT');
  assert.match(e.message, /^the model could not run on this input: Non-zero status code .* 3 by 2\./);
  assert.match(e.message, /send inputs shaped as the model was trained on/);
});

test('anything else stays INTERNAL (masked with a reference by the subgraph)', () => {
  const e = runFailure(new Error('worker thread exited with code 1'));
  assert.equal(e.code, 'INTERNAL');
  assert.equal(e.message, 'model run failed: worker thread exited with code 1');
});
