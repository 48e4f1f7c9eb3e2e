// `npx tsx scripts/hub.ts` run directly starts a hub and prints the gateway URL, which answers GraphQL (a real Keycloak token);
// SIGTERM stops it. (Imported, as the tests do, it starts nothing.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { tokenFor } from './helpers/tokens.js';

test('scripts/hub.ts run directly prints a gateway URL that answers, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/hub.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no gateway URL within 120 s:\n${out}`)), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^gateway: (\S+)/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing the URL:\n${out}`)));
    });
    assert.match(url, /^http:\/\/.+:\d+/);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${await tokenFor('dispatcher')}`,
      },
      body: JSON.stringify({ query: '{ knowledgeBases { id } }' }),
    });
    const body = (await res.json()) as { data?: { knowledgeBases?: { id: string }[] } };
    assert.ok(
      body.data?.knowledgeBases?.some((b) => b.id === 'grid'),
      JSON.stringify(body),
    );
  } finally {
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${code}/${signal}`)));
    child.kill('SIGTERM');
    // Apollo Server stops its servers on SIGTERM and re-raises it; our handler closes the hub and exits 0.
    assert.match(await exited, /^(?:0\/null|null\/SIGTERM)$/, out);
  }
});
