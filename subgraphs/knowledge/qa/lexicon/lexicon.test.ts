// The shipped power-domain lexicon and its per-base extension: what meets on one canonical form and what must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonical, powerLexicon, segmentWords, synonymTable } from './index.js';

test('the shipped lexicon is a few hundred distinct entries, each group at least two members', () => {
  const members = powerLexicon.synonyms.flat().map((m) => m.normalize('NFKC').toLowerCase());
  assert.ok(members.length >= 500, `${members.length} entries`);
  assert.equal(new Set(members).size, members.length, 'a spelling in two groups');
  assert.ok(powerLexicon.synonyms.every((g) => g.length >= 2));
});

test('everyday synonyms and abbreviations meet the written names, in both languages', () => {
  const same = (a: string, b: string): void => assert.equal(canonical(a), canonical(b), `${a} / ${b}`);
  same('开关拒分', '断路器拒动');
  same('开关分不开闸', '断路器拒分');
  same('breaker fails to trip', 'circuit breaker refuses to trip');
  same('主变油温升高', '主变压器油温过高');
  same('变压器', 'main transformer');
  same('PT', '电压互感器');
  same('TV', '压变');
  same('CT二次开路', '电流互感器二次开路');
  same('刀闸发热', '隔离开关发热');
  same('六氟化硫', 'SF6');
  same('跳闸', 'tripped');
  same('放电声', '滋滋声');
  same('南京北站一号主变', '南京北#1主变');
  same('无锡西110千伏一段母线', '无锡西110kV I段母线');
  same('bus section II', 'bus section 2');
  // Numbered main transformers as said in English and written in Chinese names.
  same('Jinan Licheng T1', 'Jinan Licheng #1 main transformer');
  same('Licheng T1 main transformer', 'Licheng transformer 1');
  same('济南历城一号主变压器', '济南历城#1主变');
  same('T1', '#1主变');
  same('transformer 2', 'no. 2 main transformer');
  assert.notEqual(canonical('T1'), canonical('T2'));
  // Everyday yes/no wording meets the written clause.
  same('拿水冲', '喷水');
  same('hose it down', '喷水');
  same('没颜色没味道也点不着', '无色无味也不可燃');
  same('流量高出一截', '流量偏高');
});

test("the demo base's lexicon: a substation by its district alone, with a numbered transformer in either language", () => {
  const file = new URL('../../data/lexicon.json', import.meta.url);
  const grid = synonymTable((JSON.parse(readFileSync(file, 'utf8')) as { synonyms: string[][] }).synonyms);
  const same = (a: string, b: string): void => assert.equal(grid.canonical(a), grid.canonical(b), `${a} / ${b}`);
  same('历城2号主变', '济南历城#2主变');
  same('Licheng #2 transformer', 'Jinan Licheng T2 main transformer');
  same('黄岛站1号主变', '青岛黄岛#1主变');
  assert.notEqual(grid.canonical('历城2号主变'), grid.canonical('黄岛2号主变'));
});

test('segments, not substrings: longer terms and ordinary words keep their meaning', () => {
  assert.equal(canonical('隔离开关'), '隔离开关'); // 开关 inside is not a breaker
  assert.equal(canonical('开关柜'), '开关柜');
  assert.equal(canonical('电压变化'), '电压变化'); // 压变 (a VT) is not read out of 电压变化
  assert.equal(canonical('detect'), 'detect'); // ct inside a word is not a CT
  assert.notEqual(canonical('配电变压器'), canonical('主变压器'));
  assert.notEqual(canonical('馈线'), canonical('输电线路'));
});

test('mapped canonical text points back at the written characters', () => {
  const text = '开关拒动了';
  const c = synonymTable().canonicalMapped(text);
  const at = c.text.indexOf('断路器拒分');
  assert.equal(text.slice(c.from[at]!, c.to[at + '断路器拒分'.length - 1]!), '开关拒动');
});

test("a base's groups extend the shipped ones for that base only, and join a shipped group they share a member with", () => {
  const water = synonymTable([
    ['清水池', '清水库'],
    ['漏水', '泄漏'],
  ]);
  assert.equal(water.canonical('清水库液位低'), water.canonical('清水池液位过低'));
  assert.notEqual(canonical('清水库'), canonical('清水池'), 'the shipped table knows no water words');
  // 泄漏 belongs to a shipped group, so the base's 漏水 joins that group instead of splitting it.
  assert.equal(water.canonical('漏水'), water.canonical('泄漏'));
  assert.equal(water.canonical('泄漏'), canonical('泄漏'));
  // The shipped synonyms still apply to the base's questions.
  assert.equal(water.canonical('开关'), canonical('断路器'));
});

test('segmentWords: one spelling per meaning, for classifier features', () => {
  assert.deepEqual(segmentWords('开关拒动了！'), ['断路器', '拒分', '了']);
  assert.deepEqual(segmentWords('The breakers tripped'), ['the', '断路器', '跳闸']);
});
