import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignSubject, foreignTerms } from './foreign.js';

test("another domain's equipment is found; the longest term at the earliest place names it", () => {
  const terms = foreignTerms('grid', ['主变油温过高', 'main transformer']);
  assert.equal(foreignSubject(terms, '风机齿轮箱温度过高怎么处理', [])?.text, '风机齿轮箱');
  assert.equal(foreignSubject(terms, 'HVAC cooling tower fan stopped', [])?.text, 'HVAC');
  assert.equal(foreignSubject(terms, 'Boiler drum level low', [])?.domain, 'thermal generation and boilers');
  assert.equal(foreignSubject(terms, '主变油温过高怎么处理？', []), null);
});

test('English terms are whole words', () => {
  const terms = foreignTerms('grid', []);
  assert.equal(foreignSubject(terms, 'the carrier signal is lost', []), null);
  assert.equal(foreignSubject(terms, 'Car engine overheating', [])?.text, 'Car');
  assert.equal(foreignSubject(terms, 'two chillers tripped', [])?.text, 'chillers');
});

test("a base's own names win, and so does its equipment linked on the same words", () => {
  // The grid's own equipment is foreign to the water base only.
  assert.equal(foreignSubject(foreignTerms('grid', []), '主变重瓦斯动作', []), null);
  assert.equal(foreignSubject(foreignTerms('water', []), '主变重瓦斯动作', [])?.text, '主变');
  // A base that names a thing owns it.
  assert.equal(foreignSubject(foreignTerms('grid', ['站用空调']), '空调故障', []), null);
  // A linked span wholly covering the term keeps it; one reaching past the link does not.
  const water = foreignTerms('water', []);
  assert.equal(foreignSubject(water, 'shunt reactor', [{ start: 0, end: 13 }]), null);
  assert.equal(
    foreignSubject(foreignTerms('grid', ['shunt reactor']), 'reactor coolant leak', [{ start: 0, end: 7 }])?.text,
    'reactor coolant',
  );
});
