// AutoML activities: a trial trains one configuration on a share of the training rows and scores it on
// validation rows; the final step retrains the best, scores it once on the test rows and registers it.
// Splits are seeded, so every worker (and every retry) sees the same rows.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { paths } from '../../lib/config.js';
import { registerModelVersionFromFile } from '../../domain/models/register.js';
import type { ActivityDeps } from '../activities.js';
import { TrainingFileError, trainingTable, type TrainingTable } from '../../domain/datasets/training-file.js';
import { loadTable } from '../training/data.js';
import { compute } from '../compute/pool.js';
import { onnxFeeds } from '../training/columns.js';
import type { DataReport } from '../../domain/training/shared.js';
import {
  classificationMetrics,
  coefficients,
  featureImportances,
  regressionMetrics,
  splitIndices,
  type Dataset,
  type TrainedModel,
} from '../training/ml.js';
import { actorOf } from '../../domain/training/run-store.js';
import { ONNX_TOLERANCE, onnxDeviation } from '../../domain/training/shared.js';
import { completeStudy, ensureStudy, recordTrial } from '../../domain/automl/study-store.js';
import { FAILURE_TYPES, runError, type NewLogEntry, type RunError } from '../../domain/runs/shared.js';
import { IntegrityError } from '../../domain/integrity.js';
import type { AutoMLInput, Rung, TrialResult, TrialSpec } from '../../domain/automl/shared.js';
import { spaceProblem } from '../../domain/automl/search.js';

const fail = (message: string) => ApplicationFailure.nonRetryable(message, 'AutoMLInputError');

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw ApplicationFailure.nonRetryable('AutoML activities run inside a workflow', 'NoWorkflow');
  return wf;
}

interface Splits {
  train: number[];
  validation: number[];
  test: number[];
}

/** test first (never seen by trials), then validation out of the rest; both seeded. */
export function studySplits(
  rows: number,
  input: Pick<AutoMLInput, 'testFraction' | 'validationFraction' | 'seed'>,
): Splits {
  const outer = splitIndices(rows, input.testFraction, input.seed);
  const inner = splitIndices(outer.train.length, input.validationFraction, input.seed + 1);
  return {
    test: outer.test,
    validation: inner.test.map((i) => outer.train[i]!),
    train: inner.train.map((i) => outer.train[i]!),
  };
}

/** The first `fraction` of one seeded shuffle of the training rows: each rung's rows contain the previous rung's. */
export function rungRows(trainRows: number[], fraction: number, seed: number): number[] {
  if (fraction >= 1) return trainRows;
  const take = Math.max(Math.min(10, trainRows.length), Math.round(trainRows.length * fraction));
  return splitIndices(trainRows.length, take / trainRows.length, seed + 2).test.map((i) => trainRows[i]!);
}

/**
 * The final model's rows: training and validation together. Validation has done its job once the best
 * configuration is chosen; refitting on both (as scikit-learn's search refits on all it was given) gives the
 * model a quarter more data. The test rows stay unseen.
 */
export const refitRows = (splits: Splits): number[] => [...splits.train, ...splits.validation].sort((a, b) => a - b);

async function evaluate(model: TrainedModel, data: Dataset, rows: number[]): Promise<Record<string, unknown>> {
  const out = await compute.predict(
    model,
    rows.map((i) => data.X[i]!),
  );
  const y = rows.map((i) => data.y[i]!);
  return model.task === 'regression'
    ? regressionMetrics(
        out.map((r) => r[0]!),
        y,
      )
    : classificationMetrics(out, y, model.classes!.length);
}

export function createAutoMLActivities({ driver }: ActivityDeps) {
  // One load per dataset version and target per worker process: a version is its digest, and the bytes
  // were verified against it when they were read.
  // Keyed by the split too: imputation values and categories are fitted on the study's training rows.
  const loaded = new Map<string, Promise<Dataset & { report: DataReport }>>();
  const dataOf = (input: AutoMLInput): Promise<Dataset & { report: DataReport }> => {
    const key = [
      input.datasetVersionId,
      input.targetColumn,
      input.task,
      input.testFraction,
      input.validationFraction,
      input.seed,
    ].join('\n');
    let data = loaded.get(key);
    if (!data) {
      data = (async () => {
        let table: TrainingTable;
        try {
          table = await trainingTable(driver, input.datasetVersionId, `automl workflow ${execution().workflowId}`);
        } catch (error) {
          if (!(error instanceof TrainingFileError)) throw error;
          // TAMPERED, MISSING or external bytes: the study's error code DATA_INTEGRITY.
          throw error.cause instanceof IntegrityError
            ? ApplicationFailure.nonRetryable(error.message, 'DataIntegrityError')
            : fail(error.message);
        }
        try {
          const { data, profile } = await loadTable(table, input.targetColumn, input.task, {
            trainRows: (rows) => studySplits(rows, input).train,
          });
          return { ...data, report: profile.report };
        } catch (error) {
          throw fail((error as Error).message);
        }
      })();
      loaded.set(key, data);
      data.catch(() => loaded.delete(key));
    }
    return data;
  };

  return {
    async automlStart(input: AutoMLInput): Promise<{ studyId: string }> {
      const { workflowId, runId } = execution();
      let studyId: string;
      try {
        studyId = (await ensureStudy(driver, input, workflowId, runId)).id;
      } catch (error) {
        if ((error as Error).message.startsWith('no model')) throw fail((error as Error).message);
        throw error;
      }
      try {
        // Inputs need not come through startAutoML: a space that may draw a million-tree trial is refused
        // here too, before any trial holds the compute thread (domain/training/hyperparameters.ts).
        const problem = spaceProblem(input.space);
        if (problem) throw fail(problem);
        const data = await dataOf(input);
        const splits = studySplits(data.y.length, input);
        if (splits.train.length === 0 || splits.validation.length === 0 || splits.test.length === 0)
          throw fail('the splits leave no rows for training, validation or testing');
      } catch (error) {
        // The workflow has no study id to fail yet: a study whose data cannot be read (external, tampered,
        // missing, unusable) is FAILED here with the reason, so autoMLStudy(id) says why instead of RUNNING.
        if (error instanceof ApplicationFailure && error.nonRetryable)
          await completeStudy(
            driver,
            input,
            studyId,
            { error: runError('load', (error.type && FAILURE_TYPES[error.type]) || 'INTERNAL', error.message) },
            { workflowId, runId },
          );
        throw error;
      }
      return { studyId };
    },

    async automlTrial(input: AutoMLInput, studyId: string, spec: TrialSpec, rung: Rung): Promise<TrialResult> {
      const data = await dataOf(input);
      const splits = studySplits(data.y.length, input);
      let metrics: Record<string, unknown> = {};
      let error: string | null = null;
      let step = 'train';
      const rows = rungRows(splits.train, rung.fraction, input.seed);
      try {
        const model = await compute.train(data, rows, spec.algorithm, input.task, spec.hyperparameters);
        step = 'validate';
        metrics = await evaluate(model, data, splits.validation);
      } catch (e) {
        // A configuration the library rejects is a failed trial, not a failed study.
        error = (e as Error).message;
      }
      const value = metrics[input.metric];
      const score = typeof value === 'number' && Number.isFinite(value) ? value : null;
      if (error === null && score === null) {
        step = 'validate';
        error = `metric ${input.metric} is not defined for this trial`;
      }
      // A failed trial says where and why; the study goes on with the other configurations.
      const trialError: RunError | null =
        error === null
          ? null
          : {
              step,
              code: 'BAD_INPUT',
              message: `${error.replace(/[.\s]+$/, '')}. This configuration is left out and the study goes on with the others; narrow the search space to avoid it.`,
            };
      const log: NewLogEntry[] = [
        {
          step: 'train',
          level: 'INFO',
          message: `rung ${rung.index}: ${spec.algorithm} on ${rows.length} training rows (${Math.round(rung.fraction * 100)}%)`,
          counts: { rung: rung.index, rows: rows.length, hyperparameters: spec.hyperparameters },
        },
        trialError
          ? { step, level: 'ERROR', message: `${trialError.code}: ${trialError.message}`, counts: { rung: rung.index } }
          : {
              step: 'validate',
              level: 'INFO',
              message: `rung ${rung.index}: ${input.metric} ${score} on ${splits.validation.length} validation rows`,
              counts: { rung: rung.index, rows: splits.validation.length, [input.metric]: score },
            },
      ];
      const trainingRunId = await recordTrial(driver, input, studyId, spec, {
        rung: rung.index,
        fraction: rung.fraction,
        metrics,
        score,
        error: trialError,
        log,
      });
      return { ...spec, trainingRunId, rung: rung.index, fraction: rung.fraction, score, error };
    },

    async automlFinalize(
      input: AutoMLInput,
      studyId: string,
      best: TrialResult,
    ): Promise<{ testMetrics: Record<string, unknown>; modelVersionId: string; version: number }> {
      const { workflowId, runId } = execution();
      const data = await dataOf(input);
      const splits = studySplits(data.y.length, input);
      const model = await compute.train(data, refitRows(splits), best.algorithm, input.task, best.hyperparameters);
      const testMetrics = await evaluate(model, data, splits.test);
      const dir = join(paths.home, 'automl', encodeURIComponent(workflowId));
      const path = join(dir, 'model.onnx');
      await mkdir(dir, { recursive: true });
      await writeFile(`${path}.partial`, await compute.toOnnx(model));
      await rename(`${path}.partial`, path);
      // The artifact must answer as the library does before it is registered.
      const X = splits.test.map((i) => data.X[i]!);
      // The library scores the encoded rows; the model gets the raw columns and encodes them itself.
      const expected = await compute.predict(model, X);
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'] });
      let deviation: ReturnType<typeof onnxDeviation>;
      try {
        const out = await session.run(onnxFeeds(ort, model, data, splits.test));
        const values = (model.task === 'regression' ? out.prediction : out.probabilities)!.data as Float32Array;
        deviation = onnxDeviation(expected, values);
      } finally {
        await session.release();
      }
      const { maxAbsDiff, maxScaledDiff } = deviation;
      if (!(maxScaledDiff <= ONNX_TOLERANCE))
        throw ApplicationFailure.nonRetryable(
          `ONNX differs from ml.js by ${maxAbsDiff} (${maxScaledDiff} of the value's magnitude where above 1; > ${ONNX_TOLERANCE})`,
          'OnnxMismatch',
        );
      const coefficientsByClass = coefficients(model);
      const metrics = {
        ...testMetrics,
        validation: { [input.metric]: best.score },
        onnxMaxAbsDiff: maxAbsDiff,
        automlStudyId: studyId,
        // Class labels in the model's output order, as a training run's metrics carry them (evaluateModelVersion reads them).
        classes: model.classes,
        features: model.features,
        // What the load used, dropped and imputed (issue #15), as a training run's metrics carry it.
        dataReport: data.report,
        // Named per feature, as a training run's metrics carry them (coefficients: logistic regression only).
        featureImportances: featureImportances(model),
        ...(coefficientsByClass ? { coefficients: coefficientsByClass } : {}),
      };
      const registered = await registerModelVersionFromFile(driver, actorOf(input.requestedBy), input.modelId, path, {
        framework: 'ml.js',
        metrics,
        trainedOn: [input.datasetVersionId],
        algorithm: best.algorithm,
        trainingRunId: best.trainingRunId,
        trainingWorkflowId: workflowId,
        workflowId,
        runId,
      });
      await completeStudy(
        driver,
        input,
        studyId,
        {
          bestTrainingRunId: best.trainingRunId,
          modelVersionId: registered.id,
          testMetrics,
          evaluation: {
            trainingRunId: best.trainingRunId,
            modelVersionId: registered.id,
            datasetVersionId: input.datasetVersionId,
            metrics: testMetrics,
            rows: splits.test.length,
            splitSeed: input.seed,
            testFraction: input.testFraction,
            targetColumn: input.targetColumn,
          },
        },
        { workflowId, runId },
      );
      await rm(dir, { recursive: true, force: true });
      return { testMetrics, modelVersionId: registered.id, version: registered.version };
    },

    async automlFail(input: AutoMLInput, studyId: string, error: RunError | string): Promise<void> {
      // A workflow started before errors had a step and a code sends a bare message.
      const failure = typeof error === 'string' ? runError('unknown', 'INTERNAL', error) : error;
      await completeStudy(driver, input, studyId, { error: failure }, execution());
    },
  };
}
