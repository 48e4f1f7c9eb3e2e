// Fixtures for the compute and serving tests: hardware registered through the gateway (so the
// mutations themselves are exercised), model versions written directly as ONTOLOGY.md describes
// them, and cleanup of exactly what a run tagged.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writer, logisticRegressionModel } from '../../domain/models/onnx-builder.js';
import { digestReferenced } from '../../domain/datasets/versions.js';
import { blobStore, sha256File } from '../../lib/storage/index.js';
import { Label } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { gql, type GraphQLResponse } from './hub.js';
import { tokenFor } from './tokens.js';

export type Gql = <T = Record<string, unknown>>(
  user: string,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphQLResponse<T>>;

export const client =
  (url: string): Gql =>
  async (user, query, variables) =>
    gql(url, query, { token: await tokenFor(user), variables });

export const errorCode = (res: GraphQLResponse<unknown>): string | undefined => res.body.errors?.[0]?.extensions?.code;

/** The data of a response that must have succeeded. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.body.errors?.length || !res.body.data) throw new Error(`expected success, got ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export interface Hardware {
  clusterId: string;
  nodeId: string;
  acceleratorIds: Record<string, string>;
}

/** Registers a cluster with one node and the given accelerators (as `engineer`). */
export async function registerHardware(
  call: Gql,
  tag: string,
  label: string,
  ownerOrgId: string,
  accelerators: Record<string, { kind: string; memoryMb: number; executionProviders: string[] }>,
): Promise<Hardware> {
  const cluster = ok(
    await call<{ registerCluster: { id: string } }>(
      'engineer',
      'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }',
      { input: { name: `${tag} ${label} cluster`, location: `${label} DC`, tags: [tag], ownerOrgId } },
    ),
  ).registerCluster;
  const node = ok(
    await call<{ registerNode: { id: string } }>(
      'engineer',
      'mutation($input: RegisterNodeInput!) { registerNode(input: $input) { id } }',
      {
        input: {
          clusterId: cluster.id,
          name: `${tag} ${label} node`,
          hostname: `${label}-node-1.${tag}.local`,
          cpuCores: 32,
          memoryMb: 131072,
          executionProviders: ['cpu', 'cuda', 'tensorrt'],
          tags: [tag],
        },
      },
    ),
  ).registerNode;
  const acceleratorIds: Record<string, string> = {};
  for (const [name, spec] of Object.entries(accelerators)) {
    acceleratorIds[name] = ok(
      await call<{ registerAccelerator: { id: string } }>(
        'engineer',
        'mutation($input: RegisterAcceleratorInput!) { registerAccelerator(input: $input) { id } }',
        { input: { name: `${tag} ${label} ${name}`, vendor: tag, model: name, nodeId: node.id, tags: [tag], ...spec } },
      ),
    ).registerAccelerator.id;
  }
  return { clusterId: cluster.id, nodeId: node.id, acceleratorIds };
}

// One small real ONNX file (logistic regression on x[N,4]) that fixture versions name, held in the
// content-addressed store under its real digest, so the serving runtime can load and verify what a test
// deploys. A doc_string (ModelProto field 6) unique to this process makes its bytes, and so its blob,
// this process's own: removing it at cleanup cannot pull bytes from under another test file.
let fixtureModel: { digest: string; uri: string } | undefined;
async function fixtureArtifact(): Promise<{ digest: string; uri: string }> {
  if (!fixtureModel) {
    const store = blobStore();
    await mkdir(store.tempDir(), { recursive: true });
    const file = join(store.tempDir(), `${randomUUID()}.onnx`);
    const doc = new Writer().string(6, `plinth test fixture ${randomUUID()}`).finish();
    await writeFile(file, Buffer.concat([logisticRegressionModel([0.5, -1, 2, 0.25], 0.1), doc]));
    const { digest, size } = await sha256File(file);
    await store.put(file, digest, size);
    fixtureModel = { digest, uri: store.uri(digest) };
  }
  return fixtureModel;
}

/** A Model with one ONNX ModelVersion, written directly (the models subgraph owns their mutations). */
export async function createModelVersion(
  driver: Driver,
  tag: string,
  label: string,
  ownerOrgId: string,
  artifactSize: number,
  sharedWith: string[] = [],
): Promise<{ modelId: string; versionId: string }> {
  const modelId = randomUUID();
  const versionId = randomUUID();
  const artifact = await fixtureArtifact();
  await driver.executeQuery(
    `MATCH (o:Org {id: $org})
     CREATE (m:Model {id: $modelId, name: $name, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
                      ownerOrgId: $org, createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     ${tally('m', Label.Model)}
     CREATE (v:ModelVersion {id: $versionId, modelId: $modelId, version: 1, format: 'ONNX', framework: 'pytorch',
                             inputs: '[]', outputs: '[]', metrics: '{}', artifactDigest: $digest, artifactSize: $size,
                             artifactUri: $uri, aliases: [], ownerOrgId: $org, createdBy: 'test', createdAt: datetime()})
     CREATE (m)-[:HAS_VERSION]->(v)
     WITH m
     UNWIND $sharedWith AS orgId
     MATCH (s:Org {id: orgId})
     CREATE (m)-[:SHARED_WITH]->(s)`,
    {
      org: ownerOrgId,
      modelId,
      versionId,
      name: `${tag} ${label}`,
      tag,
      digest: artifact.digest,
      size: neo4j.int(artifactSize),
      sharedWith,
      uri: artifact.uri,
    },
  );
  return { modelId, versionId };
}

/** Deletes every node this run tagged, and the model versions of its models. Audit events stay (hash chain). */
export async function deleteTagged(driver: Driver, tag: string): Promise<void> {
  await driver.executeQuery(
    `MATCH (n) WHERE (n:Cluster OR n:Node OR n:Accelerator OR n:EdgeNode OR n:Service OR n:Deployment OR n:Model) AND $tag IN n.tags
     OPTIONAL MATCH (n:Model)-[:HAS_VERSION]->(v:ModelVersion)
     WITH collect(DISTINCT n) + collect(DISTINCT v) AS nodes
     UNWIND nodes AS n DETACH DELETE n`,
    { tag },
  );
  if (fixtureModel && !(await digestReferenced(driver, fixtureModel.digest))) {
    await blobStore().remove(fixtureModel.digest);
    fixtureModel = undefined;
  }
}

/** Audit actions recorded for a target, oldest first. */
export async function auditActions(driver: Driver, targetId: string): Promise<string[]> {
  const { records } = await driver.executeQuery(
    'MATCH (e:AuditEvent {targetId: $targetId}) RETURN e.action AS action ORDER BY e.seq',
    { targetId },
  );
  return records.map((r) => r.get('action') as string);
}
