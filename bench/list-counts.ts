// The exact totalCount of a list (issue 13): the count query visiblePage runs, from the orgs' tallies
// (lib/graph/tally.ts), against the same plan made to take the ways it replaced (the branch then reads one
// owner-index entry per owned asset and every share into its org; HQ subtracts range seeks from the count
// store), on whatever asset graph is loaded (e.g. `npm run bench:assets -- --nodes 100000 --generate-only`).
// For an HQ and a branch viewer and two kinds: PROFILE DB hits, and the median latency of the query sent
// straight to Neo4j one at a time (1 connection). Both ways must give the same count. Also reports whether
// every node and share of each kind was tallied (else the live count reads the index or the shares). Writes
// bench/results/list-counts.json (or --out) with the load average at start and end:
//   npx tsx bench/list-counts.ts [--repeat 200] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadavg } from 'node:os';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../lib/auth/identity.js';
import { NEWEST_FIRST, visiblePage, type AssetKind } from '../lib/graph/asset-store.js';
import { createDriver } from '../lib/graph/driver.js';
import { Label, Rel } from '../lib/graph/ontology.js';
import { benchArgs, median } from './support.js';

const { opt, num } = benchArgs();
const REPEAT = num('repeat', 200);
const OUT = opt('out') ?? 'bench/results/list-counts.json';
const LOAD_START = loadavg();

// The way the tallies replace: the same plan with the tallies (owned and shared) distrusted.
const TRUSTED = 'WITH nodes = tallied AS trusted';
const SHARES_TRUSTED = 'WITH shares = shareTallied AS sharesTrusted';

let lastQuery = '';
const driver = createDriver(undefined, { onQuery: (cypher) => (lastQuery = cypher) });

const kinds: AssetKind[] = [Label.Dataset, Label.Model].map((label) => ({
  label,
  what: label,
  projection: 'n {.id}',
  action: label,
  order: NEWEST_FIRST,
}));
const viewers: Record<string, Identity> = {
  hq: { sub: 'bench-hq', username: 'viewer', roles: ['viewer'], org: 'hq' },
  branch: { sub: 'bench-branch', username: 'scientist.jiangsu', roles: ['viewer'], org: 'jiangsu' },
};

function totalHits(plan: { dbHits: number; children: unknown[] }): number {
  return plan.dbHits + (plan.children as (typeof plan)[]).reduce((sum, child) => sum + totalHits(child), 0);
}

interface Way {
  count: number;
  dbHits: number;
  medianMs: number;
}

async function measure(d: Driver, cypher: string, params: Record<string, unknown>): Promise<Way> {
  const { summary, records } = await d.executeQuery(`PROFILE ${cypher}`, params);
  const count = Number(records[0]?.get('total'));
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const started = performance.now();
    await d.executeQuery(cypher, params);
    times.push(performance.now() - started);
  }
  return { count, dbHits: totalHits(summary.profile as never), medianMs: Number(median(times).toFixed(2)) };
}

/**
 * Both ways count the same, read one right after the other; other work on a shared graph may write between
 * the two reads, so a difference is read again a few times before it counts as one.
 */
async function sameCount(what: string, a: string, b: string, params: Record<string, unknown>): Promise<void> {
  const count = async (cypher: string) => Number((await driver.executeQuery(cypher, params)).records[0]?.get('total'));
  for (let attempt = 0; ; attempt++) {
    const [x, y] = [await count(a), await count(b)];
    if (x === y) return;
    if (attempt === 4) throw new Error(`${what}: the tallies count ${x}, the index ${y}`);
  }
}

/** Per kind, whether every node and share is tallied (from the count store): the tally ways are taken. */
async function talliedKinds(): Promise<Record<string, boolean>> {
  const tallied: Record<string, boolean> = {};
  for (const kind of kinds) {
    const { records } = await driver.executeQuery(
      `CALL () { MATCH (n:${kind.label}) RETURN count(n) AS nodes }
       CALL () { MATCH (:${kind.label})-[r:${Rel.TALLIED_IN}]->() RETURN count(r) AS edges }
       CALL () { MATCH (:${kind.label})-[r:${Rel.SHARED_WITH}]->() RETURN count(r) AS shares }
       CALL () { MATCH (:${kind.label})-[r:${Rel.SHARE_TALLIED_IN}]->() RETURN count(r) AS shareEdges }
       RETURN nodes = edges AND shares = shareEdges AS tallied`,
    );
    tallied[kind.label] = records[0]!.get('tallied') as boolean;
  }
  return tallied;
}

const talliedAtStart = await talliedKinds();
const results: Record<string, Record<string, { tallies: Way; index: Way }>> = {};
for (const [who, viewer] of Object.entries(viewers)) {
  results[who] = {};
  for (const kind of kinds) {
    const page = await visiblePage(driver, viewer, kind, { first: 20, after: null, includeArchived: false });
    await page.count();
    // The driver logs "RUN <query> <params> <metadata>"; a list count's params begin with the viewer's scope.
    const at = lastQuery.indexOf(' {"viewerOrg"');
    const cypher = lastQuery.slice(0, at);
    const rest = lastQuery.slice(at + 1);
    const params = JSON.parse(rest.slice(0, rest.lastIndexOf(' {'))) as Record<string, unknown>;
    for (const switch_ of [TRUSTED, SHARES_TRUSTED])
      if (!cypher.includes(switch_)) throw new Error(`the count query no longer reads "${switch_}"`);
    const indexWay = cypher
      .replace(TRUSTED, 'WITH false AS trusted')
      .replace(SHARES_TRUSTED, 'WITH false AS sharesTrusted');
    await sameCount(`${who} ${kind.label}`, cypher, indexWay, params);
    const tallies = await measure(driver, cypher, params);
    const index = await measure(driver, indexWay, params);
    results[who][kind.label] = { tallies, index };
    console.log(who, kind.label, JSON.stringify({ tallies, index }));
  }
}
const { records } = await driver.executeQuery('MATCH (n:Dataset) RETURN count(n) AS datasets');
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      datasets: Number(records[0]!.get('datasets')),
      repeat: REPEAT,
      loadStart: LOAD_START,
      loadEnd: loadavg(),
      talliedAtStart,
      talliedAtEnd: await talliedKinds(),
      results,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${OUT}`);
await driver.close();
