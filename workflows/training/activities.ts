// training activities: the I/O behind the training workflows; idempotent, keyed by workflow id + activity.
// Each step writes its result to <PLINTH_HOME>/training/<workflowId>/ and returns it unchanged when it is
// already there; a worker on another host recomputes the deterministic inputs it lacks.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { paths } from '../../lib/config.js';
import { registerModelVersionFromFile } from '../../domain/models/register.js';
import { sha256File } from '../../domain/models/artifacts.js';
import type { ActivityDeps } from '../activities.js';
import { TrainingFileError, trainingTable, type TrainingTable } from '../../domain/datasets/training-file.js';
import { loadTable } from './data.js';
import { compute } from '../compute/pool.js';
import { onnxFeeds } from './columns.js';
import {
  argmax,
  classificationMetrics,
  coefficients,
  featureImportances,
  regressionMetrics,
  residualSamples,
  rocCurve,
  splitIndices,
  type Dataset,
  type TrainedModel,
} from './ml.js';
import { actorOf, completeTrainingRun, ensureTrainingRun } from '../../domain/training/run-store.js';
import { writeStepLog } from '../../domain/runs/log-store.js';
import { loadLogEntries, numbersOf, runError, type NewLogEntry, type RunError } from '../../domain/runs/shared.js';
import { measuresOf } from '../../domain/evaluation/shared.js';
import { IntegrityError } from '../../domain/integrity.js';
import { Label } from '../../lib/graph/ontology.js';
import {
  ONNX_TOLERANCE,
  TEST_HOLD_IN_TRAIN_MS,
  onnxDeviation,
  type DataProfile,
  type ExportResult,
  type Metrics,
  type RegisteredModel,
  type SplitSummary,
  type TrainingInput,
  type VerifyResult,
} from '../../domain/training/shared.js';
import { algorithmTaskProblem, hyperparameterProblem } from '../../domain/training/hyperparameters.js';

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw ApplicationFailure.nonRetryable('training activities run inside a workflow', 'NoWorkflow');
  return wf;
}
export const trainingWorkdir = (workflowId: string): string =>
  join(paths.home, 'training', encodeURIComponent(workflowId));
const fail = (message: string) => ApplicationFailure.nonRetryable(message, 'TrainingInputError');
/** Bytes that are not what Plinth recorded (TAMPERED, MISSING, external): the run's error code DATA_INTEGRITY. */
const integrityFail = (message: string) => ApplicationFailure.nonRetryable(message, 'DataIntegrityError');

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** Returns the step's stored result, or computes, stores (write then rename) and returns it. */
async function step<T>(name: string, compute: () => Promise<T>): Promise<T> {
  const dir = trainingWorkdir(execution().workflowId);
  const file = join(dir, `${name}.json`);
  if (await exists(file)) return JSON.parse(await readFile(file, 'utf8')) as T;
  const value = await compute();
  await mkdir(dir, { recursive: true });
  await writeFile(`${file}.partial`, JSON.stringify(value));
  await rename(`${file}.partial`, file);
  return value;
}

export function createTrainingActivities({ driver }: ActivityDeps) {
  const loadData = (input: TrainingInput) =>
    step('data', async (): Promise<{ profile: DataProfile; data: Dataset }> => {
      let table: TrainingTable;
      try {
        // By digest from the store, verified: changed or vanished bytes stop the run here, by name.
        table = await trainingTable(driver, input.datasetVersionId, `training workflow ${execution().workflowId}`);
      } catch (error) {
        if (!(error instanceof TrainingFileError)) throw error;
        throw error.cause instanceof IntegrityError ? integrityFail(error.message) : fail(error.message);
      }
      try {
        // Imputation values and categories come from the training rows only (the split is seeded by row count).
        return await loadTable(table, input.targetColumn, input.task, {
          trainRows: (rows) => splitIndices(rows, input.split.test, input.seed).train,
        });
      } catch (error) {
        throw fail((error as Error).message);
      }
    });
  const splitOf = (input: TrainingInput) =>
    step('split', async () => splitIndices((await loadData(input)).data.y.length, input.split.test, input.seed));
  const modelOf = (input: TrainingInput) =>
    step('model', async (): Promise<TrainedModel> => {
      const { data } = await loadData(input);
      try {
        return await compute.train(
          data,
          (await splitOf(input)).train,
          input.algorithm,
          input.task,
          input.hyperparameters,
          input.seed,
        );
      } catch (error) {
        throw fail((error as Error).message);
      }
    });
  const testSet = async (input: TrainingInput) => {
    const { data } = await loadData(input);
    const { test } = await splitOf(input);
    return { X: test.map((i) => data.X[i]!), y: test.map((i) => data.y[i]!), data, rows: test };
  };
  const onnxPath = () => join(trainingWorkdir(execution().workflowId), 'model.onnx');
  /** The run log's entries of one step (replacing a previous attempt's): the run is this workflow's. */
  const log = (step: string, entries: NewLogEntry[]) =>
    writeStepLog(driver, { label: Label.TrainingRun, workflowId: execution().workflowId }, step, entries);
  const info = (step: string, message: string, counts: Record<string, unknown> | null = null) =>
    log(step, [{ step, level: 'INFO', message, counts }]);

  return {
    async trainingStart(input: TrainingInput): Promise<{ trainingRunId: string }> {
      const taskProblem = algorithmTaskProblem(input.algorithm, input.task);
      if (taskProblem) throw fail(taskProblem);
      if (!(input.split.test > 0 && input.split.test < 1)) throw fail('split.test must be between 0 and 1');
      // Workflow inputs need not come through startTraining: the same bounds, refused before any training,
      // so a million-tree forest cannot hold the compute thread (test hooks are bounded, 0..60000 ms).
      const problem = hyperparameterProblem(input.algorithm, input.hyperparameters, { testHooks: true, strict: false });
      if (problem) throw fail(problem);
      const { workflowId, runId } = execution();
      try {
        const run = await ensureTrainingRun(driver, input, workflowId, runId);
        await info(
          'start',
          `${input.algorithm} (${input.task}) on dataset version ${input.datasetVersionId}, target "${input.targetColumn}", test fraction ${input.split.test}, seed ${input.seed}`,
          { hyperparameters: input.hyperparameters },
        );
        return { trainingRunId: run.id };
      } catch (error) {
        if ((error as Error).message.startsWith('no model')) throw fail((error as Error).message);
        throw error;
      }
    },
    async trainingLoad(input: TrainingInput): Promise<DataProfile> {
      const { profile } = await loadData(input);
      await log('load', loadLogEntries(profile, input.targetColumn));
      return profile;
    },
    async trainingSplit(input: TrainingInput): Promise<SplitSummary> {
      const split = await splitOf(input);
      if (split.train.length === 0 || split.test.length === 0)
        throw fail('the split leaves no rows for training or testing');
      await info('split', `${split.train.length} training rows, ${split.test.length} test rows (seed ${input.seed})`, {
        train: split.train.length,
        test: split.test.length,
      });
      return { train: split.train.length, test: split.test.length };
    },
    async trainingTrain(input: TrainingInput): Promise<{ features: number; classes: number | null }> {
      const hold = input.hyperparameters[TEST_HOLD_IN_TRAIN_MS];
      if (typeof hold === 'number' && hold > 0 && Context.current().info.attempt === 1) {
        for (const until = Date.now() + hold; Date.now() < until;) {
          Context.current().heartbeat();
          await Context.current().sleep(250);
        }
      }
      const model = await modelOf(input);
      await info('train', `${input.algorithm} trained on ${model.features.length} feature(s)`, {
        features: model.features.length,
        classes: model.classes?.length ?? null,
      });
      return { features: model.features.length, classes: model.classes?.length ?? null };
    },
    async trainingEvaluate(input: TrainingInput): Promise<Metrics> {
      const metrics = await step('metrics', async (): Promise<Metrics> => {
        const model = await modelOf(input);
        const { X, y } = await testSet(input);
        const out = await compute.predict(model, X);
        const predicted = out.map((r) => r[0]!);
        const metrics =
          model.task === 'regression'
            ? regressionMetrics(predicted, y)
            : classificationMetrics(out, y, model.classes!.length);
        // For the portal's charts, bounded whatever the test split's size (≤ 101 points, ≤ 500 samples).
        const curves =
          model.task === 'regression'
            ? { residuals: residualSamples(predicted, y) }
            : model.classes!.length === 2
              ? {
                  rocCurve: rocCurve(
                    out.map((r) => r[1]!),
                    y,
                  ),
                }
              : {};
        const coefficientsByClass = coefficients(model);
        return {
          ...metrics,
          ...curves,
          featureImportances: featureImportances(model),
          ...(coefficientsByClass ? { coefficients: coefficientsByClass } : {}),
          classes: model.classes,
          features: model.features,
          testRows: y.length,
          // What the load used, dropped and imputed (issue #15), until the run log shows it.
          dataReport: (await loadData(input)).profile.report,
        };
      });
      const measures = numbersOf(measuresOf(metrics));
      await info(
        'evaluate',
        `on ${String(metrics.testRows)} test rows: ${Object.entries(measures)
          .map(([k, v]) => `${k} ${v.toFixed(4)}`)
          .join(', ')}`,
        { testRows: metrics.testRows, ...measures },
      );
      return metrics;
    },
    async trainingExport(input: TrainingInput): Promise<ExportResult> {
      const path = onnxPath();
      // The export is deterministic, so a rewrite after a crash yields the same bytes and digest.
      if (!(await exists(path))) {
        await writeFile(`${path}.partial`, await compute.toOnnx(await modelOf(input)));
        await rename(`${path}.partial`, path);
      }
      const file = await sha256File(path);
      await info('export', `ONNX model written: ${file.size} bytes, sha256 ${file.digest}`, { bytes: file.size });
      return { path, ...file };
    },
    async trainingVerify(input: TrainingInput): Promise<VerifyResult> {
      const model = await modelOf(input);
      const { X, data, rows } = await testSet(input);
      // The library scores the encoded rows; the model gets the raw columns and encodes them itself.
      const expected = await compute.predict(model, X);
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(onnxPath(), { executionProviders: ['cpu'] });
      try {
        const out = await session.run(onnxFeeds(ort, model, data, rows));
        const values = (model.task === 'regression' ? out.prediction : out.probabilities)!.data as Float32Array;
        const { maxAbsDiff, maxScaledDiff } = onnxDeviation(expected, values);
        let labelAgreement: number | null = null;
        if (model.task !== 'regression') {
          const labels = out.label!.data as BigInt64Array;
          labelAgreement = expected.filter((row, i) => argmax(row) === Number(labels[i])).length / expected.length;
        }
        if (!(maxScaledDiff <= ONNX_TOLERANCE))
          throw ApplicationFailure.nonRetryable(
            `ONNX differs from ml.js by ${maxAbsDiff} (${maxScaledDiff} of the value's magnitude where above 1; > ${ONNX_TOLERANCE})`,
            'OnnxMismatch',
          );
        await info(
          'verify',
          `ONNX Runtime answers like the library on ${X.length} test rows (max |difference| ${maxAbsDiff})`,
          { rows: X.length, maxAbsDiff, labelAgreement },
        );
        return { maxAbsDiff, labelAgreement, rows: X.length };
      } finally {
        await session.release();
      }
    },
    async trainingRegister(input: TrainingInput, trainingRunId: string, metrics: Metrics): Promise<RegisteredModel> {
      const { workflowId, runId } = execution();
      const registered = await registerModelVersionFromFile(
        driver,
        actorOf(input.requestedBy),
        input.modelId,
        onnxPath(),
        {
          framework: 'ml.js',
          metrics,
          trainedOn: [input.datasetVersionId],
          algorithm: input.algorithm,
          trainingRunId,
          trainingWorkflowId: workflowId,
          workflowId,
          runId,
        },
      );
      await info('register', `registered model version ${registered.version} (${registered.id})`, {
        version: registered.version,
      });
      return {
        modelVersionId: registered.id,
        version: registered.version,
        artifactDigest: registered.artifactDigest,
        created: registered.created ?? true,
      };
    },
    async trainingComplete(
      input: TrainingInput,
      trainingRunId: string,
      outcome: { metrics?: Metrics; modelVersionId?: string; error?: RunError | string },
    ): Promise<void> {
      const { workflowId, runId } = execution();
      // A workflow started before errors had a step and a code sends a bare message.
      const error = typeof outcome.error === 'string' ? runError('unknown', 'INTERNAL', outcome.error) : outcome.error;
      const { metrics, modelVersionId } = outcome;
      await completeTrainingRun(driver, trainingRunId, error === undefined ? 'SUCCEEDED' : 'FAILED', {
        metrics,
        error,
        // The run's own measure of its model: the test split, recorded as the version's first Evaluation.
        evaluation:
          metrics && modelVersionId
            ? {
                modelVersionId,
                datasetVersionId: input.datasetVersionId,
                metrics: measuresOf(metrics),
                rows: Number(metrics.testRows),
                splitSeed: input.seed,
                testFraction: input.split.test,
                targetColumn: input.targetColumn,
              }
            : undefined,
        requestedBy: input.requestedBy,
        workflowId,
        runId,
      });
      // The artifact store holds the model now; the working files were only for retries.
      if (error === undefined) await rm(trainingWorkdir(workflowId), { recursive: true, force: true });
    },
  };
}
