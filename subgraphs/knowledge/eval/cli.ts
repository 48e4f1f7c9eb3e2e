// `npm run knowledge:eval`: imports the demo knowledge base (idempotent), asks every question in
// test/knowledge/questions.json, prints accuracy per kind and overall, and exits 1 when any kind or the
// overall score is below 95% (`--min 0.9` changes the bar; `--failures` lists what was missed).
import { closeDriver, getDriver } from '../../../lib/graph/driver.js';
import { migrate } from '../../../graph-schema/migrate.js';
import { importKnowledgeBase } from '../kb/import.js';
import { evaluate, formatReport, loadQuestions } from './run.js';

const args = process.argv.slice(2);
const minAt = args.indexOf('--min');
const min = minAt >= 0 ? Number(args[minAt + 1]) : 0.95;
const driver = getDriver();
try {
  await migrate(driver);
  await importKnowledgeBase(driver);
  const questions = loadQuestions();
  const report = await evaluate(driver, questions);
  console.log(`${questions.length} questions\n${formatReport(report)}`);
  if (args.includes('--failures'))
    for (const f of report.failures)
      console.log(
        `  miss ${f.id} [${f.intent}${f.noAnswer ? ', no answer' : ''}] ${f.question} -> ${f.got.join(', ')}`,
      );
  const low = [...Object.entries(report.perKind), ['OVERALL', report.overall] as const].filter(
    ([, s]) => s.accuracy < min,
  );
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
