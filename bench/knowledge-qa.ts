// Knowledge Q&A latency as a dispatcher sees it: through the gateway, over HTTP, with a real Keycloak token.
// The knowledge subgraph and the gateway run as their own processes (as `npm start` runs them), on ports of
// this bench. Each fresh start is timed from spawn to ready, and the FIRST question after it is part of the
// samples (so a cold cache shows in the p95). Then every question of the set, sequentially, alternating with
// a baseline request through the same gateway to the same subgraph (`knowledgeSymptoms(first: 1)`: token
// check, one Cypher read), so the figure has a ratio measured in the same run; runs alternate the order of
// the set (forward, backward) and which of the pair goes first. The set: the demo questions and the dev sets
// of both bases (test/knowledge/dev/). Control for the first question: the first question of another user's
// fresh token on the warm processes (it pays Keycloak's introspection twice, as the first after a start
// does). p50/p95/max per kind, per base and overall, accuracy by the eval's rule → bench/results/knowledge-qa.json.
// Needs the stack (npm run stack -- up).
// Usage: npm run bench:knowledge [-- --reps 3 --starts 3 --user dispatcher --questions <file.json> ...]
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDriver } from '../lib/graph/driver.js';
import { migrate } from '../graph-schema/migrate.js';
import { importKnowledgeBase } from '../subgraphs/knowledge/kb/import.js';
import type { KnowledgeAnswer } from '../subgraphs/knowledge/qa/ask.js';
import { isCorrect, type EvalQuestion } from '../subgraphs/knowledge/eval/questions.js';
import { loadQuestions, questionsFile } from '../subgraphs/knowledge/eval/run.js';
import { demoUserTokens } from '../scripts/keycloak-tokens.js';
import { benchArgs, percentile, waitForPort } from './support.js';

const { argv, opt, num } = benchArgs();
const REPS = num('reps', 3);
const STARTS = Math.max(1, num('starts', 3));
const USER = opt('user') ?? 'dispatcher';
const CONTROL_USER = USER === 'auditor' ? 'dispatcher' : 'auditor';
const GATEWAY_PORT = num('gateway-port', 4290);
const KNOWLEDGE_PORT = num('knowledge-port', 4296);
const TARGET_P95_MS = 100;
// --questions may be given several times; by default the demo set and the dev sets of test/knowledge/dev/
// (both bases; never the held-out sets).
const files = argv.flatMap((a, i) => (a === '--questions' && argv[i + 1] ? [argv[i + 1]!] : []));
const devDir = join(dirname(questionsFile), 'dev');
const devFiles = existsSync(devDir)
  ? readdirSync(devDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(devDir, f))
  : [];
const questionFiles = files.length > 0 ? files : [questionsFile, ...devFiles];
const questions: (EvalQuestion & { base?: string })[] = questionFiles.flatMap((f) => loadQuestions(f));

const GATEWAY = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
// The fields the eval's scoring reads, plus what the console shows; `base` only when a question names one
// (so the bench also runs against a schema without the argument).
const ASK_FIELDS = `intent answer noAnswer confidence language
  linked { id kind } entities { id kind name nameEn score } steps { order text textEn }
  evidence { nodes { id label } relationships { type from to } }`;
const ASK = `query BenchAsk($q: String!) { ask(question: $q) { ${ASK_FIELDS} } }`;
const ASK_BASE = `query BenchAskBase($q: String!, $base: String) { ask(question: $q, base: $base) { ${ASK_FIELDS} } }`;
const BASELINE = 'query BenchBaseline { knowledgeSymptoms(first: 1) { id } }';

const round2 = (x: number): number => Math.round(x * 100) / 100;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    samples: s.length,
    p50Ms: round2(percentile(s, 0.5)),
    p95Ms: round2(percentile(s, 0.95)),
    p99Ms: round2(percentile(s, 0.99)),
    maxMs: round2(s[s.length - 1] ?? Number.NaN),
  };
};

// ---- a token that is refreshed outside the timed requests ----
let bearer = { token: '', until: 0 };
async function freshToken(): Promise<string> {
  if (bearer.until - Date.now() < 30_000) {
    const t = await demoUserTokens(USER);
    bearer = { token: t.accessToken, until: Date.now() + t.expiresIn * 1000 };
  }
  return bearer.token;
}

async function post<T>(query: string, variables: Record<string, unknown>, token: string) {
  const t0 = performance.now();
  const res = await fetch(GATEWAY, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  const ms = performance.now() - t0;
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 400)}`);
  return { ms, data: body.data };
}
const askOnce = (q: { question: string; base?: string }, token: string) =>
  post<{ ask: KnowledgeAnswer }>(
    q.base ? ASK_BASE : ASK,
    q.base ? { q: q.question, base: q.base } : { q: q.question },
    token,
  );
const baselineOnce = (token: string) => post<{ knowledgeSymptoms: { id: string }[] }>(BASELINE, {}, token);

// ---- the hub's processes ----
interface Started {
  children: ChildProcess[];
  readyMs: number;
  warmLine: string | null;
}
/** Spawns the knowledge subgraph and the gateway as `npm start` does (node --import tsx, own processes). */
async function startProcesses(): Promise<Started> {
  const t0 = performance.now();
  let warmLine: string | null = null;
  const spawnNode = (script: string, env: Record<string, string>): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      // NODE_ENV=production as the Dockerfile runs the hub (graphql-js's development checks are not paid there).
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Only the knowledge subgraph's warm-up line is kept (it says what was warmed and how long it took).
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (/warm/i.test(line)) warmLine = line.trim();
    });
    return child;
  };
  const children = [
    spawnNode('subgraphs/knowledge/server.ts', { KNOWLEDGE_PORT: String(KNOWLEDGE_PORT) }),
    spawnNode('gateway/server.ts', {
      GATEWAY_PORT: String(GATEWAY_PORT),
      KNOWLEDGE_URL: `http://127.0.0.1:${KNOWLEDGE_PORT}/graphql`,
    }),
  ];
  // Ready as `npm start` counts it: both ports open (the subgraph listens only after its warm-up).
  await Promise.all([waitForPort(KNOWLEDGE_PORT), waitForPort(GATEWAY_PORT)]);
  return { children, readyMs: round2(performance.now() - t0), warmLine };
}
async function stopProcesses(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}

// ---- the run ----
const driver = createDriver();
await migrate(driver);
await importKnowledgeBase(driver);
await driver.close();

type Sample = { ms: number; kind: string; base: string; first: boolean };
const askSamples: Sample[] = [];
const baselineMs: number[] = [];
const firsts: { start: number; id: string; kind: string; ms: number; readyMs: number; warm: string | null }[] = [];
const perQuestion = new Map<string, { ms: number[]; correct: boolean }>();
// Question ids are unique within a file; the base tells the sets of two bases apart.
const keyOf = (q: EvalQuestion & { base?: string }): string => `${q.base ?? ''}|${q.id}`;
const record = (q: EvalQuestion, ms: number, a: KnowledgeAnswer, first: boolean): void => {
  askSamples.push({ ms, kind: q.kind, base: (q as { base?: string }).base ?? 'default', first });
  const p = perQuestion.get(keyOf(q)) ?? { ms: [], correct: true };
  p.ms.push(ms);
  p.correct &&= isCorrect(q, a);
  perQuestion.set(keyOf(q), p);
};
// The control for the first question: the first question of a token the warm processes have not seen yet
// (another user's fresh login) pays Keycloak's introspection in the gateway and in the subgraph, as the
// first question after a start does; the hundredth question of a known token does not.
const newTokenFirst: number[] = [];

let live: ChildProcess[] = [];
const stopOnSignal = (): void => void stopProcesses(live).then(() => process.exit(130));
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);
try {
  for (let start = 0; start < STARTS; start++) {
    const token = await freshToken(); // before the start: a token fetch is not the hub's latency
    const started = await startProcesses();
    live = started.children;
    // The first question after a fresh start: a different one each start, timed like every other.
    const q0 = questions[(start * 97) % questions.length]!;
    const first = await askOnce(q0, token);
    record(q0, first.ms, first.data.ask, true);
    firsts.push({
      start: start + 1,
      id: q0.id,
      kind: q0.kind,
      ms: round2(first.ms),
      readyMs: started.readyMs,
      warm: started.warmLine,
    });
    console.log(
      `start ${start + 1}: ready in ${started.readyMs} ms; first question ${q0.id} ${round2(first.ms)} ms` +
        (started.warmLine ? `\n  ${started.warmLine}` : ''),
    );
    for (let rep = 0; rep < REPS; rep++) {
      const order = rep % 2 === 0 ? questions : [...questions].reverse();
      for (let i = 0; i < order.length; i++) {
        const q = order[i]!;
        const tk = await freshToken();
        // Alternate which of the pair goes first, so neither always follows the other.
        if ((i + rep) % 2 === 0) baselineMs.push((await baselineOnce(tk)).ms);
        const a = await askOnce(q, tk);
        record(q, a.ms, a.data.ask, false);
        if ((i + rep) % 2 === 1) baselineMs.push((await baselineOnce(tk)).ms);
      }
      const so = stats(askSamples.slice(-order.length).map((s) => s.ms));
      console.log(
        `  start ${start + 1} run ${rep + 1}: ${order.length} questions, p50 ${so.p50Ms} ms, p95 ${so.p95Ms} ms`,
      );
    }
    const other = await demoUserTokens(CONTROL_USER);
    const control = await askOnce(q0, other.accessToken);
    newTokenFirst.push(round2(control.ms));
    console.log(
      `  start ${start + 1}: first question of a new token (${CONTROL_USER}), warm processes: ${round2(control.ms)} ms`,
    );
    await stopProcesses(live);
    live = [];
  }
} finally {
  await stopProcesses(live);
}

const overall = stats(askSamples.map((s) => s.ms));
const baseline = stats(baselineMs);
const kinds = [...new Set(questions.map((q) => q.kind))].sort();
const perKind = Object.fromEntries(
  kinds.map((k) => [k, stats(askSamples.filter((s) => s.kind === k).map((s) => s.ms))]),
);
const perBase = Object.fromEntries(
  [...new Set(askSamples.map((s) => s.base))]
    .sort()
    .map((b) => [b, stats(askSamples.filter((s) => s.base === b).map((s) => s.ms))]),
);
const correct = [...perQuestion.values()].filter((p) => p.correct).length;
const result = {
  benchmark: 'knowledge-qa',
  at: new Date().toISOString(),
  host: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: round2(loadavg()[0]!),
    node: process.version,
  },
  note:
    'Through the gateway over HTTP with a real Keycloak token (user ' +
    USER +
    '); the knowledge subgraph and the gateway as their own processes, restarted for each start; the first ' +
    'question after each start is in the samples. The local Neo4j and the machine are shared with other work.',
  target: `p95 <= ${TARGET_P95_MS} ms, first question after start included`,
  met: overall.p95Ms <= TARGET_P95_MS,
  questionFiles: questionFiles.map((f) => f.replace(/^.*?(test\/)/, '$1')),
  questions: questions.length,
  starts: STARTS,
  repetitions: REPS,
  accuracy: round2((correct / perQuestion.size) * 100) / 100,
  overall,
  baseline: { query: BASELINE, ...baseline },
  ratioToBaseline: { p50: round2(overall.p50Ms / baseline.p50Ms), p95: round2(overall.p95Ms / baseline.p95Ms) },
  firstQuestionAfterStart: firsts,
  firstQuestionOfNewTokenWarm: newTokenFirst,
  perKind,
  perBase,
  perQuestion: questions.map((q) => {
    const p = perQuestion.get(keyOf(q))!;
    const s = [...p.ms].sort((a, b) => a - b);
    return {
      id: q.id,
      kind: q.kind,
      language: q.language,
      question: q.question,
      p50Ms: round2(percentile(s, 0.5)),
      maxMs: round2(s[s.length - 1]!),
      correct: p.correct,
    };
  }),
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'knowledge-qa.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
console.log(
  `\n${questions.length} questions × ${REPS} runs × ${STARTS} starts + ${STARTS} first questions, through the gateway as ${USER}:` +
    `\n  overall  p50 ${overall.p50Ms} ms  p95 ${overall.p95Ms} ms  max ${overall.maxMs} ms  (target p95 <= ${TARGET_P95_MS} ms: ${result.met ? 'met' : 'NOT met'})` +
    `\n  baseline p50 ${baseline.p50Ms} ms  p95 ${baseline.p95Ms} ms  (${BASELINE}); ask/baseline p50 ${result.ratioToBaseline.p50}×, p95 ${result.ratioToBaseline.p95}×` +
    `\n  first question after start: ${firsts.map((f) => `${f.ms} ms`).join(', ')}; first of a new token on warm processes: ${newTokenFirst.map((x) => `${x} ms`).join(', ')}` +
    `\n  accuracy ${(result.accuracy * 100).toFixed(1)}%`,
);
for (const [k, v] of Object.entries(perBase))
  console.log(`  base ${k.padEnd(9)} p50 ${v.p50Ms} ms  p95 ${v.p95Ms} ms  max ${v.maxMs} ms`);
for (const [k, v] of Object.entries(perKind))
  console.log(`  ${k.padEnd(14)} p50 ${v.p50Ms} ms  p95 ${v.p95Ms} ms  max ${v.maxMs} ms`);
console.log(`wrote ${out}`);
