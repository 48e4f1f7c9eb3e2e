// Issue #13 (FIXES 2, LOW): verifyAuditChain told a branch compliance officer, who sees 18 events, that it
// had checked 7,808 (the group's event count). Whether the chain is intact is one fact for everyone (each
// event links to the one before, whoever may see it); the count is the viewer's: a unit below the group's
// root org is told how many of the verified events it may see (auditTrail's rule), the root org the whole
// count. Through the gateway with a real compliance officer of the Jiangsu branch (created in Keycloak).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { keycloakAdmin, tokenFor } from './helpers/tokens.js';
import { writeAudit } from '../lib/graph/audit.js';
import { Label } from '../lib/graph/ontology.js';

const tag = `avs${randomUUID().slice(0, 8)}`;
const branchOfficer = `${tag}-compliance-js`;
let branchOfficerId: string | undefined;
let hub: Hub;

before(async () => {
  hub = await startHub();
  const created = await keycloakAdmin('POST', '/users', {
    username: branchOfficer,
    enabled: true,
    emailVerified: true,
    firstName: 'Jiangsu',
    lastName: 'Compliance',
    email: `${branchOfficer}@plinth.example`,
    attributes: { org: ['jiangsu'] },
    credentials: [{ type: 'password', value: 'plinth', temporary: false }],
  });
  branchOfficerId = created.headers.get('location')!.split('/').at(-1)!;
  const role = (await (await keycloakAdmin('GET', '/roles/compliance-officer')).json()) as Record<string, unknown>;
  await keycloakAdmin('POST', `/users/${branchOfficerId}/role-mappings/realm`, [role]);
});

after(async () => {
  if (branchOfficerId) await keycloakAdmin('DELETE', `/users/${branchOfficerId}`).catch(() => undefined);
  await hub.driver.executeQuery('MATCH (d:Dataset) WHERE $tag IN d.tags DETACH DELETE d', { tag });
  await hub.close();
});

async function register(user: string, name: string): Promise<string> {
  const res = await gql<{ registerDataset: { id: string } }>(
    hub.gateway.url,
    'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }',
    { token: await tokenFor(user), variables: { input: { name: `${tag} ${name}`, tags: [tag] } } },
  );
  assert.ok(res.body.data?.registerDataset, JSON.stringify(res.body));
  return res.body.data.registerDataset.id;
}

type Report = { verifyAuditChain: { intact: boolean; checked: number; fromSeq: number; toSeq: number } };
const VERIFY =
  'query($from: Int, $to: Int) { verifyAuditChain(fromSeq: $from, toSeq: $to) { intact checked fromSeq toSeq } }';

test("a branch officer's checked counts the verified events it may see; HQ's the whole range", async () => {
  const hqOnly = await register('scientist', 'hq only');
  const jiangsu = await register('scientist.jiangsu', 'jiangsu');
  // Five events in one transaction: the chain head's lock makes their positions consecutive, with no
  // other suite's event between them. Two are about Jiangsu's dataset, three about HQ's.
  const actor = { sub: `test-${tag}`, username: 'audit-scope-test', roles: [], org: 'hq' };
  const session = hub.driver.session();
  let seqs: number[];
  try {
    seqs = await session.executeWrite(async (tx) => {
      const out: number[] = [];
      for (const targetId of [hqOnly, jiangsu, hqOnly, hqOnly, jiangsu])
        out.push((await writeAudit(tx, { action: 'test.scope', actor, targetId, targetLabel: Label.Dataset })).seq);
      return out;
    });
  } finally {
    await session.close();
  }
  const range = { from: seqs[0], to: seqs.at(-1) };
  assert.equal(range.to! - range.from!, 4, 'consecutive');

  const hq = await gql<Report>(hub.gateway.url, VERIFY, { token: await tokenFor('auditor'), variables: range });
  assert.deepEqual(hq.body.data?.verifyAuditChain, { intact: true, checked: 5, fromSeq: range.from, toSeq: range.to });

  const branch = await gql<Report>(hub.gateway.url, VERIFY, { token: await tokenFor(branchOfficer), variables: range });
  assert.deepEqual(
    branch.body.data?.verifyAuditChain,
    { intact: true, checked: 2, fromSeq: range.from, toSeq: range.to },
    JSON.stringify(branch.body),
  );
  // What auditTrail lists for the branch officer over those events is what it was told was checked.
  const trail = await gql<{ auditTrail: { edges: { node: { seq: number } }[] } }>(
    hub.gateway.url,
    '{ auditTrail(action: "test.scope", first: 100) { edges { node { seq } } } }',
    { token: await tokenFor(branchOfficer) },
  );
  const listed = trail.body
    .data!.auditTrail.edges.map((e) => e.node.seq)
    .filter((s) => s >= range.from! && s <= range.to!);
  assert.deepEqual(listed.sort(), [seqs[1], seqs[4]].sort());
});
