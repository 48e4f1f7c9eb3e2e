// The shared normaliser and the echo of user values in error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ECHO_MAX, echo, normalizeText } from './normalize.js';

test('normalizeText: NFKC, zero-width and bidi characters removed, whitespace collapsed', () => {
  assert.equal(normalizeText('  油\u200b温\u202e过高\t\n'), '油 温 过高');
  assert.equal(normalizeText('ＳＦ６'), 'SF6');
});

test('echo: at most ECHO_MAX characters then …, control characters escaped, short values unchanged', () => {
  assert.equal(echo('water'), 'water');
  const long = echo('x'.repeat(1_000_000));
  assert.equal(long, `${'x'.repeat(ECHO_MAX)}…`);
  assert.equal(echo('a\u0000b\u200bc'), 'a\\u0000b\\u200bc');
  // A surrogate pair is not cut in half.
  assert.equal([...echo('𝐀'.repeat(100))].length, ECHO_MAX + 1);
});

test('joinFormat: format characters inside a word are joined out (symptom prefixes)', () => {
  assert.equal(normalizeText('油\u200b温\u2060', { joinFormat: true }), '油温');
});
