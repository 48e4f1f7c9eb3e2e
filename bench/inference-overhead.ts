// Inference overhead through the whole hub: the same logistic-regression model called
//   (a) in process with onnxruntime-node's `session.run` on a prepared tensor (the floor),
//   (b) as an Open Inference Protocol (KServe v2) infer through the gateway, JSON tensors,
//   (b') the same with the binary tensor extension (binary input and output),
//   (c) as a GraphQL `predict` mutation through the gateway,
// with a real Keycloak token, over HTTP/1.1 keep-alive (one connection, one request at a time). The
// subgraphs and the gateway run as child processes (as `npm start` runs them), so the load generator
// has its own event loop. After a warm-up, blocks of each target alternate in rotating order; p50/p99
// and the differences (b − a), (b' − a), (c − a) go to bench/results/inference-overhead.json.
// Target (issue): OIP p50 minus in-process p50 ≤ 1 ms.
// Needs the stack (npm run stack -- up). Usage: npm run bench:inference [-- --rounds 5 --block 300]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import * as ort from 'onnxruntime-node';
import { Agent, request } from 'undici';
import { config } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { token } from './support.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 5);
const block = arg('block', 300);
const warmup = arg('warmup', 300);
const BASE_PORT = arg('port', 4120);

const W = [0.5, -1, 2, 0.25];
const B = 0.1;
const model = logisticRegressionModel(W, B);
const row = [0.3, -1.2, 2.5, 0.7];
const expected = 1 / (1 + Math.exp(-(row.reduce((s, x, i) => s + x * W[i]!, 0) + B)));
const tag = `bench-inf-${randomUUID().slice(0, 8)}`;

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

async function waitForPort(name: string, port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before listening on ${port}`);
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} never listened on port ${port}`);
}

// ── the stack must be up ────────────────────────────────────────────────────────────────────────────
const missing: string[] = [];
if (!(await portOpen(config.neo4j.boltPort))) missing.push(`Neo4j (bolt port ${config.neo4j.boltPort})`);
if (!(await portOpen(config.keycloak.port))) missing.push(`Keycloak (port ${config.keycloak.port})`);
if (missing.length > 0) {
  console.error(
    `The stack is not up: ${missing.join(', ')} not reachable. Start it with \`npm run stack -- up\` and run again.`,
  );
  process.exit(2);
}

// ── the hub as child processes on their own ports ───────────────────────────────────────────────────
// The subgraphs this bench's operations reach (the gateway loads the committed supergraph, so others
// need not run): model registration and upload, hardware, deployments and predict.
const NAMES = ['assets', 'models', 'serving', 'compute'];
const ports = Object.fromEntries(NAMES.map((n, i) => [n, BASE_PORT + 1 + i])) as Record<string, number>;
const GATEWAY_PORT = BASE_PORT;
const hubEnv: Record<string, string> = {
  LOG_LEVEL: 'warn',
  GATEWAY_PORT: String(GATEWAY_PORT),
  ...Object.fromEntries(
    NAMES.flatMap((n) => [
      [`${n.toUpperCase()}_PORT`, String(ports[n])],
      [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}/graphql`],
    ]),
  ),
};
const children: ChildProcess[] = [];
const start = (script: string): ChildProcess => {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...hubEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
};

const driver = createDriver();
const dispatcher = new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
let bearer = '';
let deploymentId: string | undefined;

async function graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await request(`${gateway}/graphql`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.body.json()) as { data?: T; errors?: { message: string }[] };
  if (res.statusCode !== 200 || body.errors)
    throw new Error(`GraphQL: HTTP ${res.statusCode} ${JSON.stringify(body.errors ?? body)}`);
  return body.data as T;
}

try {
  for (const n of NAMES) start(`subgraphs/${n}/server.ts`);
  await Promise.all(NAMES.map((n, i) => waitForPort(`${n} subgraph`, ports[n]!, children[i]!)));
  const gw = start('gateway/server.ts');
  await waitForPort('gateway', GATEWAY_PORT, gw);
  bearer = await token('admin');

  // ── deploy the model through the hub, as a user would ─────────────────────────────────────────────
  const modelId = (
    await graphql<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} lr", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
    )
  ).registerModel.id;
  const upload = await fetch(`${gateway}/api/models/${modelId}/versions?framework=hand-built`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(model),
  });
  if (upload.status !== 201) throw new Error(`upload: HTTP ${upload.status} ${await upload.text()}`);
  const versionId = ((await upload.json()) as { id: string }).id;
  const cluster = (
    await graphql<{ registerCluster: { id: string } }>(
      `mutation { registerCluster(input: {name: "${tag} cluster", tags: ["${tag}"]}) { id } }`,
    )
  ).registerCluster.id;
  const node = (
    await graphql<{ registerNode: { id: string } }>(
      `mutation { registerNode(input: {clusterId: "${cluster}", name: "${tag} node", hostname: "${tag}-host", tags: ["${tag}"]}) { id } }`,
    )
  ).registerNode.id;
  const cpu = (
    await graphql<{ registerAccelerator: { id: string } }>(
      `mutation { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "bench", model: "cpu", memoryMb: 1024, executionProviders: ["cpu"], nodeId: "${node}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerAccelerator.id;
  const created = (
    await graphql<{ createDeployment: { id: string; status: string } }>(
      'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id status } }',
      { i: { name: `${tag} main`, modelVersionId: versionId, acceleratorId: cpu, tags: [tag] } },
    )
  ).createDeployment;
  deploymentId = created.id;
  if (created.status !== 'READY') throw new Error(`deployment is ${created.status}`);

  // ── the targets ───────────────────────────────────────────────────────────────────────────────────
  const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'all' });
  const tensor = new ort.Tensor('float32', Float32Array.from(row), [1, 4]);
  const inferUrl = `${gateway}/v2/models/${deploymentId}/infer`;
  const oipBody = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: row }] });
  const binHeader = Buffer.from(
    JSON.stringify({
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: 16 } }],
      parameters: { binary_data_output: true },
    }),
  );
  const binBody = Buffer.concat([binHeader, Buffer.from(Float32Array.from(row).buffer)]);
  const predictBody = JSON.stringify({
    query: 'mutation($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { outputs } }',
    variables: { d: deploymentId, i: { x: { dtype: 'float32', shape: [1, 4], data: row } } },
  });
  const check = (value: number | undefined, target: string): void => {
    if (value === undefined || Math.abs(value - expected) > 1e-5)
      throw new Error(`${target}: got ${value}, expected ${expected}`);
  };
  const targets = {
    'session.run': async (verify: boolean) => {
      const out = await session.run({ x: tensor });
      if (verify) check((Object.values(out)[0]!.data as Float32Array)[0], 'session.run');
    },
    'oip-json': async (verify: boolean) => {
      const res = await request(inferUrl, {
        method: 'POST',
        dispatcher,
        body: oipBody,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      });
      if (res.statusCode !== 200) throw new Error(`OIP: HTTP ${res.statusCode} ${await res.body.text()}`);
      const body = (await res.body.json()) as { outputs: { data: number[] }[] };
      if (verify) check(body.outputs[0]?.data[0], 'oip-json');
    },
    'oip-binary': async (verify: boolean) => {
      const res = await request(inferUrl, {
        method: 'POST',
        dispatcher,
        body: binBody,
        headers: {
          'content-type': 'application/octet-stream',
          'inference-header-content-length': String(binHeader.length),
          authorization: `Bearer ${bearer}`,
        },
      });
      if (res.statusCode !== 200) throw new Error(`OIP binary: HTTP ${res.statusCode} ${await res.body.text()}`);
      const raw = Buffer.from(await res.body.arrayBuffer());
      if (verify) check(raw.readFloatLE(Number(res.headers['inference-header-content-length'])), 'oip-binary');
    },
    'graphql-predict': async (verify: boolean) => {
      const res = await request(`${gateway}/graphql`, {
        method: 'POST',
        dispatcher,
        body: predictBody,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      });
      const body = (await res.body.json()) as {
        data?: { predict: { outputs: Record<string, { data: number[] }> } };
        errors?: unknown;
      };
      if (res.statusCode !== 200 || body.errors)
        throw new Error(`predict: HTTP ${res.statusCode} ${JSON.stringify(body.errors)}`);
      if (verify) check(Object.values(body.data!.predict.outputs)[0]?.data[0], 'graphql-predict');
    },
  };
  type Target = keyof typeof targets;
  const names = Object.keys(targets) as Target[];

  async function time(target: Target, n: number): Promise<number[]> {
    const fn = targets[target];
    await fn(true); // every block starts with a checked answer
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn(false);
      out.push(performance.now() - t0);
    }
    return out;
  }
  const quantile = (values: number[], q: number): number => {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  };

  for (const name of names) await time(name, warmup);
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Target, number[]>;
  const perRound: Record<string, number>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    const p50s: Record<string, number> = {};
    for (const name of order) {
      const t = await time(name, block);
      samples[name].push(...t);
      p50s[name] = quantile(t, 0.5);
    }
    perRound.push(p50s);
    console.log(`round ${round + 1}: ${names.map((n) => `${n} ${(p50s[n]! * 1000).toFixed(0)} µs`).join(', ')}`);
  }
  const summary = Object.fromEntries(
    names.map((n) => [n, { p50Ms: quantile(samples[n], 0.5), p99Ms: quantile(samples[n], 0.99) }]),
  ) as Record<Target, { p50Ms: number; p99Ms: number }>;
  const floor = summary['session.run'].p50Ms;
  const overheadMs = {
    oipJsonMinusInProcess: summary['oip-json'].p50Ms - floor,
    oipBinaryMinusInProcess: summary['oip-binary'].p50Ms - floor,
    graphqlMinusInProcess: summary['graphql-predict'].p50Ms - floor,
  };
  const result = {
    benchmark: 'inference-overhead',
    date: new Date().toISOString(),
    host: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    config: {
      rounds,
      block,
      warmup,
      model: 'logistic regression x[1,4] float32',
      transport: `HTTP/1.1 keep-alive, one undici connection, sequential; hub (${NAMES.length} subgraphs + gateway) as child processes; real Keycloak token`,
    },
    perRoundP50Ms: perRound,
    summary,
    overheadMs,
    targets: { oipOverheadAtMost1ms: overheadMs.oipJsonMinusInProcess <= 1 },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/inference-overhead.json', `${JSON.stringify(result, null, 2)}\n`);
  const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
  console.log(
    names
      .map((n) => `${n.padEnd(16)} p50 ${us(summary[n].p50Ms).padStart(8)}  p99 ${us(summary[n].p99Ms).padStart(8)}`)
      .join('\n'),
  );
  console.log(
    `OIP (JSON) − in-process ${us(overheadMs.oipJsonMinusInProcess)} (target ≤ 1 ms: ${result.targets.oipOverheadAtMost1ms ? 'met' : 'missed'}), ` +
      `OIP (binary) − in-process ${us(overheadMs.oipBinaryMinusInProcess)}, GraphQL predict − in-process ${us(overheadMs.graphqlMinusInProcess)} → bench/results/inference-overhead.json`,
  );
  await session.release();
} finally {
  if (deploymentId) await graphql(`mutation { stopDeployment(id: "${deploymentId}") { id } }`).catch(() => undefined);
  await driver
    .executeQuery(
      `MATCH (n) WHERE (n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment) AND $tag IN n.tags
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
      { tag },
    )
    .catch((error: Error) => console.error(`cleanup: ${error.message}`));
  await driver.close();
  await dispatcher.close();
  for (const child of children) child.kill('SIGTERM');
}
