// Issue #12, finding 7 (part): NUL and other control characters were accepted in names. Names and short
// identifying strings (datasets, models, services, deployments, clusters, nodes, accelerators, edge
// nodes, OpenLineage jobs and datasets) now refuse C0/C1 control characters and lone surrogates with
// BAD_USER_INPUT naming the field (400 naming the JSON path for OpenLineage); descriptions keep tab and
// line breaks. Every probe goes through the gateway to the real subgraphs, Neo4j and Keycloak.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { RUN_EVENT_SCHEMA_URL } from '../../subgraphs/lineage/openlineage/types.js';
import { logisticRegressionModel } from '../../domain/models/onnx-builder.js';

let hub: Hub;
/** In every name this test sends, so that anything the old code stored is found and removed. */
const mark = `ctl${randomUUID().slice(0, 8)}`;

before(async () => {
  hub = await startHub();
});

after(async () => {
  await hub.driver.executeQuery(
    'MATCH (m:Model)-[:HAS_VERSION]->(v:ModelVersion) WHERE m.name CONTAINS $mark DETACH DELETE v',
    { mark },
  );
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Dataset OR n:Model OR n:Service OR n:Deployment OR n:Cluster OR n:Node OR n:Accelerator OR n:EdgeNode
                      OR n:Job OR n:LineageRun OR n:DatasetVersion)
       AND (n.name CONTAINS $mark OR n.namespace CONTAINS $mark OR n.jobId CONTAINS $mark OR n.storageUri CONTAINS $mark)
     DETACH DELETE n`,
    { mark },
  );
  await hub.close();
});

async function mutate(
  user: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ code?: string; field?: string; message?: string; data: unknown }> {
  const res = await gql(hub.gateway.url, query, { token: await tokenFor(user), variables });
  const error = res.body.errors?.[0] as { message: string; extensions?: { code?: string; field?: string } } | undefined;
  return {
    code: error?.extensions?.code,
    field: error?.extensions?.field,
    message: error?.message,
    data: res.body.data,
  };
}

const BAD = [
  ['NUL', '\u0000'],
  ['escape', '\u001b[2J'],
  ['C1 next line', '\u0085'],
  ['lone surrogate', '\ud800'],
  // Invisible format characters: a bidi override reverses what follows, a zero-width space makes look-alikes.
  ['bidi override', '\u202e'],
  ['zero-width space', '\u200b'],
] as const;

/** Each mutation kind with the name field it takes; `input` builds the rest around the name. */
const KINDS: {
  kind: string;
  user: string;
  query: string;
  input: (name: string) => Record<string, unknown>;
  field?: string;
}[] = [
  {
    kind: 'registerDataset',
    user: 'scientist',
    query: 'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }',
    input: (name) => ({ name }),
  },
  {
    kind: 'registerModel',
    user: 'scientist',
    query: 'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }',
    input: (name) => ({ name, task: 'classification' }),
  },
  {
    kind: 'registerService',
    user: 'engineer',
    query: 'mutation($input: RegisterServiceInput!) { registerService(input: $input) { id } }',
    input: (name) => ({ name }),
  },
  {
    kind: 'registerCluster',
    user: 'engineer',
    query: 'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }',
    input: (name) => ({ name }),
  },
  {
    kind: 'registerEdgeNode',
    user: 'engineer',
    query: 'mutation($input: RegisterEdgeNodeInput!) { registerEdgeNode(input: $input) { id } }',
    input: (name) => ({ name, site: `${mark} substation` }),
  },
  {
    kind: 'registerEdgeNode (site)',
    user: 'engineer',
    field: 'site',
    query: 'mutation($input: RegisterEdgeNodeInput!) { registerEdgeNode(input: $input) { id } }',
    input: (site) => ({ name: `${mark} edge`, site }),
  },
  {
    kind: 'registerNode',
    user: 'engineer',
    query: 'mutation($input: RegisterNodeInput!) { registerNode(input: $input) { id } }',
    input: (name) => ({ name, clusterId: `${mark}-no-such-cluster`, hostname: `${mark}.local` }),
  },
  {
    kind: 'registerAccelerator',
    user: 'engineer',
    query: 'mutation($input: RegisterAcceleratorInput!) { registerAccelerator(input: $input) { id } }',
    input: (name) => ({
      name,
      kind: 'GPU',
      vendor: 'NVIDIA',
      model: 'T4',
      memoryMb: 16384,
      executionProviders: ['cuda'],
      nodeId: `${mark}-no-such-node`,
    }),
  },
  {
    kind: 'createDeployment',
    user: 'engineer',
    query: 'mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id } }',
    input: (name) => ({
      name,
      modelVersionId: `${mark}-no-such-version`,
      acceleratorId: `${mark}-no-such-accelerator`,
    }),
  },
];

describe('control characters in names are refused (issue #12, 7)', () => {
  for (const { kind, user, query, input, field = 'name' } of KINDS) {
    it(`${kind}: BAD_USER_INPUT naming ${field}`, async () => {
      for (const [what, bad] of BAD) {
        const res = await mutate(user, query, { input: input(`${mark} x${bad}y`) });
        assert.equal(res.code, 'BAD_USER_INPUT', `${what}: ${JSON.stringify(res)}`);
        assert.equal(res.field, field, `${what}: ${JSON.stringify(res)}`);
        assert.match(res.message!, new RegExp(`^${field} must not contain`), what);
      }
    });
  }

  it('updateDataset and tags too; a description keeps tab and line breaks but no other control character', async () => {
    const created = await mutate(
      'scientist',
      'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id description } }',
      {
        input: { name: `${mark} plain`, description: 'line one\n\tline two\r\n' },
      },
    );
    assert.equal(created.code, undefined, JSON.stringify(created));
    const id = (created.data as { registerDataset: { id: string; description: string } }).registerDataset.id;
    assert.equal(
      (created.data as { registerDataset: { description: string } }).registerDataset.description,
      'line one\n\tline two\r\n',
    );
    const UPDATE = 'mutation($id: ID!, $input: UpdateDatasetInput!) { updateDataset(id: $id, input: $input) { id } }';
    for (const [input, field] of [
      [{ name: `${mark}\u0000` }, 'name'],
      [{ tags: ['ok', 'b\u0000d'] }, 'tags'],
      [{ description: 'bell\u0007' }, 'description'],
    ] as const) {
      const res = await mutate('scientist', UPDATE, { id, input });
      assert.equal(res.code, 'BAD_USER_INPUT', JSON.stringify(res));
      assert.equal(res.field, field);
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (d:Dataset {id: $id}) RETURN d.name AS name, d.tags AS tags',
      { id },
    );
    assert.deepEqual(records[0]!.toObject(), { name: `${mark} plain`, tags: [] });
  });

  it('a model version upload: framework and algorithm with control characters are a 400 naming the field, no version stored', async () => {
    const model = await mutate(
      'scientist',
      'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }',
      { input: { name: `${mark} model`, task: 'classification' } },
    );
    assert.equal(model.code, undefined, JSON.stringify(model));
    const id = (model.data as { registerModel: { id: string } }).registerModel.id;
    for (const [field, value] of [
      ['framework', 'sk\u0000learn'],
      ['algorithm', 'cart\u001b[31m'],
    ] as const) {
      const res = await fetch(
        `${new URL(hub.gateway.url).origin}/api/models/${id}/versions?${field}=${encodeURIComponent(value)}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await tokenFor('scientist')}`,
            'content-type': 'application/octet-stream',
          },
          body: Buffer.from(logisticRegressionModel([1, 2], 0)),
        },
      );
      const text = await res.text();
      assert.equal(res.status, 400, text);
      assert.match(text, new RegExp(`${field} must not contain a control character`));
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (:Model {id: $id})-[:HAS_VERSION]->(v) RETURN count(v) AS n',
      { id },
    );
    assert.equal(records[0]!.get('n'), 0);
  });

  it('OpenLineage job and dataset names: 400 naming the JSON path, nothing stored', async () => {
    const event = (job: string, dataset: string) => ({
      eventType: 'START',
      eventTime: new Date().toISOString(),
      producer: 'urn:plinth:test',
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: randomUUID(), facets: {} },
      job: { namespace: mark, name: job, facets: {} },
      inputs: [{ namespace: mark, name: dataset }],
      outputs: [],
    });
    const post = async (body: unknown) => {
      const res = await fetch(`${new URL(hub.gateway.url).origin}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('scientist')}` },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as { error: string; details?: { path: string; message: string }[] },
      };
    };
    const job = await post(event('etl\u0000orders', 'raw'));
    assert.equal(job.status, 400, JSON.stringify(job.body));
    assert.deepEqual(
      job.body.details?.map((d) => d.path),
      ['/job/name'],
    );
    assert.match(job.body.details![0]!.message, /control character \(U\+0000/);
    const dataset = await post(event('etl', 'raw\u009borders'));
    assert.equal(dataset.status, 400, JSON.stringify(dataset.body));
    assert.deepEqual(
      dataset.body.details?.map((d) => d.path),
      ['/inputs/0/name'],
    );
    const { records } = await hub.driver.executeQuery(
      'MATCH (n) WHERE (n:Job OR n:Dataset) AND n.namespace = $mark RETURN count(n) AS n',
      { mark },
    );
    assert.equal(records[0]!.get('n'), 0);
  });
});

describe('control characters in dataset version URIs, schema column names and OpenLineage facets (issue #12, F1)', () => {
  it('registerDatasetVersion: storageUri and schema column names with NUL, ESC or a newline are BAD_USER_INPUT naming the field', async () => {
    const created = await mutate(
      'scientist',
      'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }',
      { input: { name: `${mark} versions` } },
    );
    assert.equal(created.code, undefined, JSON.stringify(created));
    const datasetId = (created.data as { registerDataset: { id: string } }).registerDataset.id;
    const REGISTER = 'mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }';
    const version = (overrides: Record<string, unknown>) => ({
      input: {
        datasetId,
        contentHash: '0'.repeat(64),
        schema: { columns: [{ name: 'id', type: 'int' }] },
        rowCount: 1,
        storageUri: `s3://${mark}/v1.csv`,
        format: 'csv',
        ...overrides,
      },
    });
    for (const [what, bad] of [
      ['NUL', '\u0000'],
      ['escape', '\u001b[2J'],
      ['newline', '\nforged'],
    ] as const) {
      const uri = await mutate('scientist', REGISTER, version({ storageUri: `s3://${mark}/v1${bad}.csv` }));
      assert.equal(uri.code, 'BAD_USER_INPUT', `${what}: ${JSON.stringify(uri)}`);
      assert.equal(uri.field, 'storageUri', what);
      assert.match(uri.message!, /^storageUri must not contain a control character/, what);
      for (const schema of [
        {
          columns: [
            { name: 'id', type: 'int' },
            { name: `am${bad}ount`, type: 'decimal' },
          ],
        },
        { fields: [{ name: 'a', fields: [{ name: `b${bad}` }] }] },
      ]) {
        const column = await mutate('scientist', REGISTER, version({ schema }));
        assert.equal(column.code, 'BAD_USER_INPUT', `${what}: ${JSON.stringify(column)}`);
        assert.equal(column.field, 'schema', what);
        assert.match(
          column.message!,
          /^schema: schema\.(columns\[1\]|fields\[0\]\.fields\[0\])\.name must not contain a control character/,
          what,
        );
      }
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (:Dataset {id: $datasetId})-[:HAS_VERSION]->(v) RETURN count(v) AS n',
      { datasetId },
    );
    assert.equal(records[0]!.get('n'), 0);
  });

  it('OpenLineage schema field names and job descriptions: 400 naming the JSON path; descriptions keep tab and line breaks', async () => {
    const facet = (fields: Record<string, unknown>, name: string) => ({
      _producer: 'urn:plinth:test',
      _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json#/$defs/${name}`,
      ...fields,
    });
    const event = (description: string, field: string) => ({
      eventType: 'START',
      eventTime: new Date().toISOString(),
      producer: 'urn:plinth:test',
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: randomUUID(), facets: {} },
      job: { namespace: mark, name: 'etl', facets: { documentation: facet({ description }, 'DocumentationJobFacet') } },
      inputs: [],
      outputs: [
        {
          namespace: mark,
          name: 'clean',
          facets: {
            schema: facet(
              {
                fields: [
                  { name: 'id', type: 'INT' },
                  { name: field, type: 'INT' },
                ],
              },
              'SchemaDatasetFacet',
            ),
          },
        },
      ],
    });
    const post = async (body: unknown) => {
      const res = await fetch(`${new URL(hub.gateway.url).origin}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('scientist')}` },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as { error: string; details?: { path: string; message: string }[] },
      };
    };
    for (const [what, bad] of [
      ['NUL', '\u0000'],
      ['escape', '\u001b[2J'],
    ] as const) {
      const field = await post(event('orders, cleaned', `amo${bad}unt`));
      assert.equal(field.status, 400, `${what}: ${JSON.stringify(field.body)}`);
      assert.deepEqual(
        field.body.details?.map((d) => d.path),
        ['/outputs/0/facets/schema/fields/1/name'],
        what,
      );
      assert.match(field.body.details![0]!.message, /control character/);
      const description = await post(event(`orders${bad} cleaned`, 'amount'));
      assert.equal(description.status, 400, `${what}: ${JSON.stringify(description.body)}`);
      assert.deepEqual(
        description.body.details?.map((d) => d.path),
        ['/job/facets/documentation/description'],
        what,
      );
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (n) WHERE (n:Job OR n:Dataset) AND n.namespace = $mark RETURN count(n) AS n',
      { mark },
    );
    assert.equal(records[0]!.get('n'), 0, 'nothing stored for a refused event');
    const ok = await post(event('orders\n\tcleaned\r\n', 'amount'));
    assert.ok(ok.status < 300, JSON.stringify(ok.body));
  });
});

describe('test hooks are not part of the public API', () => {
  it('startTraining refuses a test… hyperparameter (a held worker slot) unless the process enables test hooks', async () => {
    assert.notEqual(process.env.PLINTH_TEST_HOOKS, '1', 'this file runs without test hooks');
    for (const hook of ['testHoldInTrainMs', 'testDelayAfterTrainMs']) {
      const res = await mutate('scientist', 'mutation($i: StartTrainingInput!) { startTraining(input: $i) { id } }', {
        i: {
          datasetVersionId: `no-such-version-${mark}`,
          modelId: `no-such-model-${mark}`,
          targetColumn: 'y',
          task: 'BINARY',
          algorithm: 'CART',
          hyperparameters: { maxDepth: 2, [hook]: 3_600_000 },
          testFraction: 0.2,
          seed: 1,
        },
      });
      assert.equal(res.code, 'BAD_USER_INPUT', `${hook}: ${res.message}`);
      assert.equal(res.field, 'hyperparameters');
      assert.match(res.message ?? '', new RegExp(`${hook} is a test hook`));
    }
  });
});
