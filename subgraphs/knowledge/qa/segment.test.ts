// Word segmentation: bidirectional maximum matching over a dictionary, mixed scripts, offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Segmenter, words } from './segment.js';

const cut = (s: Segmenter, text: string): string[] => s.segment(text).map((t) => t.text);

test('bidirectional maximum matching: fewer tokens win, then fewer unknown single characters', () => {
  const s = new Segmenter(['电压', '变化', '压变', '主变', '油温', '过高']);
  // Forward alone would also give 电压|变化 here; 压变 (a VT) must never be read out of 电压变化.
  assert.deepEqual(cut(s, '电压变化'), ['电压', '变化']);
  assert.deepEqual(cut(s, '主变油温过高'), ['主变', '油温', '过高']);
  // A case where forward and backward differ: 研究生命 → 研究|生命 beats 研究生|命 (one unknown single).
  const t = new Segmenter(['研究', '研究生', '生命']);
  assert.deepEqual(cut(t, '研究生命'), ['研究', '生命']);
});

test('longer dictionary words protect their parts', () => {
  const s = new Segmenter(['开关', '隔离开关', '开关柜', '拒分']);
  assert.deepEqual(cut(s, '隔离开关拒分'), ['隔离开关', '拒分']);
  assert.deepEqual(cut(s, '开关柜开关拒分'), ['开关柜', '开关', '拒分']);
});

test('unknown Han characters are single tokens, marked unknown; punctuation is its own token', () => {
  const s = new Segmenter(['母线']);
  const toks = s.segment('母线失压，咋办');
  assert.deepEqual(
    toks.map((t) => [t.text, t.known]),
    [
      ['母线', true],
      ['失', false],
      ['压', false],
      ['，', false],
      ['咋', false],
      ['办', false],
    ],
  );
  assert.deepEqual(words(s, '母线失压，咋办'), ['母线', '失', '压', '咋', '办']);
});

test('ASCII: case-insensitive phrases across spaces and hyphens, plurals folded, offsets into the input', () => {
  const s = new Segmenter(['gas insulated switchgear', 'transformer', 'sf6压力']);
  const toks = s.segment('Two Gas-Insulated  Switchgear transformers, SF6 压力 low');
  const gis = toks.find((t) => t.norm === 'gas insulated switchgear')!;
  assert.equal(gis.text, 'Gas-Insulated  Switchgear');
  assert.equal(gis.known, true);
  const xf = toks.find((t) => t.norm === 'transformer')!;
  assert.equal(xf.text, 'transformers');
  assert.equal('Two Gas-Insulated  Switchgear transformers, SF6 压力 low'.slice(xf.start, xf.end), 'transformers');
  assert.ok(toks.some((t) => t.norm === 'sf6压力' && t.text === 'SF6 压力'));
  // A word inside another is not cut out of it: "detect" holds no "ct".
  assert.deepEqual(cut(new Segmenter(['ct']), 'detect CT'), ['detect', 'CT']);
  assert.equal(new Segmenter(['ct']).has('CT'), true);
});
