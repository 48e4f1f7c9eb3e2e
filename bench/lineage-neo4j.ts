// A throwaway Neo4j for the lineage benchmark at 10,000,000 nodes: the same Neo4j distribution the
// launcher assembled (scripts/stack/neo4j.ts), its own data folder and loopback ports, the DAG written with
// `neo4j-admin database import full` from the CSV files the benchmark writes anyway, then the project's
// migrations (constraints, indexes, the org tree). Why not the shared Neo4j: writing 10M nodes through
// UNWIND transactions ran at ~3,000 nodes/s on this machine with other work on it (about an hour, and as
// long again to delete them), and the batch would sit in the graph other work and benchmarks use (lists,
// searches, label scans). The bulk importer writes the store in minutes; stopping the instance and
// removing its folder is the whole cleanup. PostgreSQL is handled the same way (a throwaway cluster).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { plinthHome } from '../lib/config.js';
import { neo4jConf, neo4jJvmFlags } from '../scripts/stack/neo4j.js';
import { findJava } from '../scripts/stack/java.js';
import { minimums, versions } from '../scripts/stack/versions.js';

export interface BenchNeo4j {
  uri: string;
  password: string;
  driver: Driver;
  heap: string;
  pageCache: string;
  importSeconds: number;
  migrateSeconds: number;
  stop: () => Promise<void>;
}

/** Header lines of the import files; the data files are written by the benchmark (id, label, ownerOrgId, benchBatch / from, to, type). */
export const IMPORT_NODE_HEADER = 'id:ID,:LABEL,ownerOrgId,benchBatch';
export const IMPORT_EDGE_HEADER = ':START_ID,:END_ID,:TYPE';

export async function startBenchNeo4j(o: {
  nodesCsv: string;
  edgesCsv: string;
  boltPort: number;
  httpPort: number;
  heap: string;
  pageCache: string;
}): Promise<BenchNeo4j> {
  const home = join(plinthHome, `neo4j-${versions.neo4j}`);
  const root = join(plinthHome, 'neo4j-bench');
  rmSync(root, { recursive: true, force: true });
  for (const dir of ['conf', 'data', 'logs', 'run', 'import']) mkdirSync(join(root, dir), { recursive: true });
  const confDir = join(root, 'conf');
  writeFileSync(
    join(confDir, 'neo4j.conf'),
    neo4jConf({ dataRoot: root, boltPort: o.boltPort, httpPort: o.httpPort, heap: o.heap, pageCache: o.pageCache }),
  );
  const java = await findJava(`Neo4j ${versions.neo4j}`, minimums.javaForNeo4j, 21);
  const env = { ...process.env, JAVA_HOME: java.home, NEO4J_HOME: home, NEO4J_CONF: confDir };
  const admin = (args: string[]): void => {
    const res = spawnSync(java.bin, ['-Xmx2g', '-cp', `${home}/lib/*`, 'org.neo4j.cli.AdminTool', ...args], {
      env,
      cwd: home,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (res.status !== 0)
      throw new Error(
        `neo4j-admin ${args.slice(0, 3).join(' ')} failed (${res.status}): ${(res.stderr || res.stdout).slice(-2000)}`,
      );
  };
  const nodesHeader = join(root, 'import', 'nodes-header.csv');
  const edgesHeader = join(root, 'import', 'edges-header.csv');
  writeFileSync(nodesHeader, `${IMPORT_NODE_HEADER}\n`);
  writeFileSync(edgesHeader, `${IMPORT_EDGE_HEADER}\n`);
  let t = performance.now();
  admin([
    'database',
    'import',
    'full',
    `--nodes=${nodesHeader},${o.nodesCsv}`,
    `--relationships=${edgesHeader},${o.edgesCsv}`,
    '--overwrite-destination=true',
    'neo4j',
  ]);
  const importSeconds = (performance.now() - t) / 1000;
  const password = randomBytes(12).toString('hex');
  admin(['dbms', 'set-initial-password', password]);

  const log = openSync(join(root, 'logs', 'console.log'), 'a');
  const server: ChildProcess = spawn(
    java.bin,
    [
      ...neo4jJvmFlags(o.heap),
      '-cp',
      `${home}/lib/*`,
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${home}`,
      `--config-dir=${confDir}`,
      '--console-mode',
    ],
    {
      env,
      cwd: home,
      stdio: ['ignore', log, log],
    },
  );
  const uri = `bolt://127.0.0.1:${o.boltPort}`;
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password), {
    disableLosslessIntegers: true,
    logging: { level: 'error', logger: () => undefined },
  });
  const stop = async (): Promise<void> => {
    await driver.close().catch(() => undefined);
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null)
        throw new Error(`bench Neo4j exited (${server.exitCode}); see ${join(root, 'logs')}`);
      try {
        await driver.executeQuery('RETURN 1');
        break;
      } catch (error) {
        if (i > 600) throw new Error(`bench Neo4j did not answer in 5 minutes: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    // The project's migrations against this instance (constraints and indexes populated over the imported nodes).
    t = performance.now();
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'graph-schema/cli.ts'], {
      env: { ...process.env, NEO4J_URI: uri, NEO4J_PASSWORD: password },
      encoding: 'utf8',
    });
    if (res.status !== 0)
      throw new Error(`migrations on the bench Neo4j failed: ${(res.stderr || res.stdout).slice(-2000)}`);
    await driver.executeQuery('CALL db.awaitIndexes(1800)');
    const migrateSeconds = (performance.now() - t) / 1000;
    return { uri, password, driver, heap: o.heap, pageCache: o.pageCache, importSeconds, migrateSeconds, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
