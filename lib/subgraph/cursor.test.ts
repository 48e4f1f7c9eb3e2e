import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cursorModule = new URL('./cursor.ts', import.meta.url).href;

describe('cursor sealing key file', () => {
  it('processes starting together all get the one key the first writer created, never a partial file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'plinth-cursor-key-'));
    try {
      const script = `const { cursorKey } = await import(${JSON.stringify(cursorModule)}); console.log(cursorKey().toString('base64'));`;
      const { PLINTH_CURSOR_KEY: _fromEnv, ...inherited } = process.env;
      const env = { ...inherited, PLINTH_HOME: home };
      const keys = await Promise.all(
        Array.from({ length: 6 }, () =>
          run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env }).then((r) =>
            r.stdout.trim(),
          ),
        ),
      );
      assert.equal(new Set(keys).size, 1, `different keys: ${keys.join(' ')}`);
      assert.equal(Buffer.from(keys[0]!, 'base64').length, 32);
      const dir = join(home, 'data', 'subgraphs');
      assert.deepEqual(readdirSync(dir), ['cursor.key'], 'no per-process file is left behind');
      assert.equal(statSync(join(dir, 'cursor.key')).mode & 0o777, 0o600);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
