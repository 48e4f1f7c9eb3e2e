// `npx tsx subgraphs/knowledge/qa/classifier/intent-eval.ts --questions <file> [--misses] [--sparse]`: the intent
// alone, per kind and language, over question files, through the pipeline's own steps up to the intent
// (normalise, the base's lexicon, linkEntities, understandIntent) but no answer templates, so a change to
// the classifier can be judged apart from linking and answering. NO_ANSWER questions count as right when
// the intent is UNKNOWN (refused by the classifier); the rest of the pipeline may refuse them later.
import { closeDriver, getDriver } from '../../../../lib/graph/driver.js';
import { viewerScope } from '../../../../lib/graph/visibility.js';
import { resolveBase } from '../../kb/bases.js';
import { evalIdentity, loadQuestions } from '../../eval/run.js';
import { normalizeQuestion } from '../normalize.js';
import { linkEntities, loadLexicon } from '../linker.js';
import { understandIntent, understandIntentAsync } from '../intent.js';

const args = process.argv.slice(2);
const files = args.flatMap((a, i) => (a === '--questions' && args[i + 1] ? [args[i + 1]!] : []));
// --sparse: the sparse classifier alone (what answers without the encoders), to compare.
const sparseOnly = args.includes('--sparse');
const driver = getDriver();
try {
  const scope = await viewerScope(driver, evalIdentity);
  const tally = new Map<string, [number, number]>();
  const add = (k: string, ok: boolean): void => {
    const t = tally.get(k) ?? [0, 0];
    t[0] += ok ? 1 : 0;
    t[1]++;
    tally.set(k, t);
  };
  const misses: string[] = [];
  for (const file of files)
    for (const q of loadQuestions(file)) {
      const { text } = normalizeQuestion(q.question);
      const kb = await resolveBase(driver, evalIdentity, q.base ?? null);
      const lexicon = await loadLexicon(driver, kb.id);
      const linked = linkEntities(lexicon, text, scope.visibleOrgs);
      const u = sparseOnly ? understandIntent(text, linked) : await understandIntentAsync(text, linked);
      const ok = q.kind === 'NO_ANSWER' ? u.intent === 'UNKNOWN' : u.intent === q.kind;
      for (const k of [`kind ${q.kind}`, `lang ${q.language}`, `${q.kind}/${q.language}`, 'OVERALL']) add(k, ok);
      if (!ok)
        misses.push(`  ${q.id} ${q.kind}/${q.language} → ${u.intent} ${u.confidence} | ${q.question} | ${u.masked}`);
    }
  for (const [k, [c, n]] of [...tally].sort())
    console.log(`${k.padEnd(22)} ${((100 * c) / n).toFixed(1).padStart(5)}%  (${c}/${n})`);
  if (args.includes('--misses')) console.log(misses.join('\n'));
} finally {
  await closeDriver();
}
