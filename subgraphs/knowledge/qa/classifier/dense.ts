// Multinomial logistic regression over dense vectors (sentence embeddings), trained with AdaGrad and L2 from
// zero weights over a seeded shuffle, so the same vectors always give the same model. The embedding half of
// the intent classifier: the sparse model (model.ts) knows the corpus's words, this one what they mean.
import { epochOrders } from './epochs.js';

export interface DenseTrainOptions {
  epochs?: number;
  rate?: number;
  l2?: number;
  seed?: number;
}

export class DenseSoftmax<L extends string> {
  private weights: Float64Array = new Float64Array(0);
  private readonly bias: Float64Array;
  private dims = 0;

  constructor(readonly labels: readonly L[]) {
    this.bias = new Float64Array(labels.length);
  }

  train(samples: { x: Float32Array; label: L }[], opts: DenseTrainOptions = {}): this {
    const { epochs = 30, rate = 0.2, l2 = 1e-4, seed = 11 } = opts;
    const K = this.labels.length;
    const D = (this.dims = samples[0]?.x.length ?? 0);
    this.weights = new Float64Array(D * K);
    this.bias.fill(0);
    const g2 = new Float64Array(D * K).fill(1e-8);
    const b2 = new Float64Array(K).fill(1e-8);
    const ys = samples.map((s) => {
      const y = this.labels.indexOf(s.label);
      if (y < 0) throw new Error(`DenseSoftmax: unknown label ${s.label}`);
      if (s.x.length !== D) throw new Error(`DenseSoftmax: vector of ${s.x.length} dimensions, expected ${D}`);
      return y;
    });
    const p = new Float64Array(K);
    const g = new Float64Array(K);
    for (const order of epochOrders(samples.length, epochs, seed)) {
      for (const r of order) {
        const x = samples[r]!.x;
        this.scores(x, p);
        for (let k = 0; k < K; k++) {
          g[k] = p[k]! - (k === ys[r] ? 1 : 0);
          b2[k]! += g[k]! * g[k]!;
          this.bias[k]! -= (rate * g[k]!) / Math.sqrt(b2[k]!);
        }
        for (let d = 0; d < D; d++) {
          const xd = x[d]!;
          const row = d * K;
          for (let k = 0; k < K; k++) {
            const w = row + k;
            const gw = g[k]! * xd + l2 * this.weights[w]!;
            g2[w]! += gw * gw;
            this.weights[w]! -= (rate * gw) / Math.sqrt(g2[w]!);
          }
        }
      }
    }
    return this;
  }

  state(): DenseSoftmaxState {
    return { labels: [...this.labels], dims: this.dims, bias: [...this.bias], weights: [...this.weights] };
  }

  restore(s: DenseSoftmaxState): this {
    this.dims = s.dims;
    this.bias.set(s.bias);
    this.weights = Float64Array.from(s.weights);
    return this;
  }

  /** Softmax probabilities of every label, in `labels` order. */
  probabilities(x: Float32Array): Float64Array {
    if (x.length !== this.dims)
      throw new Error(`DenseSoftmax: vector of ${x.length} dimensions, expected ${this.dims}`);
    const p = new Float64Array(this.labels.length);
    this.scores(x, p);
    return p;
  }

  private scores(x: Float32Array, out: Float64Array): void {
    const K = this.labels.length;
    out.set(this.bias);
    for (let d = 0; d < x.length; d++) {
      const xd = x[d]!;
      if (xd === 0) continue;
      const row = d * K;
      for (let k = 0; k < K; k++) out[k]! += this.weights[row + k]! * xd;
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (out[k]! > max) max = out[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[k] = Math.exp(out[k]! - max);
    for (let k = 0; k < K; k++) out[k]! /= sum;
  }
}

/** What a trained DenseSoftmax saves (the intent head's disk cache). */
export interface DenseSoftmaxState {
  labels: string[];
  dims: number;
  bias: number[];
  weights: number[];
}

export function saveDense<L extends string>(m: DenseSoftmax<L>): DenseSoftmaxState {
  return m.state();
}

export function loadDense<L extends string>(labels: readonly L[], s: DenseSoftmaxState): DenseSoftmax<L> {
  if (s.labels.join() !== labels.join())
    throw new Error(`saved head has labels ${s.labels.join()}, expected ${labels.join()}`);
  if (s.weights.length !== s.dims * labels.length || s.bias.length !== labels.length)
    throw new Error('saved head has the wrong number of weights');
  return new DenseSoftmax(labels).restore(s);
}
