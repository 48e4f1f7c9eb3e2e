// The embedding half of the intent classifier: per language, a softmax head (dense.ts) over the sentence vectors
// (embed/embedder.ts) of the paraphrase corpus, zh patterns through the zh encoder and en through the en one.
// A question is read twice: whole, and its asking part (the clause that asks, after a description of what was
// seen: "主变油温报警了，冷却器也停了，根子在哪" is asked by "根子在哪"), so a long symptom story does not drown
// the question. Linked names are replaced by a plain word of their kind ("the fault", 故障) because the
// encoder, unlike the sparse model, reads them as meaning; a slot token would be noise to it.
//
// Training embeds ~1,000 texts per language (seconds), so a trained head is kept on disk beside the encoders,
// keyed by a hash of the training texts, the training options and the encoder's model file: a process
// trains once per corpus and model, later ones read the head in milliseconds. The subgraph's warm-up asks
// questions in both languages, which loads (or trains) both heads before it listens.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { paths } from '../../../../lib/config.js';
import { createLogger } from '../../../../lib/logger.js';
import { embedder, MODEL_NAMES, type EmbedLanguage, type Embedder } from '../embed/embedder.js';
import { CLASSES, type IntentClass } from './corpus.js';
import { DenseSoftmax, loadDense, type DenseSoftmaxState, type DenseTrainOptions } from './dense.js';
import { expandCorpus } from './expand.js';

const log = createLogger('knowledge');

/** 30 passes converge on the corpus (its training accuracy stops rising); small L2 keeps probabilities from saturating. */
export const HEAD_OPTIONS: Required<DenseTrainOptions> = { epochs: 30, rate: 0.2, l2: 1e-4, seed: 11 };
/** Bumped when what a head reads changes in a way the hash of its inputs cannot see (their layout). */
const HEAD_FORMAT = 'whole+asking/v1';

// The plain word each slot becomes: neutral within its kind, so it leans to no question kind. English takes the
// question's own determiner when it has one ("a {fault}" → "a fault", not "a the fault").
const SLOT_WORDS: Record<string, [string, string]> = {
  fault: ['故障', 'fault'],
  symptom: ['告警', 'alarm'],
  equipment: ['设备', 'equipment'],
  equipment_type: ['设备', 'equipment'],
  rule: ['规定', 'rule'],
  role: ['人员', 'crew'],
  procedure: ['规程', 'procedure'],
  cause: ['情况', 'situation'],
};

/** The text with slot tokens ({fault} …) as plain words of their kind. */
export function naturalText(text: string, lang: EmbedLanguage): string {
  const word = (slot: string): string | undefined => SLOT_WORDS[slot.toLowerCase()]?.[lang === 'zh' ? 0 : 1];
  return text
    .replace(
      /\b(the|a|an|this|that|these|those|my|our|your|its|their)\s+\{([a-z_]+)\}/gi,
      (m, det: string, slot: string) => (word(slot) && lang === 'en' ? `${det} ${word(slot)}` : m),
    )
    .replace(/\{([a-z_]+)\}/gi, (m, slot: string) => {
      const w = word(slot);
      return w === undefined ? m : lang === 'en' ? `the ${w}` : w;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

const ASKING =
  /为什么|为啥|为何|怎么|咋|如何|怎样|哪|什么|啥|谁|能不能|可不可以|可以|能否|是否|多久|多长|多少|几|要不要|吗|呢|\b(?:why|how|what|whats|which|who|can|may|should|could|must|is it|any)\b/i;
const CLAUSE_END = /(?<=[，,。;；!！?？:：])|(?<=[a-z]\.)\s+|\s+-\s+|\s*—+\s*/i;

/**
 * The clause that asks: the last one that ends in a question mark or holds a question word, else the last one;
 * the whole text when it is one clause. Clauses of under two characters (a stray "嗯，") are not clauses.
 */
export function askingPart(text: string): string {
  const clauses = text
    .split(CLAUSE_END)
    .map((c) => c.trim())
    .filter((c) => c.replace(/[，,。;；!！?？:：\s]/g, '').length >= 2);
  if (clauses.length <= 1) return text;
  for (let i = clauses.length - 1; i >= 0; i--)
    if (/[?？]$/.test(clauses[i]!) || ASKING.test(clauses[i]!)) return clauses[i]!;
  return clauses[clauses.length - 1]!;
}

/** The head's input: the whole text's vector and its asking part's, side by side. */
async function headInput(e: Embedder, text: string): Promise<Float32Array> {
  const [whole, asking] = await e.embed([text, askingPart(text)]);
  const x = new Float32Array(whole!.length * 2);
  x.set(whole!);
  x.set(asking!, whole!.length);
  return x;
}

export interface SemanticHead {
  language: EmbedLanguage;
  /** Every class's probability (CLASSES order) for a question whose linked names are slot tokens. */
  probabilities(maskedQuestion: string): Promise<Float64Array>;
}

/** The corpus samples of one language as the encoder reads them. */
export function trainingTexts(lang: EmbedLanguage): { text: string; label: IntentClass }[] {
  return expandCorpus()
    .filter((s) => s.lang === lang)
    .map((s) => ({ text: naturalText(s.text, lang), label: s.label }));
}

/** Trains a head from the corpus through the encoder (the slow path the disk cache spares). */
export async function trainHead(
  e: Embedder,
  samples: { text: string; label: IntentClass }[],
  opts: DenseTrainOptions = HEAD_OPTIONS,
): Promise<DenseSoftmax<IntentClass>> {
  const xs: { x: Float32Array; label: IntentClass }[] = [];
  // Embedded all at once so the encoder batches them; headInput then reads its cache.
  await e.embed(samples.flatMap((s) => [s.text, askingPart(s.text)]));
  for (const s of samples) xs.push({ x: await headInput(e, s.text), label: s.label });
  return new DenseSoftmax(CLASSES).train(xs, opts);
}

async function headKey(lang: EmbedLanguage, samples: { text: string; label: string }[]): Promise<string> {
  // The model file by size and time of writing, not by reading 24-34 MB at every start: the launcher writes it
  // once per install (checksummed), so any other model file differs in one or the other.
  const model = await stat(join(paths.embeddingModels, MODEL_NAMES[lang], 'model.onnx'));
  return (
    createHash('sha256')
      .update(HEAD_FORMAT)
      .update(JSON.stringify(HEAD_OPTIONS))
      // The texts and their asking parts as read, so a change to either trains the head again.
      .update(JSON.stringify(samples.map((s) => [s.text, askingPart(s.text), s.label])))
      .update(`${model.size}:${model.mtimeMs}`)
      .digest('hex')
      .slice(0, 20)
  );
}

/** Where a head is kept: beside the encoders, one file per language and key. */
export const headFile = (lang: EmbedLanguage, key: string): string =>
  join(paths.embeddingModels, 'intent-heads', `${lang}-${key}.json`);

function readSaved(file: string): DenseSoftmax<IntentClass> | null {
  try {
    return loadDense(CLASSES, JSON.parse(readFileSync(file, 'utf8')) as DenseSoftmaxState);
  } catch {
    return null; // absent or from an older format: train again
  }
}

// Written under a temporary name and renamed, so a process never reads half a head another is writing; the
// language's heads of earlier corpora go (one file each, ~200 KB, would pile up as the corpus grows).
function save(lang: EmbedLanguage, file: string, head: DenseSoftmax<IntentClass>): void {
  try {
    const dir = join(file, '..');
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(head.state()));
    renameSync(tmp, file);
    for (const old of readdirSync(dir))
      if (old.startsWith(`${lang}-`) && old.endsWith('.json') && join(dir, old) !== file)
        rmSync(join(dir, old), { force: true });
  } catch (error) {
    log.warn(`intent head not saved (${file}): ${(error as Error).message}; it is trained again next start`);
  }
}

async function loadHead(lang: EmbedLanguage): Promise<SemanticHead | null> {
  const e = await embedder(lang);
  if (!e) return null;
  const samples = trainingTexts(lang);
  const file = headFile(lang, await headKey(lang, samples));
  let head = readSaved(file);
  if (!head) {
    const t0 = performance.now();
    head = await trainHead(e, samples);
    save(lang, file, head);
    log.info(
      `intent head (${lang}) trained on ${samples.length} corpus samples in ${Math.round(performance.now() - t0)} ms`,
    );
  }
  const trained = head;
  return {
    language: lang,
    probabilities: async (masked) => trained.probabilities(await headInput(e, naturalText(masked, lang))),
  };
}

const heads = new Map<EmbedLanguage, Promise<SemanticHead | null>>();

/** The process's intent head for a language, loaded or trained once; null when that encoder is absent. */
export function semanticHead(lang: EmbedLanguage): Promise<SemanticHead | null> {
  let h = heads.get(lang);
  if (!h) {
    h = loadHead(lang).catch((error: unknown) => {
      log.warn(
        `intent head (${lang}) unavailable, intents from the sparse classifier alone: ${(error as Error).message}`,
      );
      return null;
    });
    heads.set(lang, h);
  }
  return h;
}
