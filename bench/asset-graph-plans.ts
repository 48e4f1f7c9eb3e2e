// Rows the database reads for one list page and one search page, the keyset/windowed queries of the
// repository kit against the collect-then-slice queries they replaced, on whatever asset graph is loaded
// (e.g. a batch kept by `npm run bench:assets -- --nodes 1000000 --generate-only`). Database hits from
// PROFILE do not depend on how busy the machine is, unlike latencies. Adds `plans` to the result file:
//   npx tsx bench/asset-graph-plans.ts [--out bench/results/asset-graph-1m.json]
import { readFileSync, writeFileSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { visibleTo } from '../lib/graph/visibility.js';
import { luceneQuery } from '../subgraphs/assets/repository/search-store.js';

const argv = process.argv.slice(2);
const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : 'bench/results/asset-graph-1m.json';

interface Profile {
  dbHits: number;
  rows: number;
}

function total(plan: { dbHits: number; rows: number; children: unknown[] }): number {
  return plan.dbHits + (plan.children as (typeof plan)[]).reduce((sum, child) => sum + total(child), 0);
}

async function profile(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown>,
): Promise<Profile & { ms: number }> {
  const started = Date.now();
  const { summary, records } = await driver.executeQuery(`PROFILE ${cypher}`, params);
  return { dbHits: total(summary.profile as never), rows: records.length, ms: Date.now() - started };
}

const driver = createDriver();
const scopes = {
  hq: ['hq', 'jiangsu', 'zhejiang', 'shandong', 'suzhou', 'nanjing', 'hangzhou', 'qingdao'],
  branch: ['jiangsu', 'suzhou', 'nanjing'],
};
const plans: Record<string, Record<string, Profile & { ms: number }>> = {};
for (const [who, orgs] of Object.entries(scopes)) {
  const scope = { viewerOrg: orgs[0], visibleOrgs: orgs, orgs, includeArchived: false, ownerOrgs: null };
  const keysetPage = `CALL () {
       UNWIND $orgs AS org
       CALL (org) {
         MATCH (n:Dataset) WHERE n.ownerOrgId = org AND n.createdAt IS NOT NULL AND ($includeArchived OR NOT coalesce(n.archived, false))
         RETURN n ORDER BY n.ownerOrgId DESC, n.createdAt DESC, n.id LIMIT 21
       }
       RETURN n
       UNION
       MATCH (:Org {id: $viewerOrg})<-[:SHARED_WITH]-(n:Dataset)
       WHERE NOT n.ownerOrgId IN $visibleOrgs AND n.createdAt IS NOT NULL AND ($includeArchived OR NOT coalesce(n.archived, false))
       RETURN n ORDER BY n.createdAt DESC, n.id LIMIT 21
     }
     WITH n ORDER BY n.createdAt DESC, n.id LIMIT 21
     RETURN n.id AS id`;
  const collectPage = `MATCH (d:Dataset) WHERE ${visibleTo('d')} AND NOT coalesce(d.archived, false)
     WITH d ORDER BY d.createdAt DESC, d.id
     WITH collect(d) AS matched
     RETURN size(matched) AS total, [d IN matched[0..20] | d.id] AS page`;
  const query = luceneQuery('transmission');
  const visible = `[l IN labels(n) WHERE l IN $kinds][0] IS NOT NULL AND NOT coalesce(n.archived, false) AND ${visibleTo('n')}`;
  const kinds = [
    'Dataset',
    'DatasetVersion',
    'Model',
    'ModelVersion',
    'Service',
    'Deployment',
    'EdgeNode',
    'Cluster',
    'Node',
    'Accelerator',
  ];
  const windowSearch = `CALL db.index.fulltext.queryNodes('asset_search', $query, {skip: 0, limit: 44}) YIELD node, score
     WITH collect({n: node, score: score}) AS window
     UNWIND range(0, size(window) - 1) AS i
     WITH i, window[i].n AS n, window[i].score AS score WHERE ${visible}
     RETURN n.id AS id ORDER BY i LIMIT 11`;
  const collectSearch = `CALL db.index.fulltext.queryNodes('asset_search', $query) YIELD node AS n, score
     WITH n, score WHERE ${visible}
     WITH collect({n: n, score: score}) AS hits
     RETURN size(hits) AS total, [h IN hits[0..10] | h.n.id] AS page`;
  plans[who] = {
    'datasets page: keyset (now)': await profile(driver, keysetPage, scope),
    'datasets page: collect then slice (before)': await profile(driver, collectPage, scope),
    'search page: ranking window (now)': await profile(driver, windowSearch, { ...scope, query, kinds }),
    'search page: collect then slice (before)': await profile(driver, collectSearch, { ...scope, query, kinds }),
  };
  for (const [name, p] of Object.entries(plans[who]!))
    console.log(`${who.padEnd(7)} ${name.padEnd(44)} ${String(p.dbHits).padStart(9)} db hits  ${p.ms} ms`);
}
const result = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
result.plans = {
  what: 'PROFILE database hits of one page (first 20 datasets; first 10 hits for "transmission"), now vs before; ms is wall time under the same load',
  ...plans,
};
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`added plans to ${out}`);
await driver.close();
