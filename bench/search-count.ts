// Where a search's exact totalCount spends its time (issue 13), on whatever asset graph is loaded (e.g.
// `npm run bench:assets -- --nodes 100000 --generate-only`, ~12,000 hits for 'transmission'). For an HQ
// and a branch viewer and two texts, the count queries one step apart, sent straight to Neo4j one at a
// time (1 connection), their repeats interleaved so that drift in the machine's load favours none:
//   floor     the full-text procedure's bare count (it scores and yields every hit; Neo4j 5.26 has no
//             count-only path), what any exact count costs at least;
//   filters   the store's query without its visibility test: the kind / org / archived filters (the
//             archived flag: a property read per hit);
//   probe     the store's query with visibleTo's SHARED_WITH probe per hit not owned in the viewer's tree
//             (the count's way before the shares were read once);
//   store     SearchStore's count as it runs (its Cypher captured from the driver): the viewer's shares
//             read once, each hit looked up among them.
// PROFILE DB hits and the median of each. probe and store must give the same count. Writes
// bench/results/search-count.json (or --out) with the load average at start and end:
//   npx tsx bench/search-count.ts [--repeat 41] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadavg } from 'node:os';
import type { Identity } from '../lib/auth/identity.js';
import { createDriver } from '../lib/graph/driver.js';
import { sharedWithViewer, viewerScope, visibleAmong, visibleTo } from '../lib/graph/visibility.js';
import { ASSET_KINDS, SearchStore, luceneQuery } from '../subgraphs/assets/repository/search-store.js';
import { benchArgs, median } from './support.js';

const { opt, num } = benchArgs();
const REPEAT = num('repeat', 41);
const OUT = opt('out') ?? 'bench/results/search-count.json';
const LOAD_START = loadavg();
const TEXTS = ['transmission', '输电线路'];

let lastQuery = '';
const driver = createDriver(undefined, { onQuery: (cypher) => (lastQuery = cypher) });
const store = new SearchStore(driver);
const viewers: Record<string, Identity> = {
  hq: { sub: 'bench-hq', username: 'viewer', roles: ['viewer'], org: 'hq' },
  branch: { sub: 'bench-branch', username: 'scientist.jiangsu', roles: ['viewer'], org: 'jiangsu' },
};

function totalHits(plan: { dbHits: number; children: unknown[] }): number {
  return plan.dbHits + (plan.children as (typeof plan)[]).reduce((sum, child) => sum + totalHits(child), 0);
}

const FULLTEXT = `CALL db.index.fulltext.queryNodes('asset_search', $query)`;
// The list of shared ids SearchStore's count names (search-store.ts).
const SHARED = 'shared';
const results: Record<string, unknown>[] = [];
for (const text of TEXTS)
  for (const [who, viewer] of Object.entries(viewers)) {
    const page = await store.search(viewer, {
      text,
      first: 10,
      after: null,
      kinds: ASSET_KINDS,
      orgs: null,
      statuses: null,
    });
    await page.count();
    // The driver logs the Cypher text followed by the parameters, whose JSON starts with the query's.
    const storeCypher = lastQuery.slice(0, lastQuery.indexOf(' {"query"'));
    // The parameters SearchStore sends for these filters (every kind, any org, the statuses' default).
    const params = {
      query: luceneQuery(text),
      kinds: [...ASSET_KINDS],
      orgs: null,
      statuses: null,
      ...(await viewerScope(driver, viewer)),
    };
    const ways: Record<string, string> = {
      floor: `${FULLTEXT} YIELD node RETURN count(node) AS total`,
      // The store's own query with its visibility test taken out, and with visibleTo's probe put back.
      filters: storeCypher.replace(sharedWithViewer(SHARED), '').replace(visibleAmong('n', SHARED), 'true'),
      probe: storeCypher.replace(sharedWithViewer(SHARED), '').replace(visibleAmong('n', SHARED), visibleTo('n')),
      store: storeCypher,
    };
    if (!storeCypher.includes(sharedWithViewer(SHARED)) || !storeCypher.includes(visibleAmong('n', SHARED)))
      throw new Error(`SearchStore's count no longer reads the shares once; update this bench:\n${storeCypher}`);
    const figures: Record<string, { count: number; dbHits: number; times: number[]; medianMs?: number }> = {};
    for (const [way, cypher] of Object.entries(ways)) {
      const { summary, records } = await driver.executeQuery(`PROFILE ${cypher}`, params);
      figures[way] = {
        count: Number(records[0]?.get('total')),
        dbHits: totalHits(summary.profile as never),
        times: [],
      };
    }
    if (figures.probe!.count !== figures.store!.count)
      throw new Error(
        `${who} '${text}': store counts ${figures.store!.count}, the per-hit probe ${figures.probe!.count}`,
      );
    for (let i = 0; i < REPEAT; i++)
      for (const [way, cypher] of Object.entries(ways)) {
        const started = performance.now();
        await driver.executeQuery(cypher, params, { routing: 'READ' });
        figures[way]!.times.push(performance.now() - started);
      }
    const row: Record<string, unknown> = { text, viewer: who };
    for (const [way, f] of Object.entries(figures))
      row[way] = { count: f.count, dbHits: f.dbHits, medianMs: Math.round(median(f.times) * 10) / 10 };
    results.push(row);
    console.log(
      `${who.padEnd(6)} ${text.padEnd(12)} ` +
        Object.entries(figures)
          .map(([way, f]) => `${way} ${f.count} (${f.dbHits} hits) ${median(f.times).toFixed(1)} ms`)
          .join(' | '),
    );
  }
await driver.close();
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  JSON.stringify(
    {
      benchmark: 'search-count',
      date: new Date().toISOString(),
      loadavg: { start: LOAD_START, end: loadavg() },
      repeat: REPEAT,
      connection: '1 connection, straight to Neo4j, the ways interleaved',
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${OUT}`);
