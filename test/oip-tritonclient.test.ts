// Interop with NVIDIA's official Triton HTTP client (tritonclient[http] from PyPI, in the shared venv
// that scripts/interop/venv.ts creates or reuses): against the whole hub's gateway with a real Keycloak
// token, it checks health, model readiness and metadata, then infers with the client's default binary
// tensors and with JSON tensors; both must equal sigmoid(w·x + b).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { deployableVersion, deployOnCpu, lrScore } from './helpers/deployable.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { tritonClientPython } from '../scripts/interop/venv.js';

const tag = `oiptc-${randomUUID().slice(0, 8)}`;
const SCRIPT = 'scripts/interop/triton_http_client.py';

let hub: Hub;
let base: string;
let admin: string;
let python: string;
const ids: Record<string, string> = {};

interface Run {
  shape: number[];
  datatype: string;
  binary: boolean;
  data: number[];
}
interface Report {
  server_live: boolean;
  server_ready: boolean;
  model_ready: boolean;
  metadata: { name: string; inputs: { name: string; datatype: string; shape: number[] }[] };
  binary: Run;
  json: Run;
  problems: string[];
  error?: unknown;
}

function runClient(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  python = tritonClientPython(); // quick when the venv already has tritonclient; installs from PyPI otherwise
  hub = await startHub();
  base = hub.gateway.url.replace(/\/graphql$/, '');
  admin = await tokenFor('admin');
  const d = await deployableVersion(hub.gateway.url, admin, tag);
  Object.assign(ids, d);
  ids.deployment = await deployOnCpu(hub.gateway.url, admin, tag, d, 'main');
});

after(async () => {
  if (ids.deployment)
    await gql(hub.gateway.url, `mutation { stopDeployment(id: "${ids.deployment}") { id } }`, { token: admin });
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment) AND $tag IN n.tags
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag },
  );
  await hub.close();
});

test('the official Triton HTTP client: health, metadata, binary and JSON infer equal sigmoid(w·x + b)', async () => {
  const rows = [
    [1, 2, 3, 4],
    [0.5, -0.5, 0, 2],
    [0, 0, 0, 0],
  ];
  const want = rows.map(lrScore);
  const url = new URL(base).host;
  const { code, stdout, stderr } = await runClient([
    '--url',
    url,
    '--model',
    ids.deployment!,
    '--token',
    admin,
    '--input',
    'x',
    '--output',
    'y',
    '--data',
    JSON.stringify(rows),
    '--expected',
    JSON.stringify(want),
  ]);
  assert.equal(code, 0, `exit ${code}\nstdout: ${stdout}\nstderr: ${stderr}`);
  const report = JSON.parse(stdout) as Report;
  assert.deepEqual([report.server_live, report.server_ready, report.model_ready], [true, true, true]);
  assert.deepEqual(report.metadata.inputs, [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }]);
  assert.deepEqual(report.problems, []);
  for (const mode of ['binary', 'json'] as const) {
    const run = report[mode];
    assert.equal(run.binary, mode === 'binary', `${mode}: output came back ${run.binary ? 'binary' : 'as JSON'}`);
    assert.deepEqual([run.shape, run.datatype], [[3, 1], 'FP32'], mode);
    want.forEach((v, i) => assert.ok(Math.abs(run.data[i]! - v) < 1e-5, `${mode} row ${i}: ${run.data[i]} vs ${v}`));
  }
});

test('the Triton client without a valid token is refused (401), and the script says so', async () => {
  const { code, stdout } = await runClient([
    '--url',
    new URL(base).host,
    '--model',
    ids.deployment!,
    '--token',
    'not-a-token',
    '--data',
    '[[1,2,3,4]]',
  ]);
  assert.equal(code, 2, stdout);
  assert.equal((JSON.parse(stdout) as { error: { status: string } }).error.status, '401');
});
