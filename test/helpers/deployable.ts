// A model version that can be deployed, on hardware to deploy it to: an ONNX model (by default a hand-built
// logistic regression on x[N,4]) uploaded through the gateway, and a cluster → node → CPU accelerator, all
// named with the test's tag. Shared by the workflow, serving and portal tests that need something to deploy.
import assert from 'node:assert/strict';
import { gql } from './hub.js';
import { logisticRegressionModel } from '../../domain/models/onnx-builder.js';

export interface Deployable {
  model: string;
  version: string;
  cluster: string;
  node: string;
  cpu: string;
}

/** The model uploaded: its name (after the tag), task, framework label and ONNX bytes. */
export interface ModelUpload {
  name: string;
  task: string;
  framework: string;
  onnx: Uint8Array;
}

// The default model's weights and bias, kept here beside the upload so that a test's expected scores
// (lrScore) cannot drift from the model it deployed.
const W = [0.5, -1, 2, 0.25];
const B = 0.1;

/** The default model's score for one row x[4]: sigmoid(w·x + b). */
export const lrScore = (row: number[]): number => 1 / (1 + Math.exp(-(row.reduce((s, x, i) => s + x * W[i]!, 0) + B)));

const logisticRegression = (): ModelUpload => ({
  name: 'lr',
  task: 'binary-classification',
  framework: 'hand-built',
  onnx: logisticRegressionModel(W, B),
});

async function call<T>(gatewayUrl: string, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await gql<T>(gatewayUrl, query, { token, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

export async function deployableVersion(
  gatewayUrl: string,
  token: string,
  tag: string,
  uploadHeaders: Record<string, string> = {},
  upload: ModelUpload = logisticRegression(),
): Promise<Deployable> {
  const ok = <T>(query: string): Promise<T> => call<T>(gatewayUrl, token, query);
  const model = (
    await ok<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} ${upload.name}", task: "${upload.task}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerModel.id;
  const uploaded = await fetch(
    `${gatewayUrl.replace(/\/graphql$/, '')}/api/models/${model}/versions?framework=${encodeURIComponent(upload.framework)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...uploadHeaders },
      body: Buffer.from(upload.onnx),
    },
  );
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const version = ((await uploaded.json()) as { id: string }).id;
  const cluster = (
    await ok<{ registerCluster: { id: string } }>(
      `mutation { registerCluster(input: {name: "${tag} cluster", tags: ["${tag}"]}) { id } }`,
    )
  ).registerCluster.id;
  const node = (
    await ok<{ registerNode: { id: string } }>(
      `mutation { registerNode(input: {clusterId: "${cluster}", name: "${tag} node", hostname: "${tag}-host", tags: ["${tag}"]}) { id } }`,
    )
  ).registerNode.id;
  const cpu = (
    await ok<{ registerAccelerator: { id: string } }>(
      `mutation { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "Intel", model: "Xeon", memoryMb: 8192, executionProviders: ["cpu"], nodeId: "${node}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerAccelerator.id;
  return { model, version, cluster, node, cpu };
}

/** Deploys the version on its CPU accelerator (tagged) and asserts it came up READY; returns the deployment id. */
export async function deployOnCpu(
  gatewayUrl: string,
  token: string,
  tag: string,
  d: Deployable,
  name: string,
): Promise<string> {
  const deployment = (
    await call<{ createDeployment: { id: string; status: string; failureReason: string | null } }>(
      gatewayUrl,
      token,
      'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id status failureReason } }',
      { i: { name: `${tag} ${name}`, modelVersionId: d.version, acceleratorId: d.cpu, tags: [tag] } },
    )
  ).createDeployment;
  assert.equal(deployment.status, 'READY', deployment.failureReason ?? '');
  return deployment.id;
}
