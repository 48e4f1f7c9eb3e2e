import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GraphQLError } from 'graphql';
import { checkLabelClasses, checkProjectInput, roundRobin, type NewLabelingProject } from './project-input.js';

it('assigns round-robin: overlap distinct annotators per task, the load spread evenly', () => {
  const plan = roundRobin(6, ['a', 'b', 'c'], 2);
  assert.deepEqual(plan, [
    ['a', 'b'],
    ['c', 'a'],
    ['b', 'c'],
    ['a', 'b'],
    ['c', 'a'],
    ['b', 'c'],
  ]);
  for (const task of plan) assert.equal(new Set(task).size, 2);
  const load = new Map<string, number>();
  for (const name of plan.flat()) load.set(name, (load.get(name) ?? 0) + 1);
  assert.deepEqual([...load.values()], [4, 4, 4]);
  assert.deepEqual(roundRobin(2, [], 2), [[], []]);
  assert.deepEqual(roundRobin(2, ['a'], 3), [['a'], ['a']], 'fewer annotators than overlap: each once');
});

const base: NewLabelingProject = {
  name: 'p',
  sourceVersionId: 'v',
  taskType: 'TEXT_CLASSIFICATION',
  labels: [{ value: 'x', name: 'X' }],
  textColumn: 'note',
  annotators: ['annotator'],
};
const problem = (input: Partial<NewLabelingProject>): { message: string; field: unknown } => {
  try {
    checkProjectInput({ ...base, ...input });
  } catch (error) {
    assert.ok(error instanceof GraphQLError);
    return { message: error.message, field: error.extensions.field };
  }
  assert.fail('accepted');
};

it('names the field of a bad project input', () => {
  assert.deepEqual(problem({ textColumn: null }), {
    message: 'textColumn is required for TEXT_CLASSIFICATION',
    field: 'textColumn',
  });
  assert.equal(problem({ taskType: 'BOUNDING_BOX' }).field, 'textColumn');
  assert.equal(problem({ overlap: 6 }).field, 'overlap');
  assert.match(problem({ overlap: 2 }).message, /overlap 2 needs at least 2 distinct annotators/);
  assert.equal(
    checkProjectInput({ ...base, overlap: 2, assignAll: false }).overlap,
    2,
    'no assignment: no annotators needed',
  );
  assert.match(problem({ annotators: ['bad name'] }).message, /"bad name" is not a username/);
  assert.equal(problem({ maxItems: 20_001 }).field, 'maxItems');
  assert.equal(problem({ name: ' ' }).field, 'name');
});

it('checks the label schema: unique values and hotkeys, one key each, no control characters', () => {
  assert.deepEqual(checkLabelClasses([{ value: ' a ', name: 'A', hotkey: 'q' }]), [
    { value: 'a', name: 'A', nameEn: null, hotkey: 'q' },
  ]);
  assert.throws(() => checkLabelClasses([]), /1 to 100 classes/);
  assert.throws(
    () =>
      checkLabelClasses([
        { value: 'a', name: 'A', hotkey: 'q' },
        { value: 'b', name: 'B', hotkey: 'Q' },
      ]),
    /labels\[1\]\.hotkey "Q" is already another label's/,
  );
  assert.throws(() => checkLabelClasses([{ value: 'a', name: 'A', hotkey: 'ctrl' }]), /must be one character/);
  assert.throws(
    () => checkLabelClasses([{ value: 'a\u0000', name: 'A' }]),
    /labels\[0\]\.value must not contain a control/,
  );
  // CSV injection: a label value a spreadsheet would run as a formula (also after a leading tab, trimmed).
  for (const value of ['=1+1', '+SUM(A1)', '-2', '@cmd', '\t=x'])
    assert.throws(
      () => checkLabelClasses([{ value, name: 'A' }]),
      /labels\[0\]\.value ".*" starts with ".", which a spreadsheet runs as a formula/,
    );
});
