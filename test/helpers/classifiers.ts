// A hand-built ONNX classifier of the contract Plinth's trained classifiers follow (positional x over
// recorded features, softmax `probabilities` over recorded classes): dark vs light images by the mean of
// their 8×8 grey pixels px0..px63. For the pre-annotation tests.
import { encodeModel } from '../../domain/models/onnx-builder.js';

export const PIXEL_FEATURES = Array.from({ length: 64 }, (_, i) => `px${i}`);
export const DARK_LIGHT_CLASSES = ['dark', 'light'];

/** probabilities = softmax([-8·mean(px) + 4, 8·mean(px) - 4]) over DARK_LIGHT_CLASSES. */
export function darkLightClassifier(): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 64] }],
    outputs: [{ name: 'probabilities', dtype: 'float32', shape: ['N', 2] }],
    initializers: [
      { name: 'W', dtype: 'float32', dims: [64, 2], values: PIXEL_FEATURES.flatMap(() => [-8 / 64, 8 / 64]) },
      { name: 'B', dtype: 'float32', dims: [2], values: [4, -4] },
    ],
    nodes: [
      { op: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { op: 'Add', inputs: ['xw', 'B'], outputs: ['z'] },
      { op: 'Softmax', inputs: ['z'], outputs: ['probabilities'] },
    ],
  });
}
