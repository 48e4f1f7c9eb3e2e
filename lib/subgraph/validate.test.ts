// The one set of input limits (issue 13: a description could be 4,000 characters in assets and 2,000 in
// compute; tags with spaces were refused for datasets only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import {
  LIMITS,
  checkComment,
  checkExecutionProviders,
  checkLabel,
  checkName,
  checkTags,
  checkText,
} from './validate.js';

const refused = (fn: () => unknown, field: string, message: RegExp): void => {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof GraphQLError);
    assert.equal(error.extensions.code, 'BAD_USER_INPUT');
    assert.equal(error.extensions.field, field);
    assert.match(error.message, message);
    return true;
  });
};

test('descriptions: one limit for every subgraph, line breaks allowed', () => {
  assert.equal(LIMITS.description, 4000);
  assert.equal(checkText('x'.repeat(4000), 'description')?.length, 4000);
  assert.equal(checkText('line one\nline two\ttabbed', 'description'), 'line one\nline two\ttabbed');
  refused(() => checkText('x'.repeat(4001), 'description'), 'description', /at most 4000 characters/);
  refused(() => checkText('bell\u0007', 'description'), 'description', /control character/);
  assert.equal(checkText(null, 'description'), undefined);
  // A shorter field says so.
  refused(() => checkText('x'.repeat(201), 'location', 200), 'location', /at most 200/);
});

test('names: trimmed, 1 to 200 characters, no control or invisible characters', () => {
  assert.equal(checkName('  grid  '), 'grid');
  assert.equal(checkName('n'.repeat(200)).length, 200);
  refused(() => checkName('n'.repeat(201)), 'name', /1 to 200/);
  refused(() => checkName('   '), 'name', /1 to 200/);
  refused(() => checkName('model\u202Efdp.exe'), 'name', /invisible or bidirectional/);
});

test('tags: at most 50, each 1 to 64 characters without spaces, duplicates dropped', () => {
  assert.deepEqual(checkTags(['grid', '电网', 'grid']), ['grid', '电网']);
  assert.equal(checkTags(Array.from({ length: 50 }, (_, i) => `t${i}`))?.length, 50);
  refused(() => checkTags(Array.from({ length: 51 }, (_, i) => `t${i}`)), 'tags', /at most 50/);
  refused(() => checkTags(['power grid']), 'tags', /without spaces/);
  refused(() => checkTags(['']), 'tags', /1 to 64/);
  refused(() => checkTags(['t'.repeat(65)]), 'tags', /1 to 64/);
  refused(() => checkTags(['nul\u0000']), 'tags', /control character/);
  assert.equal(checkTags(undefined), undefined);
});

test('labels (hostnames, vendors, tasks) and execution provider names', () => {
  assert.equal(checkLabel(' ocr-recognition ', 'task', 64), 'ocr-recognition');
  refused(() => checkLabel('t'.repeat(65), 'task', 64), 'task', /1 to 64/);
  refused(() => checkLabel('', 'vendor'), 'vendor', /1 to 200/);
  assert.deepEqual(checkExecutionProviders(['CUDA', 'cpu', 'cuda']), ['cuda', 'cpu']);
  refused(() => checkExecutionProviders(['cuda;rm']), 'executionProviders', /not an execution provider name/);
});

test('decision comments: required, line breaks and RTL marks kept, control and bidi override characters refused', () => {
  assert.equal(checkComment('ok\n\tsee ticket 12', 'comment', 2000), 'ok\n\tsee ticket 12');
  assert.equal(checkComment('מאושר \u200f', 'comment', 2000), 'מאושר \u200f');
  refused(() => checkComment('', 'comment', 2000), 'comment', /comment is required/);
  refused(() => checkComment(' \n\t ', 'comment', 2000), 'comment', /comment is required/);
  refused(() => checkComment('x'.repeat(2001), 'comment', 2000), 'comment', /at most 2000/);
  refused(() => checkComment('ok\u0000', 'comment', 2000), 'comment', /control character \(U\+0000/);
  refused(() => checkComment('ok\u001b[31m', 'comment', 2000), 'comment', /control character/);
  for (const c of ['\u202a', '\u202e', '\u2066', '\u2069'])
    refused(
      () => checkComment(`approved ${c}detcejer`, 'comment', 2000),
      'comment',
      /bidirectional override or isolate/,
    );
});
