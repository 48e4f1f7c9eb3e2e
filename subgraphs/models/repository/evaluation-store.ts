// What evaluateModelVersion checks before it starts a workflow: the model version's owner and the target
// column its training used, and the dataset version's integrity and columns.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { READ } from '../../../domain/models/tx.js';

export interface EvaluationSubject {
  ownerOrgId: string;
  /** Whether the caller's org (or one above it) owns the model: only its scientists may evaluate it. */
  owned: boolean;
  /** The target column of the run that generated the version, when one did. */
  trainedTarget: string | null;
}

export class EvaluationStore {
  constructor(private readonly driver: Driver) {}

  /** Null when the version does not exist or its model is not visible to the caller. */
  async subject(viewer: Identity, versionId: string): Promise<EvaluationSubject | null> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `MATCH (m:${Label.Model})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion} {id: $versionId}) WHERE ${visibleTo('m')}
       OPTIONAL MATCH (r:${Label.TrainingRun})-[:${Rel.GENERATED}]->(v)
       WITH m, r ORDER BY r.startedAt DESC
       RETURN m.ownerOrgId AS owner, collect(r.params)[0] AS params LIMIT 1`,
      { versionId, ...scope },
      READ,
    );
    const row = records[0];
    if (!row) return null;
    const owner = row.get('owner') as string;
    let trainedTarget: string | null = null;
    try {
      const params = JSON.parse((row.get('params') as string | null) ?? '{}') as { targetColumn?: unknown };
      if (typeof params.targetColumn === 'string') trainedTarget = params.targetColumn;
    } catch {
      // A run without readable params names no target.
    }
    return { ownerOrgId: owner, owned: scope.visibleOrgs.includes(owner), trainedTarget };
  }

  /** The dataset version's integrity and recorded column names (null when not recorded). */
  async datasetVersion(id: string): Promise<{ integrity: string; columns: string[] | null } | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (dv:${Label.DatasetVersion} {id: $id}) RETURN coalesce(dv.integrity, 'UNVERIFIED') AS integrity, dv.schema AS schema`,
      { id },
      READ,
    );
    const row = records[0];
    if (!row) return null;
    let columns: string[] | null = null;
    try {
      const schema = JSON.parse((row.get('schema') as string | null) ?? '{}') as { columns?: { name: string }[] };
      if (Array.isArray(schema.columns) && schema.columns.length > 0) columns = schema.columns.map((c) => c.name);
    } catch {
      // No readable schema: the workflow reads the columns from the bytes.
    }
    return { integrity: row.get('integrity') as string, columns };
  }
}
