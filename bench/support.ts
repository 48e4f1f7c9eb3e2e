// What the benchmarks share: statistics, a demo user's token, and starting Plinth processes on their own
// ports for a run.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { demoUserToken } from '../scripts/keycloak-tokens.js';

// The statistics live in scripts/ because scripts/gpu-check.ts uses them too, and scripts may not import bench/.
export { median, percentile } from '../scripts/stats.js';

/** The command line of a bench: `--name value` options, numbers with a default, and the raw words for flags. */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)) {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => (opt(name) === undefined ? fallback : Number(opt(name)));
  return { argv, opt, num };
}

/** An access token for a demo user (password `plinth`) through the CLI client. */
export const token = (username: string): Promise<string> => demoUserToken(username);

/** Runs a TypeScript entry point (with its arguments) in a child process, quiet but for errors. */
export function startScript(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    // NODE_ENV=production as the Dockerfile runs the hub: graphql-js otherwise adds its development-mode
    // checks to every request, which a deployment never pays.
    env: { ...process.env, NODE_ENV: 'production', ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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
