// Sentence embeddings for the knowledge Q&A: BAAI's bge-small v1.5 encoders (zh and en, quantised ONNX, fetched by
// the launcher into paths.embeddingModels), run with onnxruntime-node. onnxruntime runs a session on its own
// threads, so an embedding (2-4 ms for a question) never holds the subgraph's event loop. A text's vector is
// its [CLS] state, L2-normalised, as BGE is trained: the dot product of two vectors is their cosine.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { paths } from '../../../../lib/config.js';
import { createLogger } from '../../../../lib/logger.js';
import { encode, parseTokenizer, type WordPieceConfig } from './wordpiece.js';

const log = createLogger('knowledge');

export type EmbedLanguage = 'zh' | 'en';

/** The model folder of each language (the launcher's names: scripts/stack/versions.ts embeddingModelJars). */
export const MODEL_NAMES: Record<EmbedLanguage, string> = {
  zh: 'bge-small-zh-v1.5-q',
  en: 'bge-small-en-v1.5-q',
};
/** Longer text is cut: entity names and questions are far shorter; procedure steps fit. */
const MAX_TOKENS = 128;
/** Texts per session run when embedding many (a base's entities at load). */
const BATCH = 16;

export class Embedder {
  readonly dimensions: number;
  private readonly cache = new Map<string, Float32Array>();

  private constructor(
    readonly language: EmbedLanguage,
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: WordPieceConfig,
    dimensions: number,
  ) {
    this.dimensions = dimensions;
  }

  static async load(
    language: EmbedLanguage,
    dir = join(paths.embeddingModels, MODEL_NAMES[language]),
  ): Promise<Embedder> {
    const model = join(dir, 'model.onnx');
    const tokenizerFile = join(dir, 'tokenizer.json');
    for (const f of [model, tokenizerFile])
      if (!existsSync(f))
        throw new Error(`the ${language} sentence encoder is missing (${f}); \`npm run stack -- up\` fetches it`);
    // bge-small-zh's tokenizer file says lowercase: false, but its vocabulary (bert-base-chinese's) holds
    // English in lower case only, so "GIS" or "SF6" would be [UNK] without it.
    const tokenizer = parseTokenizer(readFileSync(tokenizerFile, 'utf8'), { lowercase: true });
    // One intra-op thread: questions are short, and the subgraph shares a small machine with the others.
    const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const probe = await new Embedder(language, session, tokenizer, 0).run(['x']);
    return new Embedder(language, session, tokenizer, probe[0]!.length);
  }

  /** One vector per text, in order. Repeated texts (a base's names, warm-up questions) come from a cache. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: (Float32Array | undefined)[] = texts.map((t) => this.cache.get(t));
    // Similar lengths share a batch: padding changes a quantised model's output slightly (cosine ≈ 0.99 to the
    // text alone), so the less of it the closer a name embedded at load is to the same text asked alone.
    const todo = [...new Set(texts.filter((_, i) => !out[i]))].sort((a, b) => a.length - b.length);
    for (let i = 0; i < todo.length; i += BATCH) {
      const batch = todo.slice(i, i + BATCH);
      const vectors = await this.run(batch);
      batch.forEach((t, j) => this.remember(t, vectors[j]!));
    }
    return texts.map((t, i) => out[i] ?? this.cache.get(t)!);
  }

  async embedOne(text: string): Promise<Float32Array> {
    return (await this.embed([text]))[0]!;
  }

  // Bounded: questions are unbounded in number, names are not; the oldest entry goes first.
  private remember(text: string, vector: Float32Array): void {
    if (this.cache.size >= 20_000) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(text, vector);
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    const ids = texts.map((t) => encode(this.tokenizer, t, MAX_TOKENS));
    const width = Math.max(...ids.map((x) => x.length));
    const n = texts.length;
    const inputIds = new BigInt64Array(n * width);
    const mask = new BigInt64Array(n * width);
    ids.forEach((row, r) =>
      row.forEach((id, c) => {
        inputIds[r * width + c] = BigInt(id);
        mask[r * width + c] = 1n;
      }),
    );
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', inputIds, [n, width]),
      attention_mask: new ort.Tensor('int64', mask, [n, width]),
    };
    if (this.session.inputNames.includes('token_type_ids'))
      feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n * width), [n, width]);
    const result = await this.session.run(feeds);
    const hidden = result[this.session.outputNames[0]!]!;
    const [, , dims] = hidden.dims as number[];
    const data = hidden.data as Float32Array;
    return texts.map((_, r) => {
      const v = data.slice(r * width * dims!, r * width * dims! + dims!);
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < v.length; k++) v[k]! /= norm;
      return v;
    });
  }
}

/** Cosine of two normalised vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const loading = new Map<EmbedLanguage, Promise<Embedder | null>>();

/**
 * The process's encoder for a language, loaded once. Null when the model files are absent (a subgraph started
 * without the launcher): the Q&A then answers from its lexicon and rules alone, and says so once in the log.
 */
export function embedder(language: EmbedLanguage): Promise<Embedder | null> {
  let p = loading.get(language);
  if (!p) {
    p = Embedder.load(language).catch((error: unknown) => {
      log.warn(`sentence encoder unavailable, answering without it: ${(error as Error).message}`);
      return null;
    });
    loading.set(language, p);
  }
  return p;
}
