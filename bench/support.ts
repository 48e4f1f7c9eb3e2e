// What the benchmarks share: statistics, a demo user's token, and starting Plinth processes on their own
// ports for a run.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { config, realmUrl } from '../lib/config.js';

/** Median (mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile of an ascending array, q in 0..1; NaN for none. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** An access token for a demo user (password `plinth`) through the CLI client. */
export async function token(username: string): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'password', client_id: config.keycloak.cliClientId, username, password: 'plinth',
  });
  const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, { method: 'POST', body });
  if (!res.ok) throw new Error(`token for ${username}: HTTP ${res.status} ${await res.text()}; is the stack up? (npm run stack -- up)`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Runs a TypeScript entry point (with its arguments) in a child process, quiet but for errors. */
export function startScript(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Resolves once something listens on the loopback port (up to 60 s). */
export async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${port} never opened`);
}
