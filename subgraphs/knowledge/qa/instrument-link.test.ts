// An instrument's fault is not the value it measures: words naming the meter, its signal or its display keep
// a question off the process alarm that shares most of its characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkEntities, type KnowledgeKind, type Lexicon } from './linker.js';
import { buildMatchIndex, type EntityRow } from './match.js';

const row = (id: string, kind: KnowledgeKind, name: string, nameEn: string, aliases: string[] = []): EntityRow => ({
  entity: { id, kind, name, nameEn, ownerOrgId: null },
  aliases,
});
const rows: EntityRow[] = [
  row('et-tank', 'EquipmentType', '储水罐', 'Storage tank'),
  row('et-meter', 'EquipmentType', '压力表', 'Pressure gauge'),
  row('sym-tank-low', 'Symptom', '储水罐压力低', 'Storage tank pressure low'),
  row('sym-signal', 'Symptom', '压力信号中断', 'Pressure signal lost'),
  row('sym-display', 'Symptom', '压力显示与实际不符', 'Pressure display disagrees with the field'),
];
const lexicon: Lexicon = {
  kb: 'test',
  synonyms: [],
  entities: new Map(rows.map((r) => [r.entity.id, r.entity])),
  index: buildMatchIndex(rows),
  semantic: null,
};
const ids = (q: string): string[] => linkEntities(lexicon, q, null).map((e) => e.id);

test('a slip in the last character that begins a word of the base is another statement, not a typo', () => {
  // 储水罐压力信(号) is the pressure signal; 储水罐压力显(示) the display: neither is 储水罐压力低.
  assert.ok(!ids('储水罐压力信号没了').includes('sym-tank-low'));
  assert.ok(!ids('储水罐压力显示乱了').includes('sym-tank-low'));
  // A slip at the end of the question is still a typo of the name.
  assert.ok(ids('储水罐压力氐').includes('sym-tank-low'));
});

test('a symptom found on part of its name over words naming other equipment is dropped', () => {
  // 储水罐压力表 names the gauge, which the tank's low-pressure alarm does not mention.
  const linked = ids('储水罐压力表读数不对');
  assert.ok(linked.includes('et-meter'));
  assert.ok(!linked.includes('sym-tank-low'));
  // Named in full, the alarm stays.
  assert.ok(ids('储水罐压力低了').includes('sym-tank-low'));
});
