// AutoML studies (workflows/automl): visible when owned by the caller's org or one below it, like their trials.
import { int as neo4jInt, type Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { TRAINING_RUN, toRun, type TrainingRunRecord } from '../../../domain/models/records.js';
import type { RunError, RunErrorCode } from '../../../domain/runs/shared.js';
import { READ } from '../../../domain/models/tx.js';

export interface AutoMLStudyRecord {
  id: string;
  status: string;
  workflowId: string;
  runId: string | null;
  metric: string;
  strategy: string;
  trials: number;
  settings: unknown;
  bestTrainingRunId: string | null;
  modelVersionId: string | null;
  testMetrics: unknown;
  /** Why a FAILED study failed: the step (load, search, finalize), a code and what to do. */
  error: RunError | null;
  startedAt: string | null;
  endedAt: string | null;
}

const parse = (text: unknown): unknown =>
  typeof text === 'string' && text !== '' ? (JSON.parse(text) as unknown) : null;

export class AutoMLStore {
  constructor(private readonly driver: Driver) {}

  async byId(viewer: Identity, id: string): Promise<AutoMLStudyRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (s:${Label.AutoMLStudy} {id: $id}) WHERE s.ownerOrgId IN $visibleOrgs
       RETURN s { .id, .status, .workflowId, .runId, .metric, .strategy, .trials, .settings, .bestTrainingRunId, .modelVersionId,
                  .testMetrics, .error, .errorStep, .errorCode, startedAt: toString(s.startedAt), endedAt: toString(s.endedAt) } AS study`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    const raw = records[0]?.get('study') as Record<string, unknown> | undefined;
    if (!raw) return null;
    return {
      ...(raw as unknown as AutoMLStudyRecord),
      trials: Number(raw.trials),
      settings: parse(raw.settings),
      testMetrics: parse(raw.testMetrics),
      error:
        typeof raw.error === 'string'
          ? {
              step: (raw.errorStep as string | null) ?? 'unknown',
              code: ((raw.errorCode as string | null) ?? 'INTERNAL') as RunErrorCode,
              message: raw.error,
            }
          : null,
    };
  }

  /** Studies on a dataset version the caller sees, newest first, visible as byId decides. */
  async studiesUsing(viewer: Identity, datasetVersionId: string, first: number): Promise<AutoMLStudyRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (s:${Label.AutoMLStudy} {datasetVersionId: $datasetVersionId}) WHERE s.ownerOrgId IN $visibleOrgs
       RETURN s.id AS id ORDER BY s.startedAt DESC, s.id LIMIT $first`,
      { datasetVersionId, first: neo4jInt(first), ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    const studies = await Promise.all(records.map((r) => this.byId(viewer, r.get('id') as string)));
    return studies.filter((s): s is AutoMLStudyRecord => s !== null);
  }

  /** The study's trials in trial order. */
  async trials(
    studyId: string,
  ): Promise<(TrainingRunRecord & { trialIndex: number; rung: number; validationScore: number | null })[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (r:${Label.TrainingRun})-[:${Rel.PART_OF_STUDY}]->(:${Label.AutoMLStudy} {id: $studyId})
       RETURN ${TRAINING_RUN} AS run, r.trialIndex AS trialIndex, r.rung AS rung, r.validationScore AS score ORDER BY trialIndex`,
      { studyId },
      READ,
    );
    return records.map((r) => ({
      ...toRun(r.get('run') as Record<string, unknown>),
      trialIndex: Number(r.get('trialIndex')),
      rung: Number(r.get('rung')),
      validationScore: (r.get('score') as number | null) ?? null,
    }));
  }
}
