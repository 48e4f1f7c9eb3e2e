// The cross-subgraph walk's fixture (issue #13), shared by bench/gateway-vs-hive.ts and bench/walk-profile.ts:
// an org below HQ owning 5 models × 2 versions × 2 deployments on 2 accelerators in 2 nodes, all tagged
// so that it can be deleted whole. The walk filters models by that owner org, so that models other runs
// create meanwhile cannot change what it walks. The deployments are STOPPED: the serving subgraph would
// otherwise try to load their (absent) artifacts at start.
import { createDriver } from '../lib/graph/driver.js';
import { Label } from '../lib/graph/ontology.js';
import { tally } from '../lib/graph/tally.js';

/** The fixture's org, derived from its tag. */
export const walkOrg = (tag: string): string => `${tag}-org`;

/** The walk models(first: 5) → versions → deployments → accelerator → node over the fixture of `tag`. */
export const walkQuery = (tag: string): string =>
  `{ models(first: 5, filter: { ownerOrg: "${walkOrg(tag)}" }) { edges { node { id name
  versions { id version deployments { id status accelerator { id name kind node { id hostname } } } } } } } }`;

/** Throws unless `data` is the whole fixture walked: 5 models, 20 deployments, each with its node. */
export function assertWalkedWhole(data: unknown): void {
  const walked = data as {
    models: { edges: { node: { versions: { deployments: { accelerator: { node: unknown } | null }[] }[] } }[] };
  };
  const deployments = walked.models.edges.flatMap((e) => e.node.versions.flatMap((v) => v.deployments));
  if (walked.models.edges.length !== 5 || deployments.length !== 20 || deployments.some((d) => !d.accelerator?.node))
    throw new Error(`walk fixture not walked whole: ${JSON.stringify(walked).slice(0, 300)}`);
}

/** An org below HQ owning 5 models × 2 versions, each deployed on both accelerators (one per node); tagged. */
export async function createWalkFixture(tag: string, org: string): Promise<void> {
  const driver = createDriver();
  try {
    await driver.executeQuery(
      `MATCH (hq:Org {id: 'hq'})
       CREATE (o:Org {id: $org, name: $org, level: 'city'})-[:PART_OF]->(hq)
       WITH o
       UNWIND range(0, 1) AS h
       CREATE (c:Cluster {id: $tag + '-c' + h, name: $tag + ' cluster ' + h, ownerOrgId: $org, tags: [$tag], tagsText: $tag, description: '',
                          createdBy: 'bench', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
       CREATE (n:Node {id: $tag + '-n' + h, name: $tag + ' node ' + h, hostname: $tag + '-host-' + h, ownerOrgId: $org, tags: [$tag], tagsText: $tag,
                       description: '', cpuCores: 16, memoryMb: 65536, executionProviders: ['cpu'], createdBy: 'bench', createdAt: datetime(), archived: false})
       CREATE (n)-[:IN_CLUSTER]->(c), (n)-[:OWNED_BY]->(o)
       CREATE (a:Accelerator {id: $tag + '-a' + h, name: $tag + ' cpu ' + h, kind: 'CPU', vendor: 'bench', model: 'cpu', memoryMb: 8192,
                              executionProviders: ['cpu'], ownerOrgId: $org, tags: [$tag], tagsText: $tag, description: '',
                              createdBy: 'bench', createdAt: datetime(), archived: false})
       CREATE (a)-[:INSTALLED_IN]->(n), (a)-[:OWNED_BY]->(o)
       ${tally('c', Label.Cluster)}
       ${tally('n', Label.Node)}
       ${tally('a', Label.Accelerator)}`,
      { tag, org },
    );
    await driver.executeQuery(
      `MATCH (o:Org {id: $org})
       UNWIND range(0, 4) AS i
       CREATE (m:Model {id: $tag + '-m' + i, name: $tag + ' model ' + i, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
                        ownerOrgId: $org, createdBy: 'bench', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
       ${tally('m', Label.Model)}
       WITH m, i
       UNWIND range(1, 2) AS k
       CREATE (v:ModelVersion {id: m.id + '-v' + k, modelId: m.id, version: k, format: 'ONNX', framework: 'bench', inputs: '[]', outputs: '[]',
                               metrics: '{}', artifactDigest: '0000000000000000000000000000000000000000000000000000000000000000', artifactSize: 1024,
                               artifactUri: 'file:///dev/null', aliases: [], ownerOrgId: $org, createdBy: 'bench', createdAt: datetime()})
       CREATE (m)-[:HAS_VERSION]->(v)
       WITH v
       UNWIND range(0, 1) AS h
       MATCH (a:Accelerator {id: $tag + '-a' + h})
       CREATE (d:Deployment {id: v.id + '-d' + h, name: v.id + ' on ' + h, description: '', tags: [$tag], tagsText: $tag, status: 'STOPPED',
                             stoppedAt: datetime(), executionProvider: 'cpu', replicas: 1, ownerOrgId: $org, createdBy: 'bench', createdAt: datetime(), archived: false})
       CREATE (d)-[:SERVES]->(v), (d)-[:RUNS_ON]->(a)
       ${tally('d', Label.Deployment)}`,
      { tag, org },
    );
  } finally {
    await driver.close();
  }
}

export async function deleteWalkFixture(tag: string): Promise<void> {
  const driver = createDriver();
  try {
    await driver.executeQuery(
      `MATCH (n) WHERE (n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Model) AND $tag IN n.tags
       OPTIONAL MATCH (n:Model)-[:HAS_VERSION]->(v:ModelVersion)
       WITH collect(DISTINCT n) + collect(DISTINCT v) AS nodes
       UNWIND nodes AS n DETACH DELETE n`,
      { tag },
    );
    await driver.executeQuery(
      `MATCH (o:Org {id: $org}) OPTIONAL MATCH (t:${Label.Tally} {orgId: $org}) DETACH DELETE o, t`,
      { org: `${tag}-org` },
    );
  } finally {
    await driver.close();
  }
}
