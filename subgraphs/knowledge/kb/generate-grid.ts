// Generates data/grid.json: substations of the demo branches and the equipment in each, with the
// power-flow edges (FEEDS) that downstream questions walk. Instance-level equipment follows one
// typical single-bus-section layout per substation; the fault knowledge itself is hand-written in
// data/domain.json. Run: npx tsx subgraphs/knowledge/kb/generate-grid.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GridFile, KbEquipment, KbSubstation } from './format.js';

const stations: { code: string; name: string; en: string; org: string; kv: number; lvKv: number }[] = [
  { code: 'szd', name: '苏州东', en: 'Suzhou East', org: 'jiangsu', kv: 500, lvKv: 220 },
  { code: 'njb', name: '南京北', en: 'Nanjing North', org: 'jiangsu', kv: 220, lvKv: 110 },
  { code: 'wxx', name: '无锡西', en: 'Wuxi West', org: 'jiangsu', kv: 220, lvKv: 110 },
  { code: 'czn', name: '常州南', en: 'Changzhou South', org: 'jiangsu', kv: 110, lvKv: 10 },
  { code: 'hzbj', name: '杭州滨江', en: 'Hangzhou Binjiang', org: 'zhejiang', kv: 220, lvKv: 110 },
  { code: 'nbbl', name: '宁波北仑', en: 'Ningbo Beilun', org: 'zhejiang', kv: 500, lvKv: 220 },
  { code: 'wzoj', name: '温州瓯江', en: 'Wenzhou Oujiang', org: 'zhejiang', kv: 110, lvKv: 10 },
  { code: 'qdhd', name: '青岛黄岛', en: 'Qingdao Huangdao', org: 'shandong', kv: 220, lvKv: 110 },
  { code: 'jnlc', name: '济南历城', en: 'Jinan Licheng', org: 'shandong', kv: 500, lvKv: 220 },
  { code: 'ytfs', name: '烟台福山', en: 'Yantai Fushan', org: 'shandong', kv: 110, lvKv: 10 },
];

const substations: KbSubstation[] = [];
const equipment: KbEquipment[] = [];

for (const s of stations) {
  const sid = `sub-${s.code}`;
  substations.push({
    id: sid,
    name: `${s.name}变电站`,
    nameEn: `${s.en} substation`,
    aliases: [`${s.name}站`, `${s.name}变`, `${s.en}`],
    orgId: s.org,
    voltageKv: s.kv,
  });
  const add = (
    suffix: string,
    type: string,
    name: string,
    en: string,
    aliases: string[],
    feeds: string[] = [],
  ): string => {
    const id = `eq-${s.code}-${suffix}`;
    equipment.push({
      id,
      name: `${s.name}${name}`,
      nameEn: `${s.en} ${en}`,
      aliases: [...new Set([name, ...aliases].flatMap((a) => [`${s.name}站${a}`, `${s.name}${a}`]))].filter(
        (a) => a !== `${s.name}${name}`,
      ),
      type,
      substation: sid,
      feeds: feeds.map((f) => `eq-${s.code}-${f}`),
    });
    return id;
  };
  // High-voltage side: two incoming lines onto two bus sections, each feeding one transformer.
  for (const n of [1, 2]) {
    add(
      `in${n}`,
      'et-line',
      `${s.kv}kV进线${n}`,
      `${s.kv} kV incoming line ${n}`,
      [`进线${n}`, `站${n}号进线`],
      [`hvbus${n}`],
    );
    add(
      `hvbus${n}`,
      'et-busbar',
      `${s.kv}kV ${n === 1 ? 'I' : 'II'}母`,
      `${s.kv} kV bus ${n === 1 ? 'I' : 'II'}`,
      [`${n === 1 ? 'I' : 'II'}母`, `${n}号母线`],
      [`hvcb${n}`, `pt${n}`],
    );
    add(`pt${n}`, 'et-pt', `${s.kv}kV ${n === 1 ? 'I' : 'II'}母PT`, `${s.kv} kV bus ${n === 1 ? 'I' : 'II'} VT`, [
      `${n}号PT`,
    ]);
    add(
      `hvcb${n}`,
      'et-breaker',
      `#${n}主变高压侧断路器`,
      `T${n} HV breaker`,
      [`#${n}主变高压侧开关`, `${n}号主变高压开关`],
      [`t${n}`],
    );
    add(
      `t${n}`,
      'et-transformer',
      `#${n}主变`,
      `T${n} main transformer`,
      [`${n}号主变`, `#${n}主变压器`, `站#${n}主变`],
      [`lvcb${n}`],
    );
    add(`lvcb${n}`, 'et-breaker', `#${n}主变低压侧断路器`, `T${n} LV breaker`, [`#${n}主变低压侧开关`], [`lvbus${n}`]);
    add(
      `lvbus${n}`,
      'et-busbar',
      `${s.lvKv}kV ${n === 1 ? 'I' : 'II'}段母线`,
      `${s.lvKv} kV bus section ${n === 1 ? 'I' : 'II'}`,
      [`${s.lvKv}kV ${n}段母线`],
      [`f${n}1cb`, `f${n}2cb`, `f${n}3cb`, `cap${n}`],
    );
    for (const k of [1, 2, 3]) {
      const no = (n - 1) * 3 + k;
      add(
        `f${n}${k}cb`,
        'et-breaker',
        `${s.lvKv}kV出线${no}断路器`,
        `${s.lvKv} kV feeder ${no} breaker`,
        [`出线${no}开关`],
        [`f${n}${k}`],
      );
      add(`f${n}${k}`, s.lvKv <= 10 ? 'et-feeder' : 'et-line', `${s.lvKv}kV出线${no}`, `${s.lvKv} kV feeder ${no}`, [
        `${no}号出线`,
      ]);
    }
    add(`cap${n}`, 'et-capacitor', `#${n}电容器组`, `capacitor bank ${n}`, [`${n}号电容器`]);
    add(`arr${n}`, 'et-arrester', `${s.kv}kV进线${n}避雷器`, `${s.kv} kV incoming line ${n} arrester`, [
      `进线${n}避雷器`,
    ]);
  }
  add('dc', 'et-dc', '直流系统', 'DC system', ['站直流']);
}

const file: GridFile = { substations, equipment };
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'grid.json');
writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
console.log(`wrote ${out}: ${substations.length} substations, ${equipment.length} equipment`);
