// Base files that JSON.parse mishandles are refused with file:line:column before anything is parsed:
// a duplicate key (JSON keeps the last silently), nesting that overflowed the parser's stack, a file over
// 20 MB; a byte-order mark is skipped and the base loads. No graph: loadBase only reads the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KbValidationError, loadBase } from '../../subgraphs/knowledge/kb/import.js';
import { MAX_FILE_BYTES } from '../../subgraphs/knowledge/kb/json-scan.js';
import { tinyBase, writeBaseFiles } from './kb-fixtures.js';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof KbValidationError, String(error));
    return error.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`);
  }
  assert.fail('expected a KbValidationError');
};

test('a duplicate key is refused at its line and column, naming the first', () => {
  const b = tinyBase('D');
  const path = join(b.dir, 'domain.json');
  // The first "nameEn" of the file, written twice in its object.
  const text = readFileSync(path, 'utf8').replace(/("nameEn": "[^"]*",)/, '$1\n      "nameEn": "second",');
  writeFileSync(path, text);
  const line = text.slice(0, text.indexOf('"nameEn": "second"')).split('\n').length;
  const [p, ...rest] = problemsOf(() => loadBase(b.dir));
  assert.equal(rest.length, 0);
  assert.match(
    p!,
    new RegExp(`^domain\\.json:${line}:7 duplicate key "nameEn" in one object \\(first at line ${line - 1}, `),
  );
});

test('a byte-order mark is skipped: the base loads', () => {
  const b = tinyBase('B');
  const path = join(b.dir, 'kb.json');
  writeFileSync(path, `\ufeff${readFileSync(path, 'utf8')}`);
  assert.equal(loadBase(b.dir).kb.info.id, b.id);
});

test('deep nesting is a clear problem, not "Maximum call stack size exceeded"', () => {
  const b = tinyBase('N');
  writeBaseFiles(b.dir, { 'lexicon.json': `{"synonyms": ${'['.repeat(200_000)}${']'.repeat(200_000)}}` });
  const problems = problemsOf(() => loadBase(b.dir));
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /^lexicon\.json:1:\d+ nested more than 64 levels deep/);
});

test('a file over 20 MB is refused by its size, quickly, without being read', () => {
  const b = tinyBase('S');
  writeBaseFiles(b.dir, { 'lexicon.json': `{"synonyms": [["${'a'.repeat(MAX_FILE_BYTES)}"]]}` });
  const t0 = Date.now();
  const problems = problemsOf(() => loadBase(b.dir));
  assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
  assert.deepEqual(problems, ['lexicon.json:0:0 file is 20.0 MB; at most 20 MB per file']);
  rmSync(join(b.dir, 'lexicon.json'));
});
