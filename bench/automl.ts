// bench:automl — Plinth's AutoML search against scikit-learn's RandomizedSearchCV with the same trial budget,
// on the same rows, scored the same way, on three binary tables: the seeded 2,000-row credit table (its ID
// column left out), scikit-learn's bundled breast-cancer table (exported to CSV by the venv), and a table
// generated here (interactions and thresholds, half the columns noise).
//
// Same data: each table is loaded by the training loader (loadTable: categoricals encoded, missing values
// imputed from the training rows) and scikit-learn gets that exact float32 matrix. Same split: the AutoML
// workflow's studySplits (test 20%, validation 25% of the rest). Same budget: `trials` configurations each;
// both score them by ROC AUC on the validation rows, refit the best on train + validation and report ROC AUC
// on the test rows once. Plinth's trials are the workflow's: runSearch (domain/automl/search.ts) with the
// trial the automlTrial activity runs (train on the rung's rows, score on validation), and the refit of
// automlFinalize (refitRows).
//
// Python and scikit-learn come from PyPI into a venv under ~/.cache/plinth/bench-venv (created on first run).
// Writes bench/results/automl.json. Usage: npm run bench:automl [-- --trials 20 --seeds 7,8,9 --only credit]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withDuck } from '../domain/datasets/duck.js';
import { checkTable } from '../domain/datasets/inspect.js';
import { seededRandom } from '../domain/random.js';
import { defaultSpace, runSearch } from '../domain/automl/search.js';
import type { AutoMLInput, Rung, TrialResult, TrialSpec } from '../domain/automl/shared.js';
import { loadTable } from '../workflows/training/data.js';
import { classificationMetrics, predict, train, type Dataset } from '../workflows/training/ml.js';
import { refitRows, rungRows, studySplits } from '../workflows/automl/activities.js';
import { creditTable } from '../scripts/seed/content.js';

const { values: args } = parseArgs({
  options: {
    trials: { type: 'string', default: '20' },
    seeds: { type: 'string', default: '7,8,9' },
    strategy: { type: 'string', default: 'random' },
    only: { type: 'string' },
  },
});
const trials = Number(args.trials);
// Each seed is one split (and one draw of both searches); one split's 400 test rows move AUC by a point or
// two on their own, so the gap is judged on the mean over a few fixed splits, each shown.
const seeds = args.seeds.split(',').map(Number);
const strategy = args.strategy === 'successive-halving' ? 'successive-halving' : 'random';

const here = fileURLToPath(new URL('.', import.meta.url));
const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'plinth');
const venv = join(cache, 'bench-venv');
const python = join(venv, 'bin', 'python');
const log = (message: string) => console.log(`[bench:automl ${new Date().toISOString().slice(11, 19)}] ${message}`);

function ensureVenv(): void {
  const ready = () => {
    try {
      execFileSync(python, ['-c', 'import sklearn, scipy'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (existsSync(python) && ready()) return;
  log(`creating ${venv} and installing scikit-learn from PyPI (once)`);
  mkdirSync(cache, { recursive: true });
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', 'scikit-learn'], { stdio: 'inherit' });
  if (!ready()) throw new Error(`scikit-learn is not importable from ${python}`);
}

/** 3,000 rows, 10 columns: y from interactions, thresholds and a ratio of 5 of them, label noise 10%. */
function generatedCsv(): string {
  const rand = seededRandom(20261207);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const lines = [[...Array.from({ length: 10 }, (_, j) => `x${j}`), 'y'].join(',')];
  for (let i = 0; i < 3000; i++) {
    const x = Array.from({ length: 10 }, () => gauss());
    const z = 1.2 * x[0]! * x[1]! + (x[2]! > 0.5 ? 1.5 : -0.5) + Math.sin(2 * x[3]!) - 0.8 * Math.abs(x[4]!);
    const y = z + 0.5 * gauss() > 0 !== rand() < 0.1 ? 1 : 0;
    lines.push([...x.map((v) => v.toFixed(4)), y].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The credit table as the seed uploads it, less its ID column (unique per row, no signal). */
function creditCsv(): string {
  const lines = creditTable({ rows: 2000, withScore: false }).trimEnd().split('\n');
  return `${lines.map((l) => l.split(',').slice(1).join(',')).join('\n')}\n`;
}

interface Table {
  name: string;
  target: string;
  csv: (dir: string) => string;
}

const TABLES: Table[] = [
  { name: 'credit', target: 'default', csv: () => creditCsv() },
  {
    name: 'breast-cancer',
    target: 'target',
    csv: (dir) => {
      const path = join(dir, 'breast-cancer.csv');
      execFileSync(python, [join(here, 'automl_sklearn.py'), 'export-breast-cancer', path]);
      return readFileSync(path, 'utf8');
    },
  },
  { name: 'generated', target: 'y', csv: () => generatedCsv() },
];

async function plinthSearch(data: Dataset, input: AutoMLInput) {
  const splits = studySplits(data.y.length, input);
  const started = Date.now();
  let done = 0;
  // The automlTrial activity's work, in process: train on the rung's rows, score on the validation rows.
  const trial = async (spec: TrialSpec, rung: Rung): Promise<TrialResult> => {
    const model = train(
      data,
      rungRows(splits.train, rung.fraction, input.seed),
      spec.algorithm,
      input.task,
      spec.hyperparameters,
    );
    const metrics = classificationMetrics(
      predict(
        model,
        splits.validation.map((i) => data.X[i]!),
      ),
      splits.validation.map((i) => data.y[i]!),
      2,
    );
    const score = metrics[input.metric] as number;
    log(
      `  trial ${++done} ${spec.algorithm} ${JSON.stringify(spec.hyperparameters)} → validation AUC ${score.toFixed(4)}`,
    );
    return { ...spec, trainingRunId: '', rung: rung.index, fraction: rung.fraction, score, error: null };
  };
  const { ranked } = await runSearch(input, trial);
  const best = ranked[0]!;
  const model = train(data, refitRows(splits), best.algorithm, input.task, best.hyperparameters);
  const test = classificationMetrics(
    predict(
      model,
      splits.test.map((i) => data.X[i]!),
    ),
    splits.test.map((i) => data.y[i]!),
    2,
  );
  return {
    testAuc: test.rocAuc as number,
    validationAuc: best.score!,
    best: { algorithm: best.algorithm, hyperparameters: best.hyperparameters },
    seconds: (Date.now() - started) / 1000,
    splits,
  };
}

interface SklearnResult {
  testAuc: number;
  validationAuc: number;
  best: unknown;
  seconds: number;
}

/** One split (seed) of one table: both searches, the gap. */
async function compare(table: Table, path: string, columns: unknown, dir: string, seed: number) {
  const input = {
    task: 'binary',
    space: defaultSpace('binary'),
    trials,
    concurrency: 1,
    metric: 'rocAuc',
    strategy,
    seed,
    testFraction: 0.2,
    validationFraction: 0.25,
  } as AutoMLInput;
  // As the AutoML activity loads it: imputation and categories fitted on the study's training rows.
  const { data } = await loadTable({ path, format: 'CSV', columns: columns as never }, table.target, 'binary', {
    trainRows: (rows: number) => studySplits(rows, input).train,
  });
  const what = `${table.name} seed ${seed}`;
  log(`${what}: ${data.y.length} rows, ${data.features.length} features; Plinth AutoML, ${trials} trials`);
  const plinth = await plinthSearch(data, input);
  log(
    `${what}: Plinth test AUC ${plinth.testAuc.toFixed(4)} (${plinth.best.algorithm}, ${plinth.seconds.toFixed(1)} s)`,
  );
  const spec = join(dir, `${table.name}-${seed}.json`);
  const out = join(dir, `${table.name}-${seed}.out.json`);
  writeFileSync(spec, JSON.stringify({ X: data.X, y: data.y, ...plinth.splits, trials, seed }));
  log(`${what}: scikit-learn RandomizedSearchCV, ${trials} trials`);
  execFileSync(python, [join(here, 'automl_sklearn.py'), 'search', spec, out], { stdio: 'inherit' });
  const sklearn = JSON.parse(readFileSync(out, 'utf8')) as SklearnResult;
  const gapPoints = (sklearn.testAuc - plinth.testAuc) * 100;
  log(
    `${what}: scikit-learn test AUC ${sklearn.testAuc.toFixed(4)} (${JSON.stringify(sklearn.best)}, ${sklearn.seconds.toFixed(1)} s); gap ${gapPoints.toFixed(2)} points`,
  );
  return {
    rows: data.y.length,
    features: data.features.length,
    result: {
      seed,
      split: {
        train: plinth.splits.train.length,
        validation: plinth.splits.validation.length,
        test: plinth.splits.test.length,
      },
      plinth: {
        testAuc: plinth.testAuc,
        validationAuc: plinth.validationAuc,
        best: plinth.best,
        seconds: plinth.seconds,
      },
      sklearn,
      gapPoints,
    },
  };
}

async function main(): Promise<void> {
  ensureVenv();
  const dir = mkdtempSync(join(tmpdir(), 'plinth-bench-automl-'));
  const loadBefore = loadavg()[0]!;
  const results: { table: string; meanGapPoints: number; withinOnePoint: boolean }[] = [];
  try {
    for (const table of TABLES.filter((t) => !args.only || args.only.split(',').includes(t.name))) {
      const path = join(dir, `${table.name}.csv`);
      writeFileSync(path, table.csv(dir));
      const columns = (await withDuck((db) => checkTable(db, path, 'CSV'))).schema.columns;
      const runs = [];
      for (const seed of seeds) runs.push(await compare(table, path, columns, dir, seed));
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const meanGapPoints = mean(runs.map((r) => r.result.gapPoints));
      log(`${table.name}: mean gap over seeds ${seeds.join(', ')}: ${meanGapPoints.toFixed(2)} points`);
      results.push({
        table: table.name,
        rows: runs[0]!.rows,
        features: runs[0]!.features,
        meanPlinthTestAuc: mean(runs.map((r) => r.result.plinth.testAuc)),
        meanSklearnTestAuc: mean(runs.map((r) => r.result.sklearn.testAuc)),
        meanGapPoints,
        withinOnePoint: meanGapPoints <= 1,
        splits: runs.map((r) => r.result),
      } as (typeof results)[number]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const report = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
      loadAverage1m: { before: loadBefore, after: loadavg()[0] },
    },
    budget: {
      trialsPerSearch: trials,
      strategy,
      seeds,
      testFraction: 0.2,
      validationFraction: 0.25,
      metric: 'ROC AUC',
      sklearnJobs: 1,
    },
    gap: 'scikit-learn test AUC − Plinth test AUC in points (1 point = 0.01 AUC), per split and its mean over the seeds (each seed: one split, the same for both); goal: mean ≤ 1 on every table',
    tables: results,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'automl.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(
    `wrote bench/results/automl.json: ${results.map((r) => `${r.table} mean gap ${r.meanGapPoints.toFixed(2)}`).join(', ')}`,
  );
  if (results.some((r) => !r.withinOnePoint)) process.exitCode = 1;
}

await main();
