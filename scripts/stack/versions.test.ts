import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoVersion, versionAtLeast } from './go.js';
import { parseJavaMajor } from './java.js';

describe('parseJavaMajor', () => {
  it('reads the major version of each version scheme', () => {
    assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'), 17);
    assert.equal(parseJavaMajor('openjdk version "25.0.3" 2026-04-21 LTS'), 25);
    assert.equal(parseJavaMajor('openjdk version "21" 2023-09-19'), 21);
    assert.equal(parseJavaMajor('openjdk version "22-ea" 2024-03-19'), 22);
    assert.equal(parseJavaMajor('java version "1.8.0_292"\nJava(TM) SE Runtime Environment'), 8);
    assert.equal(parseJavaMajor('openjdk 21.0.2 2024-01-16'), 21);
  });
  it('returns undefined for text without a version', () => {
    assert.equal(parseJavaMajor('bash: java: command not found'), undefined);
    assert.equal(parseJavaMajor(''), undefined);
  });
});

describe('parseGoVersion / versionAtLeast', () => {
  it('parses release and pre-release versions', () => {
    assert.deepEqual(parseGoVersion('go version go1.26.8 linux/amd64'), [1, 26, 8]);
    assert.deepEqual(parseGoVersion('go version go1.25rc1 darwin/arm64'), [1, 25, 0]);
    assert.equal(parseGoVersion('zsh: command not found: go'), undefined);
  });
  it('compares versions component by component', () => {
    assert.equal(versionAtLeast([1, 26, 8], [1, 25]), true);
    assert.equal(versionAtLeast([1, 25, 0], [1, 25]), true);
    assert.equal(versionAtLeast([1, 24, 9], [1, 25]), false);
    assert.equal(versionAtLeast([1, 9, 0], [1, 25]), false);
    assert.equal(versionAtLeast([2, 0, 0], [1, 25]), true);
  });
});
