import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basicWords, encode, parseTokenizer } from './wordpiece.js';

const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '主', '变', 'oil', 'temp', '##er', '##ature', 'sf', '##6', ',', '?'];
const tokenizerJson = (lowercase: boolean, model = 'WordPiece') =>
  JSON.stringify({
    normalizer: { type: 'BertNormalizer', lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: { type: model, unk_token: '[UNK]', vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  });

describe('WordPiece tokenizer (BERT)', () => {
  it('splits CJK characters and punctuation into words of their own, drops control characters', () => {
    assert.deepEqual(basicWords('主变oil,temp?\u0007', false), ['主', '变', 'oil', ',', 'temp', '?']);
  });

  it('cuts words into the longest pieces, ## for continuations, [CLS] … [SEP] around', () => {
    const t = parseTokenizer(tokenizerJson(true));
    assert.deepEqual(encode(t, 'Oil temperature SF6'), [2, 6, 7, 8, 9, 10, 11, 3]);
  });

  it('gives [UNK] for a word with no piece sequence, and for a character outside the vocabulary', () => {
    const t = parseTokenizer(tokenizerJson(true));
    assert.deepEqual(encode(t, 'oilx 压'), [2, 1, 1, 3]);
  });

  it('keeps case when the tokenizer does not lowercase (then OIL is unknown)', () => {
    assert.deepEqual(encode(parseTokenizer(tokenizerJson(false)), 'OIL'), [2, 1, 3]);
  });

  it('stops at maxTokens with [SEP] last', () => {
    const ids = encode(parseTokenizer(tokenizerJson(true)), '主变主变主变', 4);
    assert.deepEqual(ids, [2, 4, 5, 3]);
  });

  it('refuses a tokenizer of another kind, naming what it supports', () => {
    assert.throws(() => parseTokenizer(tokenizerJson(true, 'BPE')), /only WordPiece/);
  });
});
