// The pre-parse scan: duplicate keys with both positions, nesting depth, valid files untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DEPTH, lineColumn, scanJson } from './json-scan.js';

test('a duplicate key is found at its second occurrence, naming the first', () => {
  const text = '{\n  "a": {"id": "x", "name": "n"},\n  "b": [{"id": "y",\n    "id": "z"}]\n}';
  const p = scanJson(text)!;
  assert.deepEqual(lineColumn(text, p.offset), { line: 4, column: 5 });
  assert.match(p.message, /duplicate key "id" in one object \(first at line 3, column 10\)/);
});

test('the same key in sibling or nested objects, keys inside strings and escaped quotes are fine', () => {
  assert.equal(scanJson('[{"id": 1}, {"id": 2, "x": {"id": 3}}]'), null);
  assert.equal(scanJson('{"a": "\\"id\\": 1", "id": "{\\"id\\"", "b": ["id", "id"]}'), null);
});

test('nesting deeper than MAX_DEPTH is refused before the parser overflows its stack', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  assert.match(scanJson(deep)!.message, new RegExp(`nested more than ${MAX_DEPTH} levels`));
  assert.equal(scanJson('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)), null);
});
