// Training runs and evaluations: PROV activities around model versions. A run or evaluation is visible
// when a model version it touches belongs to a visible model.
import { int as neo4jInt, type Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import {
  EVALUATION,
  TRAINING_RUN,
  VERSION,
  toEvaluation,
  toRun,
  toVersion,
  type EvaluationRecord,
  type ModelVersionRecord,
  type TrainingRunRecord,
} from '../../../domain/models/records.js';
import { READ } from '../../../domain/models/tx.js';
import { oneEach } from '../../../lib/graph/batch.js';

type Raw = Record<string, unknown>;

export class TrainingStore {
  constructor(private readonly driver: Driver) {}

  async runById(viewer: Identity, id: string): Promise<TrainingRunRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (r:${Label.TrainingRun} {id: $id})
       WHERE r.ownerOrgId IN $visibleOrgs
          OR EXISTS { MATCH (r)-[:${Rel.GENERATED}]->(:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} }
       RETURN ${TRAINING_RUN} AS run`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    const raw = records[0]?.get('run') as Raw | undefined;
    return raw ? toRun(raw) : null;
  }

  /** `runById` for many ids in one query (per-request loader): null where missing or invisible. */
  async runsByIds(viewer: Identity, ids: readonly string[]): Promise<(TrainingRunRecord | null)[]> {
    const raw = await oneEach<Raw>(
      this.driver,
      ids,
      `MATCH (r:${Label.TrainingRun} {id: id})
       WHERE r.ownerOrgId IN $visibleOrgs
          OR EXISTS { MATCH (r)-[:${Rel.GENERATED}]->(:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} }
       RETURN id, ${TRAINING_RUN} AS item`,
      { ...(await viewerScope(this.driver, viewer)) },
    );
    return raw.map((r) => (r ? toRun(r) : null));
  }

  /** The run that generated a version the caller already sees. */
  async runGenerating(versionId: string): Promise<TrainingRunRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (r:${Label.TrainingRun})-[:${Rel.GENERATED}]->(:${Label.ModelVersion} {id: $versionId})
       RETURN ${TRAINING_RUN} AS run ORDER BY r.startedAt DESC LIMIT 1`,
      { versionId },
      READ,
    );
    const raw = records[0]?.get('run') as Raw | undefined;
    return raw ? toRun(raw) : null;
  }

  /** Ids of the dataset versions a run used, keeping only those whose dataset the caller may see. */
  async usedDatasetVersions(viewer: Identity, runId: string): Promise<{ id: string }[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:${Label.TrainingRun} {id: $runId})-[:${Rel.USED}]->(dv:${Label.DatasetVersion})
       OPTIONAL MATCH (d:${Label.Dataset})-[:${Rel.HAS_VERSION}]->(dv)
       WITH dv, d WHERE (d IS NOT NULL AND ${visibleTo('d')}) OR (d IS NULL AND dv.ownerOrgId IN $visibleOrgs)
       RETURN DISTINCT dv.id AS id ORDER BY id`,
      { runId, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => ({ id: r.get('id') as string }));
  }

  /** Whether a dataset version exists and its dataset (or, without one, the version) is visible to the caller. */
  async datasetVersionVisible(viewer: Identity, id: string): Promise<boolean> {
    const { records } = await this.driver.executeQuery(
      `MATCH (dv:${Label.DatasetVersion} {id: $id})
       OPTIONAL MATCH (d:${Label.Dataset})-[:${Rel.HAS_VERSION}]->(dv)
       WITH dv, d WHERE (d IS NOT NULL AND ${visibleTo('d')}) OR (d IS NULL AND dv.ownerOrgId IN $visibleOrgs)
       RETURN dv.id AS id LIMIT 1`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.length > 0;
  }

  /**
   * The training runs (not AutoML trials: their study lists them) that used a dataset version, newest
   * first, visible as runById decides; the caller has checked that the version itself is visible.
   */
  async runsUsing(viewer: Identity, datasetVersionId: string, first: number): Promise<TrainingRunRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (r:${Label.TrainingRun})-[:${Rel.USED}]->(:${Label.DatasetVersion} {id: $datasetVersionId})
       WHERE r.studyId IS NULL AND (r.ownerOrgId IN $visibleOrgs
          OR EXISTS { MATCH (r)-[:${Rel.GENERATED}]->(:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} })
       RETURN ${TRAINING_RUN} AS run ORDER BY r.startedAt DESC, r.id LIMIT $first`,
      { datasetVersionId, first: neo4jInt(first), ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => toRun(r.get('run') as Raw));
  }

  /** Versions a run generated, limited to visible models. */
  async generated(viewer: Identity, runId: string): Promise<ModelVersionRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:${Label.TrainingRun} {id: $runId})-[:${Rel.GENERATED}]->(v:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model})
       WHERE ${visibleTo('m')}
       RETURN ${VERSION} AS version ORDER BY v.version`,
      { runId, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => toVersion(r.get('version') as Raw));
  }

  async evaluationById(viewer: Identity, id: string): Promise<EvaluationRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (e:${Label.Evaluation} {id: $id})-[:${Rel.EVALUATES}]->(:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model})
       WHERE ${visibleTo('m')}
       RETURN ${EVALUATION} AS evaluation LIMIT 1`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    const raw = records[0]?.get('evaluation') as Raw | undefined;
    return raw ? toEvaluation(raw) : null;
  }

  /** `evaluationById` for many ids in one query (per-request loader): null where missing or invisible. */
  async evaluationsByIds(viewer: Identity, ids: readonly string[]): Promise<(EvaluationRecord | null)[]> {
    const raw = await oneEach<Raw>(
      this.driver,
      ids,
      `MATCH (e:${Label.Evaluation} {id: id})
       WHERE EXISTS { MATCH (e)-[:${Rel.EVALUATES}]->(:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} }
       RETURN id, ${EVALUATION} AS item`,
      { ...(await viewerScope(this.driver, viewer)) },
    );
    return raw.map((r) => (r ? toEvaluation(r) : null));
  }

  async evaluationsOf(versionId: string): Promise<EvaluationRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (e:${Label.Evaluation})-[:${Rel.EVALUATES}]->(:${Label.ModelVersion} {id: $versionId})
       RETURN ${EVALUATION} AS evaluation ORDER BY coalesce(e.at, e.startedAt) DESC`,
      { versionId },
      READ,
    );
    return records.map((r) => toEvaluation(r.get('evaluation') as Raw));
  }

  async evaluationDatasetVersions(viewer: Identity, evaluationId: string): Promise<{ id: string }[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:${Label.Evaluation} {id: $evaluationId})-[:${Rel.USED}]->(dv:${Label.DatasetVersion})
       OPTIONAL MATCH (d:${Label.Dataset})-[:${Rel.HAS_VERSION}]->(dv)
       WITH dv, d WHERE (d IS NOT NULL AND ${visibleTo('d')}) OR (d IS NULL AND dv.ownerOrgId IN $visibleOrgs)
       RETURN DISTINCT dv.id AS id ORDER BY id`,
      { evaluationId, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => ({ id: r.get('id') as string }));
  }
}
