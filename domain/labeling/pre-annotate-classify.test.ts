// A classifier's pre-annotation without the stack: a hand-built ONNX classifier over px0..px63 (dark
// vs light images, positional x with the version's recorded features, softmax probabilities) labels
// rendered images by their grey values with the top class's probability; a model with no probabilities,
// no recorded classes, or inputs an item does not have is refused naming the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { logisticRegressionModel } from '../models/onnx-builder.js';
import { darkLightClassifier, PIXEL_FEATURES } from '../../test/helpers/classifiers.js';
import { ClassifierContractError, createClassifier, imageItemFeatures } from './pre-annotate-classify.js';
import { probeImage } from './items.js';

const FEATURES = PIXEL_FEATURES;
const darkLight = darkLightClassifier;

function png(shade: string): Buffer {
  const canvas = createCanvas(40, 30);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = shade;
  ctx.fillRect(0, 0, 40, 30);
  return canvas.toBuffer('image/png');
}

async function withModel<T>(bytes: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'plinth-classify-'));
  try {
    const path = join(dir, 'model.onnx');
    await writeFile(path, bytes);
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a classifier over px0..px63 labels images by their grey values, with the probability', async () => {
  await withModel(darkLight(), async (path) => {
    const classifier = await createClassifier(path, { classes: ['dark', 'light'], features: FEATURES });
    try {
      for (const [shade, label] of [
        ['#000000', 'dark'],
        ['#ffffff', 'light'],
        ['#202020', 'dark'],
      ] as const) {
        const bytes = png(shade);
        const features = await imageItemFeatures({ bytes, ...probeImage(bytes, 'a.png') }, 'a.png');
        assert.deepEqual([features.file, features.width, features.height], ['a.png', 40, 30]);
        const result = await classifier.classify(features);
        assert.equal(result.label, label, shade);
        assert.ok(result.confidence > 0.9 && result.confidence <= 1, String(result.confidence));
      }
      await assert.rejects(classifier.classify({ px0: 1 }), /takes px1, px2/);
    } finally {
      await classifier.close();
    }
  });
});

test('a model that is no classifier of this contract is refused naming why', async () => {
  await withModel(darkLight(), async (path) => {
    await assert.rejects(createClassifier(path, { classes: null, features: FEATURES }), (e: Error) => {
      assert.ok(e instanceof ClassifierContractError);
      assert.match(e.message, /does not record its classes/);
      return true;
    });
    await assert.rejects(createClassifier(path, { classes: ['dark', 'light'], features: null }), /feature columns/);
  });
  await withModel(logisticRegressionModel([1, 2], 0), async (path) => {
    await assert.rejects(createClassifier(path, { classes: ['a', 'b'], features: ['p', 'q'] }), /no probabilities/);
  });
});
