// `npm run knowledge:eval [-- options]`: imports the demo knowledge base and every base under
// subgraphs/knowledge/bases/ (idempotent, so the files' current state is asked), asks every question
// of the question files, prints accuracy per kind, per language, overall and retrieval.
//   --questions <file>  a question file (repeatable; default test/knowledge/questions.json)
//   --base <id>         the knowledge base asked, for questions that do not name theirs
//   --min <0..1>        the bar (default 0.95); exit 1 when OVERALL is below it
//   --strict            also exit 1 when any kind or language is below the bar
//   --failures          list what was missed, with the intent, its confidence and the answer
import { closeDriver, getDriver } from '../../../lib/graph/driver.js';
import { migrate } from '../../../graph-schema/migrate.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { basesDir, importKnowledgeBase, loadBase } from '../kb/import.js';
import { evaluate, formatReport, loadQuestions } from './run.js';

const args = process.argv.slice(2);
const valuesOf = (flag: string): string[] =>
  args.flatMap((a, i) => (a === flag && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const min = Number(valuesOf('--min')[0] ?? 0.95);
const base = valuesOf('--base')[0] ?? null;
const files = valuesOf('--questions');
const driver = getDriver();
try {
  if (!(min > 0 && min <= 1)) throw new Error('--min must be a number in (0, 1]');
  await migrate(driver);
  await importKnowledgeBase(driver);
  if (existsSync(basesDir))
    for (const name of readdirSync(basesDir).sort())
      if (existsSync(join(basesDir, name, 'kb.json')))
        await importKnowledgeBase(driver, loadBase(join(basesDir, name)));
  const questions = files.length > 0 ? files.flatMap((f) => loadQuestions(f)) : loadQuestions();
  const report = await evaluate(driver, questions, undefined, { base });
  console.log(
    `${questions.length} questions${files.length > 0 ? ` from ${files.join(', ')}` : ''}${base ? ` (base ${base})` : ''}\n${formatReport(report)}`,
  );
  if (args.includes('--failures'))
    for (const f of report.failures)
      console.log(
        `  miss ${f.id} (${f.kind}/${f.language}) [${f.intent} ${f.intentConfidence}${f.noAnswer ? ', no answer' : ''}${f.verdict ? `, ${f.verdict}` : ''}] ${f.question} -> ${f.got.join(', ')}\n       ${f.answer.slice(0, 200)}`,
      );
  const groups = args.includes('--strict')
    ? [...Object.entries(report.perKind), ...Object.entries(report.perLanguage), ['OVERALL', report.overall] as const]
    : [['OVERALL', report.overall] as const];
  const low = groups.filter(([, s]) => s.accuracy < min);
  if (low.length > 0) {
    console.error(`below ${(min * 100).toFixed(0)}%: ${low.map(([k]) => k).join(', ')}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`knowledge eval failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDriver();
}
