// Model versions. A version is visible exactly when its model is (a share of the model covers its
// versions), so reads check the parent model. Creation lives in ../upload/register.ts.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { aliasProblem } from '../../../domain/models/signature.js';
import { VERSION, toVersion, type ModelVersionRecord } from '../../../domain/models/records.js';
import { READ, inWrite, lockManagedModel } from '../../../domain/models/tx.js';
import { manyEach, oneEach } from '../../../lib/graph/batch.js';

const RETURN_VERSION = `${VERSION} AS version`;
const MODEL_OF_V = `(m:${Label.Model})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion})`;

export class ModelVersionStore {
  constructor(private readonly driver: Driver) {}

  async byId(viewer: Identity, id: string): Promise<ModelVersionRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH ${MODEL_OF_V} WHERE v.id = $id AND ${visibleTo('m')} RETURN ${RETURN_VERSION}`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    const raw = records[0]?.get('version') as Record<string, unknown> | undefined;
    return raw ? toVersion(raw) : null;
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  async byIds(viewer: Identity, ids: readonly string[]): Promise<(ModelVersionRecord | null)[]> {
    const raw = await oneEach<Record<string, unknown>>(
      this.driver,
      ids,
      `MATCH (v:${Label.ModelVersion} {id: id})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} RETURN id, ${VERSION} AS item`,
      { ...(await viewerScope(this.driver, viewer)) },
    );
    return raw.map((r) => (r ? toVersion(r) : null));
  }

  /** Versions of models the caller already sees, oldest first: one query for all (per-request loader). */
  async ofModels(modelIds: readonly string[]): Promise<ModelVersionRecord[][]> {
    const raw = await manyEach<Record<string, unknown>>(
      this.driver,
      modelIds,
      `MATCH (:${Label.Model} {id: id})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion}) WITH id, v ORDER BY v.version RETURN id, ${VERSION} AS item`,
    );
    return raw.map((list) => list.map(toVersion));
  }

  /** One version of a visible model: by number, by alias, or (neither) the latest. */
  async pick(
    modelId: string,
    by: { number?: number | null; alias?: string | null },
  ): Promise<ModelVersionRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH ${MODEL_OF_V} WHERE m.id = $modelId
         AND ($number IS NULL OR v.version = $number)
         AND ($alias IS NULL OR $alias IN v.aliases)
       RETURN ${RETURN_VERSION} ORDER BY v.version DESC LIMIT 1`,
      { modelId, number: by.number ?? null, alias: by.alias ?? null },
      READ,
    );
    const raw = records[0]?.get('version') as Record<string, unknown> | undefined;
    return raw ? toVersion(raw) : null;
  }

  /** Points an alias at a version, taking it away from any sibling version, in one transaction. */
  async setAlias(actor: Identity, versionId: string, alias: string): Promise<ModelVersionRecord> {
    const problem = aliasProblem(alias);
    if (problem) throw badInput(problem, 'alias');
    const scope = await viewerScope(this.driver, actor);
    return inWrite(this.driver, async (tx) => {
      const found = await tx.run(
        `MATCH ${MODEL_OF_V} WHERE v.id = $versionId AND ${visibleTo('m')} RETURN m.id AS modelId`,
        { versionId, ...scope },
      );
      const modelId = found.records[0]?.get('modelId') as string | undefined;
      if (!modelId) throw notFound(`no model version with id "${versionId}"`);
      await lockManagedModel(tx, this.driver, actor, modelId);
      const before = await tx.run(
        `MATCH ${MODEL_OF_V} WHERE m.id = $modelId AND $alias IN v.aliases RETURN v.id AS id, v.version AS version`,
        { modelId, alias },
      );
      const { records } = await tx.run(
        `MATCH ${MODEL_OF_V} WHERE m.id = $modelId AND v.id <> $versionId AND $alias IN v.aliases
         SET v.aliases = [a IN v.aliases WHERE a <> $alias]
         WITH count(v) AS _
         MATCH (v:${Label.ModelVersion} {id: $versionId})
         SET v.aliases = CASE WHEN $alias IN coalesce(v.aliases, []) THEN v.aliases ELSE coalesce(v.aliases, []) + $alias END
         RETURN ${RETURN_VERSION}`,
        { modelId, versionId, alias },
      );
      const version = toVersion(records[0]!.get('version') as Record<string, unknown>);
      await writeAudit(tx, {
        action: 'modelVersion.setAlias',
        actor,
        targetId: versionId,
        targetLabel: Label.ModelVersion,
        before: {
          alias,
          heldBy: before.records.map((r) => ({ id: r.get('id') as string, version: r.get('version') as number })),
        },
        after: { alias, heldBy: [{ id: version.id, version: version.version }] },
      });
      return version;
    });
  }
}
