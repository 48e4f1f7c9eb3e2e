import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickDeployment, signatureMismatch, stickyFraction } from './runtime.js';
import { seededRandom } from '../../../domain/random.js';

test('pickDeployment follows the weights', () => {
  const routes = [
    { deploymentId: 'stable', weight: 90 },
    { deploymentId: 'canary', weight: 10 },
  ];
  const random = seededRandom(42);
  let canary = 0;
  for (let i = 0; i < 1000; i++) if (pickDeployment(routes, undefined, random) === 'canary') canary++;
  assert.ok(Math.abs(canary / 1000 - 0.1) <= 0.03, `canary share ${canary / 1000}`);
  assert.equal(pickDeployment([]), null);
  assert.equal(pickDeployment([{ deploymentId: 'a', weight: 0 }]), null);
  assert.equal(
    pickDeployment([
      { deploymentId: 'a', weight: 0 },
      { deploymentId: 'b', weight: 1 },
    ]),
    'b',
  );
});

test('sticky keys keep their route whatever the order of routes', () => {
  const routes = [
    { deploymentId: 'stable', weight: 90 },
    { deploymentId: 'canary', weight: 10 },
  ];
  const reversed = [...routes].reverse();
  let canary = 0;
  for (let i = 0; i < 1000; i++) {
    const key = `user-${i}`;
    const pick = pickDeployment(routes, key);
    assert.equal(pickDeployment(reversed, key), pick);
    assert.equal(pickDeployment(routes, key), pick);
    if (pick === 'canary') canary++;
  }
  assert.ok(Math.abs(canary / 1000 - 0.1) <= 0.03, `canary share ${canary / 1000}`);
  const f = stickyFraction('x');
  assert.ok(f >= 0 && f < 1);
});

test('signatureMismatch names what differs', () => {
  const sig = {
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 4] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 1] }],
  };
  assert.equal(signatureMismatch(sig, sig), null);
  assert.match(
    signatureMismatch({ ...sig, inputs: [{ name: 'x', dtype: 'int64', shape: [] }] }, sig) ?? '',
    /input "x": registered int64, model file has float32/,
  );
  assert.match(
    signatureMismatch({ ...sig, outputs: [] }, sig) ?? '',
    /output "y" is in the model file but not registered/,
  );
});
