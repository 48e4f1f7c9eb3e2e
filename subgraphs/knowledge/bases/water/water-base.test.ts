// Checks of the water knowledge base's content that the import's schema and reference checks do not make:
// the things questions over this base rely on (a water path to follow, primary symptoms that tell faults
// apart, limits stated with the same numbers in both languages, only the intended one-language entries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir, loadBase } from '../../kb/load.js';

const dir = dirname(fileURLToPath(import.meta.url));
const { kb } = loadBase(dir);
const { domain, grid } = kb;

test('the water base loads: JSON Schemas and references pass, ids prefixed w-, none shared with the demo base', () => {
  assert.equal(kb.info.id, 'water');
  const ids = [
    ...Object.values(domain).flatMap((list: { id: string }[]) => list.map((n) => n.id)),
    ...grid.substations.map((n) => n.id),
    ...grid.equipment.map((n) => n.id),
  ];
  assert.deepEqual(
    ids.filter((id) => !id.startsWith('w-')),
    [],
  );
  const demo = loadBase(defaultDataDir).kb;
  const demoIds = new Set([
    ...Object.values(demo.domain).flatMap((list: { id: string }[]) => list.map((n) => n.id)),
    ...demo.grid.equipment.map((n) => n.id),
  ]);
  assert.deepEqual(
    ids.filter((id) => demoIds.has(id)),
    [],
  );
});

test('type-level SUPPLIES follows the water path from the intake to the secondary supply tank', () => {
  const next = new Map<string, string[]>();
  for (const t of domain.equipmentTypes)
    next.set(
      t.id,
      t.relations.filter((r) => r.type === 'SUPPLIES').map((r) => r.target),
    );
  const path = ['w-et-intake'];
  while (path.length < 20) {
    const [to] = next.get(path.at(-1)!) ?? [];
    if (!to) break;
    path.push(to);
  }
  assert.deepEqual(path, [
    'w-et-intake',
    'w-et-raw-ps',
    'w-et-floc-sed',
    'w-et-filter',
    'w-et-clearwell',
    'w-et-hl-ps',
    'w-et-trans-main',
    'w-et-dist-network',
    'w-et-booster',
    'w-et-tank',
  ]);
  assert.ok(domain.equipmentTypes.some((t) => t.relations.some((r) => r.type === 'IS_A')));
});

test('each plant: feeds reach from its intake to a tank without cycles, and equipment stays in its plant', () => {
  const byId = new Map(grid.equipment.map((e) => [e.id, e]));
  for (const plant of grid.substations) {
    const intake = grid.equipment.find((e) => e.substation === plant.id && e.type === 'w-et-intake');
    assert.ok(intake, `${plant.id} has an intake`);
    const seen = new Set<string>();
    const visit = (id: string, trail: string[]): void => {
      assert.ok(!trail.includes(id), `cycle through ${id}`);
      seen.add(id);
      const e = byId.get(id)!;
      assert.equal(e.substation, plant.id, `${id} is in ${plant.id}`);
      for (const to of e.feeds) visit(to, [...trail, id]);
    };
    visit(intake.id, []);
    const types = new Set([...seen].map((id) => byId.get(id)!.type));
    for (const t of ['w-et-filter', 'w-et-clearwell', 'w-et-trans-main', 'w-et-dist-network', 'w-et-tank'])
      assert.ok(types.has(t), `${plant.id}: the path from the intake reaches a ${t}`);
  }
});

test('faults: primary symptoms tell them apart; 3+ symptoms and causes; one procedure of 4-7 steps with rules and roles', () => {
  const primaries = domain.faultTypes.map((f) => f.symptoms[0]);
  assert.equal(new Set(primaries).size, primaries.length, 'no symptom is the primary of two faults');
  const procedures = new Map(domain.procedures.map((p) => [p.id, p]));
  for (const f of domain.faultTypes) {
    assert.ok(f.symptoms.length >= 3 && f.causes.length >= 3, `${f.id}: 3+ symptoms and causes`);
    const p = procedures.get(f.procedure)!;
    assert.ok(p.steps.length >= 4 && p.steps.length <= 7, `${p.id}: 4-7 steps`);
    assert.ok(p.safetyRules.length > 0 && p.responsible.length > 0, `${p.id}: rules and roles`);
  }
  assert.equal(new Set(domain.faultTypes.map((f) => f.procedure)).size, domain.faultTypes.length);
});

test('safety rules: each prohibits or limits something, with the same numbers in both languages, and says what it governs', () => {
  const numbers = (s: string): string[] => [...new Set(s.match(/\d+(?:\.\d+)?/g) ?? [])].sort();
  for (const r of domain.safetyRules) {
    assert.match(r.requirement, /严禁|不得|必须|不少于|不低于|不超过|不小于|不高于|最小|提前|\d h内/, r.id);
    assert.deepEqual(numbers(r.requirementEn), numbers(r.requirement), `${r.id}: same numbers in zh and en`);
    assert.ok(r.appliesTo.length > 0, `${r.id}: appliesTo`);
  }
  const limits = domain.safetyRules.filter((r) => numbers(r.requirement).length > 0);
  assert.ok(limits.length >= 12, `${limits.length} rules state a numeric limit`);
  for (const p of domain.procedures)
    for (const s of p.steps)
      if (s.langs.length === 2) assert.deepEqual(numbers(s.textEn), numbers(s.text), `${p.id}: ${s.text}`);
});

test('only the three deliberate one-language entries lack a language', () => {
  const named = [...Object.values(domain).flat(), ...grid.substations, ...grid.equipment] as {
    id: string;
    nameLangs: string[];
  }[];
  assert.deepEqual(
    named.filter((n) => n.nameLangs.length < 2).map((n) => `${n.id}:${n.nameLangs.join('')}`),
    ['w-cause-stagnation:zh', 'w-eq-qt-tank-jj:zh'],
  );
  const steps = domain.procedures.flatMap((p) =>
    p.steps.map((s, i) => ({ at: `${p.id}#${i + 1}`, langs: s.langs })).filter((s) => s.langs.length < 2),
  );
  assert.deepEqual(steps, [{ at: 'w-proc-yellow-water#6', langs: ['zh'] }]);
});

test('every symptom, cause, rule and role is used; a lexicon term belongs to one group only', () => {
  const used = new Set([
    ...domain.faultTypes.flatMap((f) => [...f.symptoms, ...f.causes]),
    ...domain.procedures.flatMap((p) => [...p.safetyRules, ...p.responsible]),
  ]);
  for (const n of [...domain.symptoms, ...domain.causes, ...domain.safetyRules, ...domain.roles])
    assert.ok(used.has(n.id), `${n.id} is used`);
  const groupOf = new Map<string, number>();
  kb.lexicon.synonyms.forEach((group, i) => {
    assert.ok(group.length >= 2);
    for (const term of group) {
      const key = term.toLowerCase();
      assert.ok(!groupOf.has(key), `"${term}" in groups ${groupOf.get(key)} and ${i}`);
      groupOf.set(key, i);
    }
  });
});
