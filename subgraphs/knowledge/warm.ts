// Warm-up of the knowledge subgraph before it listens (lib/subgraph/server.ts runs it), so the first
// question after start is as fast as the hundredth: the intent classifier is trained, each base's lexicon
// loaded, and a few questions of every kind, in both languages and for every base, go through the real
// `ask` operation in process (Apollo's pipeline, the resolvers, every Cypher template, so Neo4j has their
// plans cached, and V8 compiles the pipeline's hot code). The questions are made from the graph's own
// names (the first fault, symptom, equipment… of each base by id), never from the evaluation sets.
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { Label } from '../../lib/graph/ontology.js';
import type { SubgraphWarmUp, WarmExecute } from '../../lib/subgraph/server.js';
import { schema } from './schema/index.js';
import { warmClauseVectors } from './qa/clause-semantic.js';
import { loadLexicon } from './qa/linker.js';
import { SEMANTIC_KINDS, clausesOf, semanticHits } from './qa/embed/semantic-index.js';

/** Rounds over the default base's warm-up questions: after three, the first question costs what the hundredth does. */
export const WARM_ROUNDS = 3;
/** The base a question goes to when neither it nor the asker's org names one. */
const DEFAULT_BASE = 'grid';

const SAMPLE_KINDS = [Label.FaultType, Label.Symptom, Label.Equipment, Label.SafetyRule, Label.Procedure];

// The first entity of each kind in each base (n.kb; null where nodes carry no base).
const Q_SAMPLES = `
MATCH (n:${SAMPLE_KINDS.join('|')})
WITH [l IN labels(n) WHERE l IN $kinds][0] AS kind, n.kb AS kb, n ORDER BY n.id
WITH kind, kb, collect(n {.name, .nameEn})[0] AS first
RETURN kind, kb, first.name AS name, first.nameEn AS nameEn`;

type Sample = { name: string; nameEn: string };
type Samples = Partial<Record<string, Sample>>;

/** Questions of every kind about one base's sample entities, as dispatchers phrase them, both languages. */
export function warmQuestions(s: Samples): string[] {
  const zh = (k: string): string | undefined => s[k]?.name || s[k]?.nameEn;
  const en = (k: string): string | undefined => s[k]?.nameEn || s[k]?.name;
  const out: (string | false | undefined)[] = [];
  const f = zh(Label.FaultType),
    fe = en(Label.FaultType);
  if (f && fe)
    out.push(
      `${f}怎么处理？`,
      `${f}的可能原因有哪些？`,
      `哪些模型能检测${f}？`,
      `谁负责处理${f}？`,
      `处理${f}有哪些安全要求？`,
      `How do I handle ${fe}?`,
      `What causes ${fe}?`,
      `Which models detect ${fe}?`,
      `Who is responsible for ${fe}?`,
      `What safety rules apply to ${fe}?`,
    );
  const sy = zh(Label.Symptom),
    sye = en(Label.Symptom);
  if (sy && sye) out.push(`出现${sy}是什么故障？`, `${sy}是什么原因？`, `Which fault shows ${sye}?`);
  const eq = zh(Label.Equipment),
    eqe = en(Label.Equipment);
  if (eq && eqe) out.push(`${eq}停电会影响哪些设备？`, `What is downstream of ${eqe}?`);
  const r = zh(Label.SafetyRule),
    re = en(Label.SafetyRule);
  if (r && re) out.push(`${r}有什么要求？`, `可以不执行${r}吗？`, `How long does ${re} allow?`);
  const p = zh(Label.Procedure);
  if (p) out.push(`${p}第一步做什么？`);
  // Questions the pipeline refuses take their own path (no entity, off-topic).
  out.push('今天天气怎么样？', 'What is the capital of France?');
  return out.filter((q): q is string => typeof q === 'string' && q.length > 0);
}

const hasArg = (field: string, arg: string): boolean => {
  const f = schema.getQueryType()?.getFields()[field];
  return f?.args.some((a) => a.name === arg) ?? false;
};

const ASK_FIELDS = `question language intent answer confidence noAnswer truncated
  linked { id kind name nameEn score detail } entities { id kind name nameEn score detail requirement requirementEn }
  steps { order text textEn procedureId } evidence { nodes { id label name } relationships { type from to order } }`;

async function samplesByBase(driver: Driver): Promise<Map<string | null, Samples>> {
  const { records } = await driver.executeQuery(
    Q_SAMPLES,
    { kinds: SAMPLE_KINDS },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const bases = new Map<string | null, Samples>();
  for (const r of records) {
    const kb = (r.get('kb') as string | null) ?? null;
    const samples = bases.get(kb) ?? {};
    samples[r.get('kind') as string] = { name: r.get('name') ?? '', nameEn: r.get('nameEn') ?? '' };
    bases.set(kb, samples);
  }
  return bases;
}

/** Runs the questions; counts those that errored (a warm-up never throws for one question) and the intents seen. */
async function askAll(
  execute: WarmExecute,
  byBase: [string | null, string[]][],
  intents: Set<string>,
): Promise<number> {
  const withBase = hasArg('ask', 'base');
  const query = withBase
    ? `query WarmAsk($q: String!, $base: String) { ask(question: $q, base: $base) { ${ASK_FIELDS} } }`
    : `query WarmAsk($q: String!) { ask(question: $q) { ${ASK_FIELDS} } }`;
  let failed = 0;
  for (const [kb, questions] of byBase)
    for (const q of questions) {
      const { data, errors } = await execute(query, withBase && kb ? { q, base: kb } : { q });
      if (errors.length > 0) failed++;
      const intent = (data?.ask as { intent?: string } | undefined)?.intent;
      if (intent) intents.add(intent);
    }
  return failed;
}

/**
 * The semantic linker's path (qa/embed/semantic-link.ts): the warm questions name their entities, so they never
 * take it. Its index is built with the lexicon; this runs the encoder on question-sized text in each language
 * and scans the base's vectors, as a question described in other words does.
 */
async function warmSemantic(driver: Driver, kb: string, s: Samples): Promise<void> {
  const lexicon = await loadLexicon(driver, kb);
  const fault = s[Label.FaultType];
  if (!fault) return;
  for (const text of [
    `${fault.name || fault.nameEn}又出现了，现场咋整`,
    `${fault.nameEn || fault.name} again, what do we do`,
  ])
    await semanticHits(lexicon.semantic, [text, ...clausesOf(text).map((c) => c.text)], SEMANTIC_KINDS);
}

/** What the last warm-up covered (for the test that it reaches every kind of question). */
export let lastWarmUp: { bases: (string | null)[]; intents: string[]; questions: number } | undefined;

export const warmKnowledge: SubgraphWarmUp = async ({ driver, execute }) => {
  const t0 = performance.now();
  const bases = await samplesByBase(driver);
  // The default base first: it gets the extra rounds (V8 optimises after repeated runs); every other base
  // once, which loads its lexicon and runs the same templates with its parameters.
  const byBase = [...bases]
    .sort(([a], [b]) => (a === DEFAULT_BASE ? -1 : b === DEFAULT_BASE ? 1 : String(a).localeCompare(String(b))))
    .map(([kb, s]) => [kb, warmQuestions(s)] as [string | null, string[]]);
  const questions = byBase.reduce((n, [, qs]) => n + qs.length, 0);
  const intents = new Set<string>();
  // The clauses yes/no, limit and safety questions are compared with by meaning, every base, both languages.
  let clauseTexts = 0;
  for (const [kb] of byBase) clauseTexts += await warmClauseVectors(driver, kb);
  let failed = await askAll(execute, byBase, intents);
  for (let round = 1; round < WARM_ROUNDS; round++) failed += await askAll(execute, byBase.slice(0, 1), intents);
  for (const [kb, s] of bases)
    if (kb) for (let round = 0; round < WARM_ROUNDS; round++) await warmSemantic(driver, kb, s);
  // The console's other two calls: symptom suggestions and the fault path.
  const symptom = byBase.length > 0 ? bases.get(byBase[0]![0])?.[Label.Symptom]?.name : undefined;
  for (let round = 0; round < WARM_ROUNDS; round++) {
    const s = await execute(
      'query WarmSymptoms($p: String) { knowledgeSymptoms(prefix: $p, first: 10) { id matched faults } }',
      { p: symptom?.slice(0, 2) ?? null },
    );
    const p = await execute(
      'query WarmPath($s: [String!]!) { faultHandlingPath(symptoms: $s) { unrecognized candidates { score fault { id } steps { order } } } }',
      { s: [symptom ?? 'x'] },
    );
    failed += (s.errors.length > 0 ? 1 : 0) + (p.errors.length > 0 ? 1 : 0);
  }
  lastWarmUp = { bases: byBase.map(([kb]) => kb), intents: [...intents].sort(), questions };
  return (
    `${bases.size} base(s) (${byBase.map(([kb]) => kb ?? 'default').join(', ')}): lexicons, intent classifier, ` +
    `${questions} questions through ask (${WARM_ROUNDS} rounds on the default base; intents ${lastWarmUp.intents.join(' ')}), ` +
    `symptom suggestions and fault path, ${clauseTexts} clause texts embedded, in ${Math.round(performance.now() - t0)} ms` +
    (failed > 0 ? `; ${failed} warm-up operations answered with errors` : '')
  );
};
