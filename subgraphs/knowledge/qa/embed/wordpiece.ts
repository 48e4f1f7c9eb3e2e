// BERT's WordPiece tokenizer as the embedding models' tokenizer.json describes it (BertNormalizer,
// BertPreTokenizer, WordPiece with "##" continuations, [CLS] … [SEP]), so text is cut exactly as the model saw
// it in training. Only what BGE's two tokenizers use is implemented; anything else in a tokenizer file is refused.

export interface WordPieceConfig {
  vocab: Map<string, number>;
  lowercase: boolean;
  unkId: number;
  clsId: number;
  sepId: number;
  maxCharsPerWord: number;
}

interface TokenizerJson {
  normalizer?: { type?: string; lowercase?: boolean | null };
  pre_tokenizer?: { type?: string };
  model?: { type?: string; vocab?: Record<string, number>; unk_token?: string; max_input_chars_per_word?: number };
}

/** Reads a Hugging Face tokenizer.json of BERT's kind. `lowercase` overrides the file's normalizer setting. */
export function parseTokenizer(json: string, options: { lowercase?: boolean } = {}): WordPieceConfig {
  const t = JSON.parse(json) as TokenizerJson;
  if (t.model?.type !== 'WordPiece' || !t.model.vocab)
    throw new Error('tokenizer: only WordPiece models are supported');
  if (t.normalizer?.type !== 'BertNormalizer') throw new Error('tokenizer: only BertNormalizer is supported');
  if (t.pre_tokenizer?.type !== 'BertPreTokenizer') throw new Error('tokenizer: only BertPreTokenizer is supported');
  const vocab = new Map(Object.entries(t.model.vocab));
  const id = (token: string): number => {
    const v = vocab.get(token);
    if (v === undefined) throw new Error(`tokenizer: the vocabulary has no ${token}`);
    return v;
  };
  return {
    vocab,
    lowercase: options.lowercase ?? t.normalizer.lowercase === true,
    unkId: id(t.model.unk_token ?? '[UNK]'),
    clsId: id('[CLS]'),
    sepId: id('[SEP]'),
    maxCharsPerWord: t.model.max_input_chars_per_word ?? 100,
  };
}

// BERT's "Chinese character" ranges: CJK ideographs get spaces around them, so each is a word of its own.
const isCjk = (cp: number): boolean =>
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x20000 && cp <= 0x2a6df) ||
  (cp >= 0x2a700 && cp <= 0x2ceaf) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0x2f800 && cp <= 0x2fa1f);

// BERT counts ASCII symbols as punctuation as well as Unicode's P* categories.
const isPunctuation = (ch: string, cp: number): boolean =>
  (cp >= 33 && cp <= 47) ||
  (cp >= 58 && cp <= 64) ||
  (cp >= 91 && cp <= 96) ||
  (cp >= 123 && cp <= 126) ||
  /\p{P}/u.test(ch);

const isControl = (ch: string): boolean => ch !== '\t' && ch !== '\n' && ch !== '\r' && /\p{C}/u.test(ch);

/** Words after normalisation and pre-tokenisation: whitespace-separated, punctuation and CJK characters alone. */
export function basicWords(text: string, lowercase: boolean): string[] {
  const words: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current) words.push(current);
    current = '';
  };
  for (const raw of lowercase ? text.toLowerCase() : text) {
    const cp = raw.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || isControl(raw)) continue;
    if (/\s/u.test(raw)) flush();
    else if (isCjk(cp) || isPunctuation(raw, cp)) {
      flush();
      words.push(raw);
    } else current += raw;
  }
  flush();
  return words;
}

/** Token ids with [CLS] and [SEP], at most `maxTokens` in all (longer text is cut, as the model's 512 demands). */
export function encode(config: WordPieceConfig, text: string, maxTokens = 128): number[] {
  const ids = [config.clsId];
  const room = maxTokens - 1;
  for (const word of basicWords(text, config.lowercase)) {
    const chars = [...word];
    if (chars.length > config.maxCharsPerWord) {
      ids.push(config.unkId);
    } else {
      const pieces: number[] = [];
      let start = 0;
      let bad = false;
      while (start < chars.length) {
        let end = chars.length;
        let found: number | undefined;
        while (start < end) {
          const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
          found = config.vocab.get(piece);
          if (found !== undefined) break;
          end -= 1;
        }
        if (found === undefined) {
          bad = true;
          break;
        }
        pieces.push(found);
        start = end;
      }
      if (bad) ids.push(config.unkId);
      else ids.push(...pieces);
    }
    if (ids.length >= room) break;
  }
  ids.length = Math.min(ids.length, room);
  ids.push(config.sepId);
  return ids;
}
