// Pre-annotation of classification tasks by a classifier Plinth trained (or any ONNX model of the same
// contract): inputs named after the columns it was trained on, one [N, 1] tensor each (float32 or
// string), or a positional `x` [N, F] whose feature names the version's metrics record; an output
// `probabilities` [N, C] over the classes its metrics record. The features of an item are what Plinth can
// build itself: for an image, px0..px63 (greyPixels, the same 8×8 grey values a label version carries),
// file, width and height; for a table row, its columns. The suggestion is the top class, if it is one of
// the project's labels, with its probability as the confidence.
import * as ort from 'onnxruntime-node';
import { signatureOf, type TensorSpec } from '../models/signature.js';
import { greyPixels } from './items.js';

/** A model that cannot pre-annotate this project, or an item it cannot score; the message says why. */
export class ClassifierContractError extends Error {
  override readonly name = 'ClassifierContractError';
}

export interface ClassifierFacts {
  /** metrics.classes of the model version. */
  classes: string[] | null;
  /** metrics.features (a positional model's column order). */
  features: string[] | null;
}

export type FeatureValue = number | string | null;

export interface Classifier {
  /** The columns the model takes, in its order. */
  columns: { name: string; dtype: 'float32' | 'string' }[];
  /** The top class and its probability, for one item's features by column name. */
  classify(features: Record<string, FeatureValue>): Promise<{ label: string; confidence: number }>;
  close(): Promise<void>;
}

function inputColumns(
  inputs: TensorSpec[],
  features: string[] | null,
): { positional: boolean; columns: Classifier['columns'] } {
  const positional = inputs.length === 1 && inputs[0]!.name === 'x' && inputs[0]!.shape.length === 2;
  if (positional) {
    if (!features || features.length !== inputs[0]!.shape[1])
      throw new ClassifierContractError(
        'the model takes a positional input x but its version does not record its feature columns (metrics.features)',
      );
    return { positional, columns: features.map((name) => ({ name, dtype: 'float32' })) };
  }
  return {
    positional,
    columns: inputs.map((i) => ({ name: i.name, dtype: i.dtype === 'string' ? 'string' : 'float32' })),
  };
}

/** A classifier on the ONNX model at `modelPath` (a verified artifact); throws ClassifierContractError. */
export async function createClassifier(modelPath: string, facts: ClassifierFacts): Promise<Classifier> {
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
  try {
    const signature = signatureOf(session);
    if (!signature.outputs.some((o) => o.name === 'probabilities'))
      throw new ClassifierContractError(
        `the model's outputs (${signature.outputs.map((o) => o.name).join(', ')}) have no probabilities: a classifier is needed`,
      );
    if (!facts.classes || facts.classes.length === 0)
      throw new ClassifierContractError('the model version does not record its classes (metrics.classes)');
    const classes = facts.classes;
    const { positional, columns } = inputColumns(signature.inputs, facts.features);
    return {
      columns,
      async classify(features) {
        const missing = columns.filter((c) => !(c.name in features)).map((c) => c.name);
        if (missing.length > 0)
          throw new ClassifierContractError(
            `the model takes ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}, which this item does not have`,
          );
        const number = (v: FeatureValue): number => (v === null || v === '' ? NaN : Number(v));
        const feeds: Record<string, ort.Tensor> = positional
          ? {
              x: new ort.Tensor('float32', Float32Array.from(columns.map((c) => number(features[c.name]!))), [
                1,
                columns.length,
              ]),
            }
          : Object.fromEntries(
              columns.map((c) => [
                c.name,
                c.dtype === 'string'
                  ? new ort.Tensor('string', [String(features[c.name] ?? '')], [1, 1])
                  : new ort.Tensor('float32', Float32Array.of(number(features[c.name]!)), [1, 1]),
              ]),
            );
        const out = await session.run(feeds, ['probabilities']);
        const p = out.probabilities!.data as Float32Array;
        if (p.length !== classes.length)
          throw new ClassifierContractError(
            `the model gives ${p.length} probabilities but its version records ${classes.length} classes`,
          );
        let best = 0;
        for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
        return { label: classes[best]!, confidence: Math.min(1, Math.max(0, p[best]!)) };
      },
      close: () => session.release(),
    };
  } catch (error) {
    await session.release();
    throw error;
  }
}

/** An image's features: px0..px63 (8×8 grey values in 0..1), file, width and height. */
export async function imageItemFeatures(
  item: { bytes: Buffer; width: number; height: number },
  file: string,
): Promise<Record<string, FeatureValue>> {
  const px = await greyPixels(item.bytes, 8);
  const out: Record<string, FeatureValue> = { file, width: item.width, height: item.height };
  px.forEach((v, i) => (out[`px${i}`] = v));
  return out;
}
