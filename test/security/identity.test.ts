// Issue #12, identity (items 1, 4, 7): no shared secret grants power, no service account decides, no
// identity is read from a workflow signal, revoked users lose access within seconds, and Keycloak's
// admin password is not admin/admin. Real Keycloak (admin REST API for throwaway users and clients),
// real Temporal (signals sent straight to it, as an attacker on the host would), real Neo4j.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { deployableVersion } from '../helpers/deployable.js';
import { keycloakAdmin, tokenFor } from '../helpers/tokens.js';
import { config, realmUrl } from '../../lib/config.js';
import { INTROSPECTION_TTL_MS } from '../../lib/auth/introspect.js';
import { createActivities } from '../../workflows/activities.js';
import { closeTemporalClient } from '../../domain/temporal/client.js';
import { deploymentClientOptions } from '../../domain/deployment/client.js';
import { approveSignal } from '../../domain/deployment/shared.js';
import { edgeRolloutClientOptions } from '../../domain/edge/client.js';
import { edgeRolloutStatusQuery, nodeReportSignal } from '../../domain/edge/shared.js';

const tag = `idn-${randomUUID().slice(0, 8)}`;
const taskQueue = `test-identity-${randomUUID()}`;
const tokenUrl = `${realmUrl()}/protocol/openid-connect/token`;
let hub: Hub;
let client: Client;
let clientConnection: Connection;
let running: { worker: Worker; connection: NativeConnection; done: Promise<void> } | undefined;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const workflows: string[] = [];
const services: string[] = [];
const keycloakUsers: string[] = [];
const keycloakClients: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ok<T>(
  query: string,
  variables?: Record<string, unknown>,
  token: string | undefined = tokens.admin,
): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

const createdId = (res: Response): string => res.headers.get('location')!.split('/').at(-1)!;

async function clientCredentials(
  clientId: string,
  secret: string,
): Promise<{ status: number; body: { access_token?: string; error?: string } }> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
  });
  return { status: res.status, body: (await res.json()) as { access_token?: string; error?: string } };
}

const STATUS = `query($w: ID!) { deploymentRequest(workflowId: $w) { step approvals { kind approverName accepted reason } decision { outcome byName } } }`;
interface RequestView {
  step: string;
  approvals: { kind: string; approverName: string; accepted: boolean; reason: string | null }[];
  decision: { outcome: string; byName: string | null } | null;
}
const view = async (workflowId: string) =>
  (await ok<{ deploymentRequest: RequestView }>(STATUS, { w: workflowId })).deploymentRequest;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** A deployment request by the engineer on a fresh service, waiting for an approver. */
async function awaitingRequest(name: string): Promise<string> {
  const serviceId = (
    await ok<{ registerService: { id: string } }>(
      `mutation { registerService(input: {name: "${tag} ${name}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerService.id;
  services.push(serviceId);
  // A canary needs a stable route to take its share from (issue #15).
  const mainId = (
    await ok<{ createDeployment: { id: string } }>(
      'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }',
      { i: { name: `${tag} ${name} main`, modelVersionId: ids.version, acceleratorId: ids.cpu, tags: [tag] } },
    )
  ).createDeployment.id;
  await ok(
    `mutation { setServiceRoutes(serviceId: "${serviceId}", routes: [{deploymentId: "${mainId}", weight: 100}]) { id } }`,
  );
  const { requestDeployment } = await ok<{ requestDeployment: { workflowId: string } }>(
    `mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }`,
    {
      i: {
        serviceId,
        modelVersionId: ids.version,
        acceleratorId: ids.cpu,
        canaryWeight: 10,
        windowSeconds: 3600,
        thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
      },
    },
    tokens.engineer,
  );
  workflows.push(requestDeployment.workflowId);
  await waitFor('AWAITING_APPROVAL', async () =>
    (await view(requestDeployment.workflowId)).step === 'AWAITING_APPROVAL' ? true : undefined,
  );
  return requestDeployment.workflowId;
}

before(async () => {
  hub = await startHub();
  for (const user of ['admin', 'engineer', 'approver']) tokens[user] = await tokenFor(user);
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../workflows/workflows.ts', import.meta.url)),
  });
  deploymentClientOptions.taskQueue = taskQueue;
  edgeRolloutClientOptions.taskQueue = taskQueue;
  clientConnection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  running = { worker, connection, done: worker.run() };

  Object.assign(ids, await deployableVersion(hub.gateway.url, tokens.admin!, tag));
});

after(async () => {
  for (const w of workflows)
    await client?.workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  if (running) {
    running.worker.shutdown();
    await running.done;
    await running.connection.close();
  }
  for (const id of keycloakUsers) await keycloakAdmin('DELETE', `/users/${id}`).catch(() => undefined);
  for (const id of keycloakClients) await keycloakAdmin('DELETE', `/clients/${id}`).catch(() => undefined);
  if (hub) {
    for (const s of services)
      await gql(hub.gateway.url, `mutation { setServiceRoutes(serviceId: "${s}", routes: []) { id } }`, {
        token: tokens.admin,
      });
    const canaries = await hub.driver.executeQuery(
      'MATCH (d:Deployment) WHERE d.requestWorkflowId IN $w OR d.name IN $names OR $tag IN d.tags RETURN d.id AS id',
      {
        w: workflows,
        names: workflows.map((w) => `canary ${w}`),
        tag,
      },
    );
    for (const r of canaries.records)
      await gql(hub.gateway.url, `mutation { stopDeployment(id: "${r.get('id') as string}") { id } }`, {
        token: tokens.admin,
      });
    await hub.driver.executeQuery(
      `MATCH (n) WHERE ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Service OR n:EdgeNode OR n:Deployment) AND $tag IN n.tags)
         OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.name IN $names))
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
      { tag, w: workflows, names: workflows.map((w) => `canary ${w}`) },
    );
  }
  await closeTemporalClient();
  await clientConnection?.close();
  await hub?.close();
});

describe('no shared secret grants power (item 1)', () => {
  test('client_credentials on plinth-cli is refused, with the secret the README used to print or without one', async () => {
    for (const secret of ['plinth-cli-dev-secret', '']) {
      const { status, body } = await clientCredentials('plinth-cli', secret);
      assert.equal(body.access_token, undefined, 'no token');
      assert.ok(status === 400 || status === 401, `HTTP ${status}`);
    }
    // People still sign in through it: the device flow starts without any secret.
    const device = await fetch(`${realmUrl()}/protocol/openid-connect/auth/device`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: config.keycloak.cliClientId }),
    });
    assert.equal(device.status, 200);
    assert.ok(((await device.json()) as { user_code?: string }).user_code);
  });

  test("the worker's own service account is ml-engineer, not approver: approveDeployment answers FORBIDDEN", async () => {
    const { body } = await clientCredentials(config.keycloak.workerClientId, config.keycloak.workerSecret);
    assert.ok(body.access_token, JSON.stringify(body));
    const workflowId = await awaitingRequest('worker-sa');
    const res = await gql(
      hub.gateway.url,
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "sa") { step } }',
      { token: body.access_token, variables: { w: workflowId } },
    );
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal((await view(workflowId)).step, 'AWAITING_APPROVAL');
  });

  test('a service account that holds approver and platform-admin still cannot approve: only a person decides', async () => {
    // A throwaway confidential client whose service account has every role a person would need.
    const clientId = `${tag}-sa`;
    const secret = randomUUID();
    const mappers = [
      {
        name: 'org',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-usermodel-attribute-mapper',
        config: {
          'user.attribute': 'org',
          'claim.name': 'org',
          'jsonType.label': 'String',
          'access.token.claim': 'true',
        },
      },
      {
        name: 'aud',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-mapper',
        config: { 'included.client.audience': config.keycloak.audience, 'access.token.claim': 'true' },
      },
    ];
    const id = createdId(
      await keycloakAdmin('POST', '/clients', {
        clientId,
        secret,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
        directAccessGrantsEnabled: false,
        protocolMappers: mappers,
      }),
    );
    keycloakClients.push(id);
    const saUser = (await (await keycloakAdmin('GET', `/clients/${id}/service-account-user`)).json()) as {
      id: string;
      username: string;
    };
    await keycloakAdmin('PUT', `/users/${saUser.id}`, { attributes: { org: ['hq'] } });
    const roles = await Promise.all(
      ['approver', 'platform-admin'].map(
        async (r) => (await (await keycloakAdmin('GET', `/roles/${r}`)).json()) as { id: string; name: string },
      ),
    );
    await keycloakAdmin('POST', `/users/${saUser.id}/role-mappings/realm`, roles);
    const { body } = await clientCredentials(clientId, secret);
    assert.ok(body.access_token, JSON.stringify(body));

    const workflowId = await awaitingRequest('approver-sa');
    const res = await gql(
      hub.gateway.url,
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "sa") { step } }',
      { token: body.access_token, variables: { w: workflowId } },
    );
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(res.body));
    assert.match(res.body.errors![0]!.message, /service account; only a person may approve/);
    assert.equal((await view(workflowId)).step, 'AWAITING_APPROVAL');
  });
});

describe('no identity from a signal payload (item 4)', () => {
  test(
    'forged approve signals sent straight to Temporal are refused and recorded; a real approver through the gateway still approves',
    { timeout: 120_000 },
    async () => {
      const workflowId = await awaitingRequest('forged');
      const handle = client.workflow.getHandle(workflowId);
      // The old payload: a made-up approver identity.
      await handle.signal(approveSignal, {
        approver: { sub: 'made-up', username: 'approver', roles: ['approver', 'platform-admin'], kind: 'user' },
        comment: 'forged',
      });
      // A statement in the right shape, signed with the attacker's own key.
      const statement = Buffer.from(
        JSON.stringify({
          purpose: 'plinth.deployment-decision',
          workflowId,
          subject: { sub: 'made-up', username: 'approver', roles: ['approver'], org: 'hq', kind: 'user' },
          body: { kind: 'approve', comment: 'forged' },
          issuedAt: Date.now(),
          nonce: randomUUID(),
        }),
      );
      const { privateKey } = generateKeyPairSync('ed25519');
      await handle.signal(approveSignal, {
        statement: statement.toString('base64url'),
        signature: sign(null, statement, privateKey).toString('base64url'),
      });

      const refused = await waitFor('two refused attempts', async () => {
        const v = await view(workflowId);
        return v.approvals.length >= 2 ? v : undefined;
      });
      assert.equal(refused.step, 'AWAITING_APPROVAL');
      assert.equal(refused.decision, null);
      assert.deepEqual(
        refused.approvals.map((a) => [a.approverName, a.accepted]),
        [
          ['unverified', false],
          ['unverified', false],
        ],
      );
      assert.match(refused.approvals[0]!.reason!, /unverified approve signal: unsigned/);
      assert.match(refused.approvals[1]!.reason!, /unverified approve signal: bad signature/);
      // Each refusal is audited (the event follows the recorded attempt by one activity).
      await waitFor(
        'two audit events',
        async () => {
          const { records } = await hub.driver.executeQuery(
            `MATCH (e:AuditEvent {workflowId: $w, action: 'deployment-request.approve-refused'}) RETURN count(e) AS n`,
            { w: workflowId },
          );
          return Number(records[0]!.get('n')) === 2 ? true : undefined;
        },
        10_000,
      );

      await ok(
        'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "checked") { step } }',
        { w: workflowId },
        tokens.approver,
      );
      // Approved, and the worker's least-privilege client creates the canary through the gateway.
      const approved = await waitFor('the canary', async () => {
        const v = await view(workflowId);
        return v.step === 'WATCHING_CANARY' ? v : undefined;
      });
      assert.deepEqual(
        [approved.decision?.outcome, approved.decision?.byName, approved.approvals.at(-1)?.accepted],
        ['approved', 'approver', true],
      );
    },
  );

  test(
    'a forged nodeReport does not activate an edge node; a report through the gateway does',
    { timeout: 120_000 },
    async () => {
      const nodeId = (
        await ok<{ registerEdgeNode: { id: string } }>(
          `mutation($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }`,
          { i: { name: `${tag} edge`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] } },
        )
      ).registerEdgeNode.id;
      const { startEdgeRollout } = await ok<{ startEdgeRollout: { workflowId: string } }>(
        `mutation($i: StartEdgeRolloutInput!) { startEdgeRollout(input: $i) { workflowId } }`,
        {
          i: {
            modelVersionId: ids.version,
            edgeNodeIds: [nodeId],
            batchSize: 1,
            failureBudget: 0,
            reportTimeoutSeconds: 60,
          },
        },
        tokens.engineer,
      );
      const workflowId = startEdgeRollout.workflowId;
      workflows.push(workflowId);
      const handle = client.workflow.getHandle(workflowId);
      await waitFor('AWAITING_REPORTS', async () =>
        (await handle.query(edgeRolloutStatusQuery)).state === 'AWAITING_REPORTS' ? true : undefined,
      );
      await handle.signal(nodeReportSignal, {
        edgeNodeId: nodeId,
        ok: true,
        message: 'forged',
        reportedBy: { sub: 'made-up', username: 'engineer' },
      });
      const refused = await waitFor('the refused report', async () => {
        const s = await handle.query(edgeRolloutStatusQuery);
        return (s.refusedReports?.length ?? 0) > 0 ? s : undefined;
      });
      assert.equal(refused.state, 'AWAITING_REPORTS');
      assert.deepEqual(refused.active, []);
      assert.match(refused.refusedReports![0]!.reason, /unverified node report: unsigned/);

      await ok(
        'mutation($w: ID!, $n: ID!) { reportEdgeNodeStatus(rolloutWorkflowId: $w, edgeNodeId: $n, ok: true, message: "serving") { state } }',
        { w: workflowId, n: nodeId },
        tokens.engineer,
      );
      const done = (await handle.result()) as { state: string; active: string[] };
      assert.deepEqual([done.state, done.active], ['COMPLETED', [nodeId]]);
    },
  );
});

describe('cancelling a deployment request (neighbour of item 1)', () => {
  test(
    "the worker's service account and another engineer may not cancel; the requester may, and the audit names them",
    { timeout: 120_000 },
    async () => {
      const workflowId = await awaitingRequest('cancel');
      const CANCEL = 'mutation($w: ID!) { cancelDeploymentRequest(workflowId: $w) { step } }';
      const { body: worker } = await clientCredentials(config.keycloak.workerClientId, config.keycloak.workerSecret);
      const byWorker = await gql(hub.gateway.url, CANCEL, {
        token: worker.access_token!,
        variables: { w: workflowId },
      });
      assert.equal(byWorker.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(byWorker.body));
      assert.match(byWorker.body.errors![0]!.message, /service account/);

      const username = `${tag}-engineer2`;
      const userId = createdId(
        await keycloakAdmin('POST', '/users', {
          username,
          enabled: true,
          emailVerified: true,
          firstName: 'Other',
          lastName: 'Engineer',
          email: `${username}@plinth.example`,
          attributes: { org: ['hq'] },
          credentials: [{ type: 'password', value: 'plinth', temporary: false }],
        }),
      );
      keycloakUsers.push(userId);
      const role = (await (await keycloakAdmin('GET', '/roles/ml-engineer')).json()) as Record<string, unknown>;
      await keycloakAdmin('POST', `/users/${userId}/role-mappings/realm`, [role]);
      const byOther = await gql(hub.gateway.url, CANCEL, {
        token: await tokenFor(username),
        variables: { w: workflowId },
      });
      assert.equal(byOther.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(byOther.body));
      assert.equal((await view(workflowId)).step, 'AWAITING_APPROVAL', 'nothing was cancelled');

      const byRequester = await gql(hub.gateway.url, CANCEL, { token: tokens.engineer, variables: { w: workflowId } });
      assert.equal(byRequester.body.errors, undefined, JSON.stringify(byRequester.body));
      await waitFor('CANCELLED', async () => ((await view(workflowId)).step === 'CANCELLED' ? true : undefined));
      const { records } = await hub.driver.executeQuery(
        `MATCH (e:AuditEvent {action: 'deployment-request.cancel-requested', workflowId: $w}) RETURN e.actorName AS actor`,
        { w: workflowId },
      );
      assert.deepEqual(
        records.map((r) => r.get('actor')),
        ['engineer'],
      );
    },
  );
});

describe("revocation and Keycloak's admin (item 7)", () => {
  test(
    `a user disabled in Keycloak gets 401 at the gateway and at a subgraph within seconds (cache ${INTROSPECTION_TTL_MS} ms)`,
    { timeout: 60_000 },
    async (t) => {
      const username = `${tag}-user`;
      const userId = createdId(
        await keycloakAdmin('POST', '/users', {
          username,
          enabled: true,
          emailVerified: true,
          firstName: 'Throw',
          lastName: 'Away',
          email: `${username}@plinth.example`,
          attributes: { org: ['hq'] },
          credentials: [{ type: 'password', value: 'plinth', temporary: false }],
        }),
      );
      keycloakUsers.push(userId);
      const token = await tokenFor(username);
      const ask = async () => {
        const body = JSON.stringify({ query: '{ __typename }' });
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const [g, s] = await Promise.all(
          [hub.gateway.url, hub.assets.url].map((url) => fetch(url, { method: 'POST', headers, body })),
        );
        return [g!.status, s!.status];
      };
      assert.deepEqual(await ask(), [200, 200]);

      await keycloakAdmin('PUT', `/users/${userId}`, { enabled: false });
      const disabledAt = Date.now();
      const statuses = await waitFor(
        '401 at both',
        async () => {
          const answer = await ask();
          return answer.every((s) => s === 401) ? answer : undefined;
        },
        20_000,
      );
      const seconds = (Date.now() - disabledAt) / 1000;
      assert.deepEqual(statuses, [401, 401]);
      t.diagnostic(`401 at the gateway and the assets subgraph ${seconds.toFixed(1)} s after the user was disabled`);
      assert.ok(seconds <= INTROSPECTION_TTL_MS / 1000 + 3, `refused after ${seconds} s`);
    },
  );

  test(
    'a role withdrawn or an org changed in Keycloak stops the old token within seconds, not at its expiry',
    { timeout: 60_000 },
    async (t) => {
      const username = `${tag}-mover`;
      const userId = createdId(
        await keycloakAdmin('POST', '/users', {
          username,
          enabled: true,
          emailVerified: true,
          firstName: 'Role',
          lastName: 'Mover',
          email: `${username}@plinth.example`,
          attributes: { org: ['hq'] },
          credentials: [{ type: 'password', value: 'plinth', temporary: false }],
        }),
      );
      keycloakUsers.push(userId);
      const role = (await (await keycloakAdmin('GET', '/roles/ml-engineer')).json()) as Record<string, unknown>;
      assert.equal((await keycloakAdmin('POST', `/users/${userId}/role-mappings/realm`, [role])).status, 204);
      const token = await tokenFor(username);
      const me = async () => gql<{ me: { roles: string[] } }>(hub.gateway.url, '{ me { roles } }', { token });
      const first = await me();
      assert.equal(first.status, 200, JSON.stringify(first.body));

      // Taken away in Keycloak: the token still says ml-engineer, Keycloak no longer does.
      assert.equal((await keycloakAdmin('DELETE', `/users/${userId}/role-mappings/realm`, [role])).status, 204);
      const withdrawnAt = Date.now();
      await waitFor(
        '401 after the role was withdrawn',
        async () => ((await me()).status === 401 ? true : undefined),
        20_000,
      );
      const seconds = (Date.now() - withdrawnAt) / 1000;
      t.diagnostic(`401 ${seconds.toFixed(1)} s after ml-engineer was withdrawn`);
      assert.ok(seconds <= INTROSPECTION_TTL_MS / 1000 + 3, `refused after ${seconds} s`);

      // A new token says what is true; moving the user to another org then stops that one too.
      const fresh = (
        (await (
          await fetch(tokenUrl, {
            method: 'POST',
            body: new URLSearchParams({
              grant_type: 'password',
              client_id: config.keycloak.cliClientId,
              username,
              password: 'plinth',
            }),
          })
        ).json()) as { access_token: string }
      ).access_token;
      assert.equal((await gql(hub.gateway.url, '{ me { roles } }', { token: fresh })).status, 200);
      const user = (await (await keycloakAdmin('GET', `/users/${userId}`)).json()) as Record<string, unknown>;
      assert.equal(
        (await keycloakAdmin('PUT', `/users/${userId}`, { ...user, attributes: { org: ['zhejiang'] } })).status,
        204,
      );
      await waitFor(
        '401 after the org changed',
        async () => ((await gql(hub.assets.url, '{ __typename }', { token: fresh })).status === 401 ? true : undefined),
        20_000,
      );
    },
  );

  test('the Keycloak admin password is not admin/admin', async () => {
    const res = await fetch(`${config.keycloak.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: 'admin',
        password: 'admin',
      }),
    });
    assert.equal(res.status, 401);
    assert.notEqual(config.keycloak.adminPassword, 'admin');
  });
});
