// Interop: the official OpenLineage Python client (PyPI openlineage-python, stock HttpTransport with
// api_key auth = our bearer token) reports a job run to POST /api/v1/lineage; the job, its datasets and
// the PROV edges must then be in the graph. Runs scripts/interop/openlineage_client.py from the shared
// venv (scripts/interop/venv.ts), installing the client there from PyPI when it is missing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import express from 'express';
import { startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { openLineageRoutes } from '../subgraphs/lineage/openlineage/routes.js';
import { VENV_DIR } from '../scripts/interop/venv.js';

export const OPENLINEAGE_PYTHON_VERSION = '1.54.0';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'interop', 'openlineage_client.py');

/** The shared venv's python with openlineage-python importable at the pinned version. */
function openLineagePython(): string {
  const python = join(VENV_DIR, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  const probe = (): boolean =>
    existsSync(python) &&
    spawnSync(
      python,
      ['-c', 'import openlineage.client, importlib.metadata as m; print(m.version("openlineage-python"))'],
      { encoding: 'utf8', timeout: 60_000 },
    ).stdout?.trim() === OPENLINEAGE_PYTHON_VERSION;
  if (probe()) return python;
  if (!existsSync(python)) {
    mkdirSync(dirname(VENV_DIR), { recursive: true });
    const made = spawnSync('python3', ['-m', 'venv', VENV_DIR], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`python3 -m venv ${VENV_DIR} failed: ${made.stderr || made.error?.message}`);
  }
  console.error(`installing openlineage-python==${OPENLINEAGE_PYTHON_VERSION} into ${VENV_DIR} (PyPI)`);
  const pip = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `openlineage-python==${OPENLINEAGE_PYTHON_VERSION}`,
    ],
    {
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  if (pip.status !== 0)
    throw new Error(
      `pip install openlineage-python failed (exit ${pip.status ?? pip.signal}): ${pip.stderr || pip.stdout}`,
    );
  if (!probe())
    throw new Error(`openlineage-python ${OPENLINEAGE_PYTHON_VERSION} is still not importable from ${python}`);
  return python;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let hub: Hub;
let server: Server;
let base: string;
let python: string;
const ns = `olpy-${randomUUID().slice(0, 8)}`;

before(async () => {
  python = openLineagePython();
  hub = await startHub();
  const app = express();
  openLineageRoutes(app, { driver: hub.driver });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await hub.driver.executeQuery(
    // Dataset namespaces embed the run's tag (postgres://<ns>-db:5432), hence CONTAINS.
    `MATCH (n) WHERE (n:Job AND n.namespace CONTAINS $ns) OR (n:Dataset AND n.namespace CONTAINS $ns)
        OR (n:LineageRun AND n.jobId CONTAINS $ns) OR (n:DatasetVersion AND n.datasetId CONTAINS $ns)
     DETACH DELETE n`,
    { ns },
  );
  await new Promise((resolve) => server?.close(resolve));
  await hub?.close();
});

it(
  'openlineage-python reports START and COMPLETE; the job, datasets and PROV edges are in the graph',
  { timeout: 180_000 },
  async () => {
    const input = `postgres://${ns}-db:5432/sales.raw_orders`;
    const output = `postgres://${ns}-db:5432/sales.clean_orders`;
    const result = await run(
      python,
      [SCRIPT, '--url', base, '--namespace', ns, '--job', 'etl.clean_orders', '--input', input, '--output', output],
      {
        PLINTH_TOKEN: await tokenFor('engineer'),
      },
    );
    assert.equal(result.code, 0, `${result.stderr}\n${result.stdout}`);
    const { runId } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { runId: string };

    const { records } = await hub.driver.executeQuery(
      `MATCH (r:LineageRun {id: $runId})-[:RUN_OF]->(j:Job)
     RETURN j.id AS job, j.description AS description, r.state AS state, r.transitions AS transitions, r.producer AS producer,
            [(r)-[:ASSOCIATED_WITH]->(u:User) | u.username] AS users,
            [(r)-[:USED]->(v:DatasetVersion)<-[:HAS_VERSION]-(d:Dataset) | {id: d.id, namespace: d.namespace, name: d.olName, schema: v.schema}] AS used,
            [(r)-[:GENERATED]->(v:DatasetVersion)<-[:HAS_VERSION]-(d:Dataset) | {id: d.id, rowCount: v.rowCount, source: d.source, owner: d.ownerOrgId}] AS generated`,
      { runId },
    );
    assert.equal(records.length, 1, `run ${runId} not in the graph`);
    const row = records[0]!.toObject() as {
      job: string;
      description: string;
      state: string;
      transitions: string[];
      producer: string;
      users: string[];
      used: { id: string; namespace: string; name: string; schema: string }[];
      generated: { id: string; rowCount: number; source: string; owner: string }[];
    };
    assert.equal(row.job, `${ns}/etl.clean_orders`);
    assert.equal(row.description, 'interop check: openlineage-python');
    assert.equal(row.state, 'COMPLETE');
    assert.deepEqual(row.transitions, ['START', 'COMPLETE']);
    assert.match(row.producer, /OpenLineage/);
    assert.deepEqual(row.users, ['engineer']);
    assert.deepEqual(
      row.used.map((u) => [u.id, u.namespace, u.name]),
      [[`ol:${input}`, `postgres://${ns}-db:5432`, 'sales.raw_orders']],
    );
    assert.deepEqual(
      (JSON.parse(row.used[0]!.schema) as { fields: { name: string }[] }).fields.map((f) => f.name),
      ['id', 'amount'],
    );
    assert.deepEqual(row.generated, [{ id: `ol:${output}`, rowCount: 7, source: 'openlineage', owner: 'hq' }]);
  },
);
