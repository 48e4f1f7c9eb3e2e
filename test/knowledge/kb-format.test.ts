// Knowledge-base format v2 against the real graph: broken files are refused with file:line:column, the
// field path and what is wrong, all problems at once, and nothing is written; a valid tiny base imports
// with its missing language halves filled from the other language; the shipped bases validate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../../lib/graph/driver.js';
import { config } from '../../lib/config.js';
import { migrate } from '../../graph-schema/migrate.js';
import { knowledgeLabels } from '../../lib/graph/ontology.js';
import {
  basesDir,
  defaultDataDir,
  importKnowledgeBase,
  KbValidationError,
  loadBase,
  removeBase,
} from '../../subgraphs/knowledge/kb/import.js';
import { fieldPath } from '../../subgraphs/knowledge/kb/validate.js';
import { walk, type TypeEdge } from '../../subgraphs/knowledge/qa/downstream-types.js';
import { tinyBase, writeBaseFiles, type BaseFiles } from './kb-fixtures.js';

let driver: Driver;
const created: string[] = [];
before(async () => {
  driver = createDriver();
  await migrate(driver);
});
after(async () => {
  for (const id of created) await removeBase(driver, id);
  await driver.close();
});

/** Nodes carrying this base's kb or one of these ids, in any knowledge label or as its KnowledgeBase node. */
async function traces(base: string, ids: string[]): Promise<number> {
  let n = 0;
  for (const label of [...knowledgeLabels, 'KnowledgeBase']) {
    const { records } = await driver.executeQuery(
      `MATCH (x:${label}) WHERE x.kb = $base OR x.id IN $ids OR x.id = $base RETURN count(x) AS n`,
      { base, ids },
      { database: config.neo4j.database },
    );
    n += Number(records[0]!.get('n'));
  }
  return n;
}

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof KbValidationError, String(error));
    return error.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.field}: ${p.message}`);
  }
  assert.fail('expected a KbValidationError');
};

describe('validation (no graph writes)', () => {
  test('field paths read like the data', () => {
    assert.equal(fieldPath('/faultTypes/12/symptoms/2'), 'faultTypes[12].symptoms[2]');
    assert.equal(fieldPath(''), '');
  });

  test('schema problems name file, line, column and field, all at once', async () => {
    const b = tinyBase('S');
    // Hand-laid files so the expected lines are known.
    const domainLines = [
      '{',
      '  "symptoms": [',
      `    { "id": "${b.at('s1')}", "name": "一", "kind": "alarm" },`,
      `    { "id": "${b.at('s2')}", "name": "二", "kind": "smell" }`,
      '  ],',
      '  "faultTypes": [',
      `    { "id": "${b.at('f1')}", "name": "故障", "symptoms": ["${b.at('s1')}"] }`,
      '  ]',
      '}',
    ];
    writeBaseFiles(b.dir, {
      'kb.json': `{\n  "id": "${b.id}",\n  "name": "x",\n  "nameEn": "x",\n  "description": "",\n  "descriptionEn": "",\n  "source": "t",\n  "colour": "red"\n}`,
      'domain.json': domainLines.join('\n'),
    });
    const smell = domainLines[3]!.indexOf('"smell"') + 1;
    const problems = problemsOf(() => loadBase(b.dir));
    assert.deepEqual(problems, [
      'kb.json:8:3 colour: unknown field "colour"',
      `domain.json:4:${smell} symptoms[1].kind: must be one of "alarm", "symptom"`,
      'domain.json:7:5 faultTypes[0]: missing required field "procedure"',
    ]);
    assert.equal(await traces(b.id, [b.at('s1'), b.at('f1')]), 0);
  });

  test('reference and language problems: the named file, line, field and base', async () => {
    const b = tinyBase('R', (f) => {
      const d = f['domain.json'];
      d.faultTypes[0].symptoms.push('sym-x'); // unknown id
      d.faultTypes[0].procedure = b2(f, 'alarm'); // a symptom where a procedure belongs
      d.procedures[0].steps.push({ text: '', textEn: '' }); // no language at all
      d.causes[0].name = '';
      d.causes[0].nameEn = undefined;
      d.equipmentTypes[0].relations.push({ type: 'SUPPLIES', target: 'w-pump' }); // another base's id
    });
    const problems = problemsOf(() => loadBase(b.dir));
    const text = problems.join('\n');
    assert.match(text, /^domain\.json:\d+:\d+ faultTypes\[0\]\.symptoms\[2\]: "sym-x" is not a symptom of base "t-/m);
    assert.match(text, new RegExp(`faultTypes\\[0\\]\\.procedure: "${b.at('alarm')}" is a symptom, not a procedure`));
    assert.match(text, /procedures\[0\]\.steps\[3\]: needs text\/textEn in at least one language/);
    assert.match(text, /causes\[0\]: needs name\/nameEn in at least one language/);
    assert.match(text, /equipmentTypes\[0\]\.relations\[1\]\.target: "w-pump" is not a equipment type of base/);
    assert.equal(problems.length, 5, text);
    // The line of the unknown symptom is where JSON.stringify(…, 2) put it.
    const lines = JSON.stringify(b.files['domain.json'], null, 2).split('\n');
    const line = lines.findIndex((l) => l.includes('"sym-x"')) + 1;
    assert.ok(
      problems.some((p) => p.startsWith(`domain.json:${line}:`)),
      `${line}: ${text}`,
    );
    // The CLI path (load, then import) never reaches the graph.
    assert.throws(() => loadBase(b.dir), KbValidationError);
    assert.equal(await traces(b.id, [b.at('fault'), b.at('pump')]), 0);
  });

  test('a file that is not JSON: its line and column', () => {
    const b = tinyBase('J');
    writeBaseFiles(b.dir, { 'lexicon.json': '{\n  "synonyms": [\n    ["a", "b"],,\n  ]\n}' });
    assert.deepEqual(
      problemsOf(() => loadBase(b.dir)).map((p) => p.replace(/: not valid JSON.*/, '')),
      ['lexicon.json:3:16 '],
    );
  });

  test('the demo base and every shipped base validate', () => {
    const grid = loadBase(defaultDataDir).kb;
    assert.equal(grid.info.id, 'grid');
    assert.ok(grid.domain.faultTypes.length >= 25);
    const dirs = existsSync(basesDir) ? readdirSync(basesDir).map((d) => join(basesDir, d)) : [];
    for (const dir of dirs.filter((d) => existsSync(join(d, 'kb.json')))) assert.ok(loadBase(dir).kb.info.id);
  });
});

// A symptom id of the base under construction (its id is generated inside tinyBase).
function b2(files: BaseFiles, local: string): string {
  return `${files['kb.json'].id}-${local}`;
}

describe('import', () => {
  test('a missing language half falls back to the other; nameLangs says which were written', async () => {
    const b = tinyBase('L');
    created.push(b.id);
    const summary = await importKnowledgeBase(driver, loadBase(b.dir));
    assert.equal(summary.base, b.id);
    const { records } = await driver.executeQuery(
      `MATCH (p:Procedure {id: $p})-[h:HAS_STEP]->(s:Step) WITH s ORDER BY s.order
       RETURN collect([s.text, s.textEn, s.langs, s.kb]) AS steps`,
      { p: b.at('proc') },
      { database: config.neo4j.database },
    );
    assert.deepEqual(records[0]!.get('steps'), [
      ['L第一步核对液位', 'L step one check the level', ['zh', 'en'], b.id],
      ['L第二步只有中文', 'L第二步只有中文', ['zh'], b.id],
      ['L step three English only', 'L step three English only', ['en'], b.id],
    ]);
    const rule = await driver.executeQuery(
      `MATCH (r:SafetyRule {id: $r}) OPTIONAL MATCH (r)-[:APPLIES_TO]->(x) WITH r, x ORDER BY x.id
       RETURN r.requirementEn AS en, collect(x.id) AS targets`,
      { r: b.at('rule') },
      { database: config.neo4j.database },
    );
    assert.equal(rule.records[0]!.get('en'), '停泵前必须通知调度');
    assert.deepEqual(rule.records[0]!.get('targets'), [b.at('fault'), b.at('pump')].sort());
    const kb = await driver.executeQuery(
      'MATCH (k:KnowledgeBase {id: $id}) RETURN k.source AS source, k.synonymsJson AS syn',
      { id: b.id },
      { database: config.neo4j.database },
    );
    assert.equal(kb.records[0]!.get('source'), 'written by the test');
    assert.deepEqual(JSON.parse(kb.records[0]!.get('syn') as string), [['测试清水池', '测试清水库']]);
  });
});

describe('type-level downstream walk (pure)', () => {
  const nodes = new Map(['a', 'b', 'c', 'd', 'part', 'kind'].map((id) => [id, { id, name: id, nameEn: id }]));
  const e = (type: string, from: string, to: string): TypeEdge => ({ type, from, to });
  const out = new Map<string, TypeEdge[]>([
    ['a', [e('SUPPLIES', 'a', 'b')]],
    ['b', [e('SUPPLIES', 'b', 'c')]],
    ['c', [e('SUPPLIES', 'c', 'a')]], // a loop ends where it started
    ['part', [e('PART_OF', 'part', 'a')]],
    ['kind', [e('IS_A', 'kind', 'b')]],
  ]);
  test('SUPPLIES transitively, nearest first, loops cut', () => {
    assert.deepEqual(
      walk(nodes, out, 'a').map((d) => [d.type.id, d.hops]),
      [
        ['b', 1],
        ['c', 2],
      ],
    );
  });
  test('a part fails with its whole; a kind supplies what its general type supplies; paths kept', () => {
    const fromPart = walk(nodes, out, 'part');
    assert.deepEqual(
      fromPart.map((d) => d.type.id),
      ['b', 'c', 'a'], // the whole itself is reached again through the loop
    );
    assert.deepEqual(fromPart[0]!.path, [e('PART_OF', 'part', 'a'), e('SUPPLIES', 'a', 'b')]);
    assert.deepEqual(
      walk(nodes, out, 'kind').map((d) => d.type.id),
      ['c', 'a', 'b'], // kind → c → a → b: the loop comes back to its general type
    );
    assert.deepEqual(walk(nodes, out, 'd'), []);
  });
  test('a whole fails with its parts (not listed), a part never stops its siblings', () => {
    const n = new Map(
      ['plant', 'sed', 'filter', 'well', 'pumps', 'meter'].map((id) => [id, { id, name: id, nameEn: id }]),
    );
    const o = new Map<string, TypeEdge[]>([
      ['sed', [e('SUPPLIES', 'sed', 'filter'), e('PART_OF', 'sed', 'plant')]],
      ['filter', [e('SUPPLIES', 'filter', 'well'), e('PART_OF', 'filter', 'plant')]],
      ['well', [e('SUPPLIES', 'well', 'pumps'), e('PART_OF', 'well', 'plant')]],
      ['meter', [e('PART_OF', 'meter', 'well')]],
    ]);
    const fromPlant = walk(n, o, 'plant');
    assert.deepEqual(
      fromPlant.map((d) => [d.type.id, d.hops]),
      [['pumps', 1]],
    );
    assert.deepEqual(fromPlant[0]!.path, [e('PART_OF', 'well', 'plant'), e('SUPPLIES', 'well', 'pumps')]);
    assert.deepEqual(
      walk(n, o, 'filter').map((d) => d.type.id),
      ['well', 'pumps'],
    );
    assert.deepEqual(
      walk(n, o, 'meter').map((d) => d.type.id),
      ['pumps'],
    );
  });
});
