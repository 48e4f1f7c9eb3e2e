// Evaluation activities: a registered model version scored on a dataset version it was not trained on.
// The ONNX bytes and the table are both read verified (by digest); the model gets the table's columns by
// the names its signature gives (one input per column, or the positional `x` of older versions, in the
// order its metrics recorded), and the metrics are the training run's, computed on the model's answers.
import { Context } from '@temporalio/activity';
import type { Driver } from 'neo4j-driver';
import type { ActivityDeps } from '../activities.js';
import { readModelArtifact } from '../../domain/models/artifact-integrity.js';
import { signatureOf, type TensorSpec } from '../../domain/models/signature.js';
import { TrainingFileError, trainingTable } from '../../domain/datasets/training-file.js';
import { readerSql } from '../../domain/datasets/formats.js';
import { sqlIdent, withDuck } from '../../domain/datasets/duck.js';
import { IntegrityError } from '../../domain/integrity.js';
import { READ } from '../../lib/graph/asset-store.js';
import { Label } from '../../lib/graph/ontology.js';
import { actorOf } from '../../domain/training/run-store.js';
import { writeStepLog } from '../../domain/runs/log-store.js';
import { numbersOf, stepFailure, type NewLogEntry, type RunError } from '../../domain/runs/shared.js';
import { completeEvaluation, setEvaluationRun } from '../../domain/evaluation/store.js';
import type { EvaluationInput } from '../../domain/evaluation/shared.js';
import { classificationMetrics, regressionMetrics } from '../training/ml.js';

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw stepFailure('start', 'EvaluationInputError', 'evaluation activities run inside a workflow');
  return wf;
}

type Cell = number | string | null;

/** What the version recorded at training: its feature order (positional models) and class labels. */
async function versionFacts(
  driver: Driver,
  versionId: string,
): Promise<{ features: string[] | null; classes: string[] | null }> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.ModelVersion} {id: $versionId}) RETURN v.metrics AS metrics`,
    { versionId },
    READ,
  );
  let metrics: Record<string, unknown> = {};
  try {
    metrics = JSON.parse((records[0]?.get('metrics') as string | null) ?? '{}') as Record<string, unknown>;
  } catch {
    // Metrics that are not JSON record nothing usable here.
  }
  const strings = (v: unknown): string[] | null =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  return { features: strings(metrics.features), classes: strings(metrics.classes) };
}

/** The model's input columns: one per named [N, 1] input, or the recorded features of a positional `x`. */
function inputColumns(
  inputs: TensorSpec[],
  features: string[] | null,
): { mode: 'named' | 'positional'; columns: { name: string; dtype: string }[] } {
  const positional = inputs.length === 1 && inputs[0]!.name === 'x' && inputs[0]!.shape.length === 2;
  if (positional && !(features && features.length === inputs[0]!.shape[1]))
    throw stepFailure(
      'load',
      'EvaluationInputError',
      'the model version takes a positional input x but does not record its feature columns, so the table cannot be matched to it',
    );
  if (positional) return { mode: 'positional', columns: features!.map((name) => ({ name, dtype: 'float32' })) };
  return { mode: 'named', columns: inputs.map((i) => ({ name: i.name, dtype: i.dtype })) };
}

export function createEvaluationActivities({ driver }: ActivityDeps) {
  const log = (input: EvaluationInput, step: string, entries: NewLogEntry[]) =>
    writeStepLog(driver, { label: Label.Evaluation, id: input.evaluationId }, step, entries);

  return {
    async evaluationStart(input: EvaluationInput): Promise<void> {
      await setEvaluationRun(driver, input.evaluationId, execution().runId);
      await log(input, 'start', [
        {
          step: 'start',
          level: 'INFO',
          message: `model version ${input.modelVersionId} on dataset version ${input.datasetVersionId}, target "${input.targetColumn}"`,
          counts: null,
        },
      ]);
    },

    async evaluationScore(input: EvaluationInput): Promise<{ metrics: Record<string, unknown>; rows: number }> {
      const reader = `evaluation workflow ${execution().workflowId}`;
      // Both sets of bytes by digest: changed or vanished ones stop the evaluation here, by name.
      let modelPath: string;
      let table;
      try {
        modelPath = (await readModelArtifact(driver, input.modelVersionId, reader)).path;
        table = await trainingTable(driver, input.datasetVersionId, reader);
      } catch (error) {
        if (error instanceof IntegrityError) throw stepFailure('load', 'DataIntegrityError', error.message);
        if (error instanceof TrainingFileError)
          throw error.cause instanceof IntegrityError
            ? stepFailure('load', 'DataIntegrityError', error.message)
            : stepFailure('load', 'EvaluationInputError', error.message);
        throw error;
      }
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
      try {
        const signature = signatureOf(session);
        const facts = await versionFacts(driver, input.modelVersionId);
        const { mode, columns } = inputColumns(signature.inputs, facts.features);
        const outputs = new Set(signature.outputs.map((o) => o.name));
        const classification = outputs.has('probabilities');
        if (!classification && !outputs.has('prediction'))
          throw stepFailure(
            'load',
            'EvaluationInputError',
            `the model version's outputs (${[...outputs].join(', ')}) are neither probabilities nor prediction: only models Plinth trained can be evaluated here`,
          );
        if (classification && !facts.classes)
          throw stepFailure(
            'load',
            'EvaluationInputError',
            'the model version does not record its class labels, so its answers cannot be compared with the target column',
          );
        const have = new Set(table.columns.map((c) => c.name));
        const missing = [input.targetColumn, ...columns.map((c) => c.name)].filter((c) => !have.has(c));
        if (missing.length > 0)
          throw stepFailure(
            'load',
            'EvaluationInputError',
            `dataset version ${input.datasetVersionId} has no column ${missing.map((c) => `"${c}"`).join(', ')} (it has ${table.columns.map((c) => c.name).join(', ')})`,
          );

        // The table's rows: the model's columns as it takes them, and the target.
        const source = readerSql(table.path, table.format, table.columns);
        const cast = (name: string, dtype: string) =>
          `CAST(${sqlIdent(name)} AS ${dtype === 'string' ? 'VARCHAR' : 'DOUBLE'})`;
        const rows = await withDuck(async (connection) => {
          const reader = await connection.runAndReadAll(
            `SELECT ${[...columns.map((c) => cast(c.name, c.dtype)), cast(input.targetColumn, classification ? 'string' : 'float32')].join(', ')} FROM ${source}`,
          );
          return reader
            .getRows()
            .map((r) => r.map((v) => (v === null ? null : typeof v === 'string' ? v : Number(v))) as Cell[]);
        });
        const total = rows.length;
        const entries: NewLogEntry[] = [];
        const warn = (message: string, counts: Record<string, unknown>) =>
          entries.push({ step: 'load', level: 'WARN', message, counts });
        const target = columns.length;
        let kept = rows.filter((r) => r[target] !== null);
        if (kept.length < total)
          warn(`${total - kept.length} row(s) dropped: no value in the target column "${input.targetColumn}"`, {
            droppedRows: total - kept.length,
          });
        if (mode === 'positional') {
          // A positional model has no imputer: a row with a missing feature cannot be scored.
          const before = kept.length;
          kept = kept.filter((r) => r.slice(0, target).every((v) => v !== null && !Number.isNaN(v)));
          if (kept.length < before)
            warn(`${before - kept.length} row(s) dropped: a missing value in a feature column`, {
              droppedRows: before - kept.length,
            });
        }
        let y: number[] = [];
        if (classification) {
          const index = new Map(facts.classes!.map((c, i) => [c, i]));
          const before = kept.length;
          kept = kept.filter((r) => index.has(String(r[target])));
          if (kept.length < before)
            warn(
              `${before - kept.length} row(s) dropped: a label the model does not know (it knows ${facts.classes!.join(', ')})`,
              { droppedRows: before - kept.length },
            );
          y = kept.map((r) => index.get(String(r[target]))!);
        } else y = kept.map((r) => Number(r[target]));
        if (kept.length === 0)
          throw stepFailure(
            'load',
            'EvaluationInputError',
            `no row of dataset version ${input.datasetVersionId} can be scored`,
          );
        await log(input, 'load', [
          {
            step: 'load',
            level: 'INFO',
            message: `read ${total} rows; ${kept.length} scored with ${columns.length} input column(s)`,
            counts: { rows: total, usedRows: kept.length, columns: columns.length },
          },
          ...entries,
        ]);

        const n = kept.length;
        const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
        if (mode === 'positional')
          feeds.x = new ort.Tensor('float32', Float32Array.from(kept.flatMap((r) => r.slice(0, target) as number[])), [
            n,
            target,
          ]);
        else
          columns.forEach((c, j) => {
            feeds[c.name] =
              c.dtype === 'string'
                ? new ort.Tensor(
                    'string',
                    kept.map((r) => (r[j] === null ? '' : String(r[j]))),
                    [n, 1],
                  )
                : new ort.Tensor(
                    'float32',
                    Float32Array.from(kept.map((r) => (r[j] === null ? Number.NaN : Number(r[j])))),
                    [n, 1],
                  );
          });
        let out;
        try {
          out = await session.run(feeds);
        } catch (error) {
          throw stepFailure(
            'score',
            'EvaluationInputError',
            `ONNX Runtime refused the table's columns: ${(error as Error).message}`,
          );
        }
        let metrics: Record<string, unknown>;
        if (classification) {
          const width = facts.classes!.length;
          const proba = out.probabilities!.data as Float32Array;
          const rowsOf = Array.from({ length: n }, (_, i) => Array.from(proba.subarray(i * width, (i + 1) * width)));
          metrics = classificationMetrics(rowsOf, y, width);
        } else metrics = regressionMetrics(Array.from(out.prediction!.data as Float32Array), y);
        const measures = numbersOf(metrics);
        await log(input, 'score', [
          {
            step: 'score',
            level: 'INFO',
            message: `on ${n} rows: ${Object.entries(measures)
              .map(([k, v]) => `${k} ${v.toFixed(4)}`)
              .join(', ')}`,
            counts: { rows: n, ...measures },
          },
        ]);
        return { metrics, rows: n };
      } finally {
        await session.release();
      }
    },

    async evaluationComplete(
      input: EvaluationInput,
      outcome: { metrics: Record<string, unknown>; rows: number } | { error: RunError },
    ): Promise<void> {
      const { workflowId, runId } = execution();
      await completeEvaluation(driver, actorOf(input.requestedBy), input.evaluationId, outcome, { workflowId, runId });
    },
  };
}
