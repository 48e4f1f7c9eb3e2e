// Temporal's development server (`temporal server start-dev`), built once from the Go module proxy
// with the local Go toolchain, persisting to a SQLite file so workflows survive a restart.
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { config, paths } from '../../lib/config.js';
import { execCapture, execOrThrow } from './exec.js';
import { tcpOpen } from './health.js';
import { requireGo } from './go.js';
import type { SpawnSpec } from './process.js';
import type { Service } from './service.js';
import { progress, say } from './ui.js';
import { minimums, temporalModule, versions } from './versions.js';
import { DEV_SERVER_SEARCH_ATTRIBUTES } from '../../domain/temporal/labels.js';

export const temporalBin = join(paths.bin, `temporal-${versions.temporalCli}`);
const dataRoot = join(paths.data, 'temporal');

const goEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // The module cache copy is read-only and pinned by its go.sum; never rewrite it.
  GOFLAGS: '-mod=readonly',
  // Build with the Go that was checked, rather than fetching another toolchain.
  GOTOOLCHAIN: 'local',
});

async function install(): Promise<void> {
  // The binary is renamed into place only after a successful build, so its presence is the marker.
  if (existsSync(temporalBin)) return;
  await requireGo(`Building the Temporal CLI ${versions.temporalCli}`, minimums.go);
  const module = `${temporalModule}@v${versions.temporalCli}`;
  say('temporal', `fetching ${module} from the Go module proxy`);
  const info = JSON.parse(await execOrThrow('go', ['mod', 'download', '-json', module], { env: goEnv() })) as {
    Dir?: string;
    Error?: string;
  };
  if (!info.Dir) throw new Error(`go mod download ${module} failed: ${info.Error ?? 'no module folder reported'}`);
  const dir = info.Dir;

  // Listing the dependency graph also downloads every module it needs; count them to show progress.
  say('temporal', 'downloading its dependencies (first build only)');
  let fetched = 0;
  const listing = await execOrThrow('go', ['list', '-deps', './cmd/temporal'], {
    cwd: dir,
    env: goEnv(),
    onLine: (line) => {
      if (line.startsWith('go: downloading') && ++fetched % 25 === 0)
        say('temporal', `  ${fetched} modules downloaded`);
    },
  });
  const packages = listing.split('\n').filter((line) => line.trim() && !line.startsWith('go: ')).length;

  say('temporal', `compiling ${packages} packages (a few minutes on 2 cores; cached for next time)`);
  await mkdir(paths.bin, { recursive: true });
  const part = `${temporalBin}.part`;
  const bar = progress('temporal', packages, 'compiling');
  let built = 0;
  try {
    // -v names each package as it is compiled (cached ones are skipped), which drives the bar.
    await execOrThrow(
      'go',
      [
        'build',
        '-v',
        '-ldflags',
        `-s -w -X ${temporalModule}/temporalcli.Version=${versions.temporalCli}`,
        '-o',
        part,
        './cmd/temporal',
      ],
      {
        cwd: dir,
        env: goEnv(),
        onLine: (line) => {
          if (line && !line.startsWith('#')) bar.update(++built, line.length > 40 ? `…${line.slice(-39)}` : line);
        },
      },
    );
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  } finally {
    bar.stop();
  }
  await rename(part, temporalBin);
  say('temporal', `built ${temporalBin}`);
}

/**
 * The UI's loopback port: TEMPORAL_UI_PORT, else one drawn at first start and kept in
 * paths.temporalUiPortFile. Not the well-known 8233, which a web page could reach by DNS rebinding;
 * people use the gateway's /temporal/ behind sign-in. (Any local user can still find it, and Temporal's
 * gRPC port, which the dev server never authenticates: see README, "Temporal".)
 */
export function temporalUiPort(): number {
  if (!process.env.TEMPORAL_UI_PORT && !existsSync(paths.temporalUiPortFile)) {
    mkdirSync(dataRoot, { recursive: true });
    try {
      writeFileSync(paths.temporalUiPortFile, `${randomInt(20_000, 60_000)}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return config.temporal.uiPort;
}

async function prepare(): Promise<SpawnSpec> {
  if (!existsSync(temporalBin)) throw new Error(`${temporalBin} is missing; run \`npm run stack -- up\` to build it`);
  await mkdir(dataRoot, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.temporal.port),
    '--ui-port',
    String(temporalUiPort()),
    // Served under the gateway's path, so the proxied pages' links and API calls line up.
    '--ui-public-path',
    '/temporal',
    '--db-filename',
    join(dataRoot, 'temporal.db'),
    '--log-level',
    'warn',
  ];
  // start-dev creates "default" itself; any other configured namespace is created alongside it.
  if (config.temporal.namespace !== 'default') args.push('--namespace', config.temporal.namespace);
  // Plinth's search attributes (org, actor, asset ids: domain/temporal/labels.ts), registered with the
  // namespaces a fresh database creates; afterStart adds them to a database from before.
  for (const attribute of DEV_SERVER_SEARCH_ATTRIBUTES) args.push('--search-attribute', attribute);
  return { command: temporalBin, args, cwd: dataRoot, env: process.env, match: temporalBin };
}

/**
 * Adds Plinth's search attributes the namespace lacks: start-dev's --search-attribute applies only to a
 * namespace it creates, not to one in an existing database. Safe to repeat.
 */
export async function registerSearchAttributes(): Promise<void> {
  const address = ['--address', `127.0.0.1:${config.temporal.port}`, '--namespace', config.temporal.namespace];
  for (const attribute of DEV_SERVER_SEARCH_ATTRIBUTES) {
    const [name, type] = attribute.split('=') as [string, string];
    const result = await execCapture(
      temporalBin,
      ['operator', 'search-attribute', 'create', '--name', name, '--type', type, ...address],
      { timeoutMs: 15_000 },
    );
    if (result.code !== 0 && !/already exists/i.test(result.output))
      throw new Error(`could not register the Temporal search attribute ${attribute}: ${result.output.trim()}`);
  }
}

async function healthy(): Promise<boolean> {
  if (!(await tcpOpen(config.temporal.port))) return false;
  const result = await execCapture(
    temporalBin,
    ['operator', 'cluster', 'health', '--address', `127.0.0.1:${config.temporal.port}`],
    { timeoutMs: 5000 },
  ).catch(() => undefined);
  return result?.code === 0 && result.output.includes('SERVING') && (await tcpOpen(temporalUiPort()));
}

export const temporalService: Service = {
  name: 'temporal',
  title: `Temporal CLI ${versions.temporalCli} dev server`,
  get ports() {
    return [
      { port: config.temporal.port, label: 'Temporal gRPC' },
      { port: temporalUiPort(), label: 'Temporal UI (loopback, for the gateway)' },
    ];
  },
  endpoints: () => [
    { label: 'gRPC', url: `127.0.0.1:${config.temporal.port} (no authentication: dev server)` },
    { label: 'UI', url: `http://127.0.0.1:${config.gateway.port}/temporal/ (gateway, platform-admin sign-in)` },
  ],
  install,
  prepare,
  healthy,
  afterStart: registerSearchAttributes,
  startTimeoutMs: 90_000,
  stopGraceMs: 20_000,
};
