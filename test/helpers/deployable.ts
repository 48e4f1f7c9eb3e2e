// A model version that can be deployed, on hardware to deploy it to: a hand-built logistic regression
// uploaded through the gateway, and a cluster → node → CPU accelerator, all named with the test's tag.
// Shared by the workflow tests that need something to request a deployment of.
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

export async function deployableVersion(
  gatewayUrl: string,
  token: string,
  tag: string,
  uploadHeaders: Record<string, string> = {},
): Promise<Deployable> {
  const ok = async <T>(query: string): Promise<T> => {
    const res = await gql<T>(gatewayUrl, query, { token });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return res.body.data as T;
  };
  const model = (
    await ok<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} lr", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
    )
  ).registerModel.id;
  const upload = await fetch(
    `${gatewayUrl.replace(/\/graphql$/, '')}/api/models/${model}/versions?framework=hand-built`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', ...uploadHeaders },
      body: Buffer.from(logisticRegressionModel([0.5, -1, 2, 0.25], 0.1)),
    },
  );
  assert.equal(upload.status, 201, await upload.clone().text());
  const version = ((await upload.json()) as { id: string }).id;
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
