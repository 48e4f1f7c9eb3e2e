// `npm run knowledge:import -- --remove <base>` against the real graph: without --yes nothing goes; with it,
// in one transaction, the base's nodes and KnowledgeBase node, the models and services ITS import created
// (a model another base still detects with, and assets it did not create, stay), and orgs' default pointing
// at it; another base is exactly as it was (checksum of its nodes and relationships).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../../lib/graph/driver.js';
import { config } from '../../lib/config.js';
import { migrate } from '../../graph-schema/migrate.js';
import { importKnowledgeBase, loadBase, removeBase } from '../../subgraphs/knowledge/kb/import.js';
import { tinyBase, type BaseFiles, type TinyBase } from './kb-fixtures.js';

let driver: Driver;
let x: TinyBase, y: TinyBase;
const own = `t-model-own-${randomUUID()}`;
const svc = `t-svc-own-${randomUUID()}`;
const shared = `t-model-shared-${randomUUID()}`;
const preexisting = `t-model-pre-${randomUUID()}`;
const org = `t-org-${randomUUID()}`;
const db = () => ({ database: config.neo4j.database });

const model = (id: string, detects: string[]) => ({
  id,
  name: `test ${id}`,
  ownerOrgId: 'hq',
  task: 'classification',
  description: 't',
  detects,
});

before(async () => {
  driver = createDriver();
  await migrate(driver);
  // A model that exists before any import: the import links to it but did not create it.
  await driver.executeQuery(
    `MATCH (o:Org {id: 'hq'}) CREATE (m:Model {id: $id, name: $id, ownerOrgId: 'hq', createdBy: 'someone'})-[:OWNED_BY]->(o)`,
    { id: preexisting },
    db(),
  );
  x = tinyBase('X', (f: BaseFiles) => {
    const fault = `${f['kb.json'].id}-fault`;
    f['assets.json'] = {
      models: [model(own, [fault]), model(shared, [fault]), model(preexisting, [fault])],
      services: [
        { id: svc, name: `test ${svc}`, ownerOrgId: 'hq', endpoint: '/t', raises: [`${f['kb.json'].id}-alarm`] },
      ],
    };
  });
  y = tinyBase('Y', (f: BaseFiles) => {
    f['assets.json'] = { models: [model(shared, [`${f['kb.json'].id}-fault`])] };
  });
  await importKnowledgeBase(driver, loadBase(x.dir));
  await importKnowledgeBase(driver, loadBase(y.dir));
  await driver.executeQuery('CREATE (:Org {id: $org, name: $org, knowledgeBase: $kb})', { org, kb: x.id }, db());
});
after(async () => {
  await removeBase(driver, x.id);
  await removeBase(driver, y.id);
  await driver.executeQuery(
    'MATCH (n) WHERE (n:Model OR n:Service OR n:Org) AND n.id IN $ids DETACH DELETE n',
    { ids: [own, svc, shared, preexisting, org] },
    db(),
  );
  await driver.close();
});

const cli = (...args: string[]): { code: number; out: string } => {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'subgraphs/knowledge/kb/cli.ts', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
};

const count = async (kb: string): Promise<number> => {
  const { records } = await driver.executeQuery('MATCH (n) WHERE n.kb = $kb RETURN count(n) AS n', { kb }, db());
  return Number(records[0]!.get('n'));
};
const exists = async (id: string): Promise<boolean> => {
  const { records } = await driver.executeQuery('MATCH (n {id: $id}) RETURN count(n) AS n', { id }, db());
  return Number(records[0]!.get('n')) > 0;
};
/** Every node of the base with its properties and every relationship touching one, hashed. */
const checksum = async (kb: string): Promise<string> => {
  const { records } = await driver.executeQuery(
    `MATCH (n) WHERE n.kb = $kb
     OPTIONAL MATCH (n)-[r]-(m)
     WITH n, collect(DISTINCT type(r) + '>' + coalesce(m.id, '')) AS rels
     RETURN n.id AS id, properties(n) AS props, rels ORDER BY id`,
    { kb },
    db(),
  );
  const h = createHash('sha256');
  for (const r of records) {
    const props = r.get('props') as Record<string, unknown>;
    const sorted = Object.keys(props)
      .sort()
      .map((k) => [k, props[k]]);
    h.update(JSON.stringify([r.get('id'), sorted, (r.get('rels') as string[]).sort()]));
  }
  return h.digest('hex');
};

test('without --yes it only says what would go; an unknown base is an error', async () => {
  const before = await count(x.id);
  const dry = cli('--remove', x.id);
  assert.equal(dry.code, 1, dry.out);
  assert.match(dry.out, new RegExp(`would remove knowledge base "${x.id}": ${before} nodes .*add --yes`));
  assert.equal(await count(x.id), before);
  const unknown = cli('--remove', `t-none-${randomUUID()}`, '--yes');
  assert.equal(unknown.code, 1);
  assert.match(unknown.out, /no knowledge base "t-none-/);
});

test('--remove <base> --yes removes the base and what its import created, nothing of another base', async () => {
  assert.ok(await exists(own));
  const yBefore = await checksum(y.id);
  const res = cli('--remove', x.id, '--yes');
  assert.equal(res.code, 0, res.out);
  assert.match(
    res.out,
    new RegExp(`removed knowledge base "${x.id}": \\d+ nodes, 2 models/services its import created; 1 orgs`),
  );
  assert.equal(await count(x.id), 0);
  assert.equal(await exists(own), false, 'the model only X used and X created is gone');
  assert.equal(await exists(svc), false, 'the service X created is gone');
  assert.equal(await exists(shared), true, 'a model Y still detects with stays');
  assert.equal(await exists(preexisting), true, 'a model the import did not create stays');
  assert.equal(await checksum(y.id), yBefore, "Y's nodes and relationships are unchanged");
  const { records } = await driver.executeQuery('MATCH (o:Org {id: $org}) RETURN o.knowledgeBase AS kb', { org }, db());
  assert.equal(records[0]!.get('kb'), null);
});
