import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PortTakenError } from './index.js';
import { installOnce, MARKER } from './install.js';
import { spawn } from 'node:child_process';
import { portFree, stopGroup } from './process.js';

describe('portFree', () => {
  it('sees a port held by a real listening socket, and sees it free after close', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    assert.equal(await portFree(port), false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.equal(await portFree(port), true);
  });

  it('names the port and the service in the error', () => {
    const error = new PortTakenError(7687, 'Neo4j Bolt', 'neo4j');
    assert.match(error.message, /Port 7687 \(Neo4j Bolt\)/);
    assert.match(error.message, /neo4j cannot start/);
  });
});

describe('installOnce', () => {
  it('redoes a half-finished install and skips a complete one', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'plinth-install-')), 'tool-1.0');
    try {
      let runs = 0;
      const install = async (target: string): Promise<void> => {
        runs += 1;
        writeFileSync(join(target, 'tool'), 'ok');
      };
      // A previous attempt died mid-way: folder present, marker absent, stray file inside.
      await installOnce(dir, async (target) => writeFileSync(join(target, 'stray'), 'x')).catch(() => undefined);
      rmSync(join(dir, MARKER));
      await installOnce(dir, install);
      assert.equal(runs, 1);
      assert.equal(existsSync(join(dir, 'stray')), false);
      assert.equal(readFileSync(join(dir, 'tool'), 'utf8'), 'ok');
      await installOnce(dir, install);
      assert.equal(runs, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves no marker when the install throws', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'plinth-install-')), 'tool-2.0');
    try {
      await assert.rejects(
        installOnce(dir, async () => Promise.reject(new Error('network down'))),
        /network down/,
      );
      assert.equal(existsSync(join(dir, MARKER)), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stopGroup', () => {
  // A service whose parent is blocked (npm test waits in spawnSync for the whole run) exits but is never
  // reaped: a zombie still counts as a member of its process group, and stopping it used to wait forever.
  it('treats a group left with only an unreaped zombie as not running, and stops a live group', async () => {
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const child = spawn('true', [], { detached: true, stdio: 'ignore' });
         console.log(child.pid);
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000); // blocked: never reaps`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = Number(
      await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(String(d)))),
    );
    try {
      let state = '';
      for (let i = 0; i < 100 && state !== 'Z'; i++) {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        if (state !== 'Z') await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(state, 'Z', 'the detached child exited and waits, unreaped, for its blocked parent');
      const began = Date.now();
      assert.equal(await stopGroup(pid, 2000), 'not running');
      assert.ok(Date.now() - began < 1000, `returned at once (${Date.now() - began} ms)`);
    } finally {
      parent.kill('SIGKILL');
    }
    const live = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    assert.equal(await stopGroup(live.pid!, 5000), 'stopped');
  });
});
