// The one writer of DatasetVersion nodes, shared by the assets subgraph (upload, S3 import, external
// registration), the recipe workflow's activities (derived versions) and the lineage subgraph's
// OpenLineage ingest (versions a run observed: the same node kind, listed and read by assets). A version is immutable: its
// bytes are named by contentHash; only integrity (what the last read found) and the profile (computed
// after the upload answered) change later.
import { randomUUID } from 'node:crypto';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label } from '../../lib/graph/ontology.js';
import { keyShare, viewerScope, visibleTo, type ViewerScope } from '../../lib/graph/visibility.js';
import { LOCK, inWriteTx } from '../../lib/graph/asset-store.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import { createLogger } from '../../lib/logger.js';
import { blobStore } from '../../lib/storage/index.js';

const log = createLogger('datasets');

/**
 * VERIFIED: Plinth holds the bytes and the last read matched contentHash. TAMPERED: the last read found
 * other bytes. MISSING: the last read found none. UNVERIFIED: registered by pointer (external), never
 * held by Plinth; training refuses it.
 */
export type Integrity = 'VERIFIED' | 'TAMPERED' | 'MISSING' | 'UNVERIFIED';
export type VersionOrigin = 'UPLOAD' | 'S3_IMPORT' | 'RECIPE' | 'LABELS' | 'EXTERNAL';
export type ProfileStatus = 'PENDING' | 'READY' | 'FAILED';

export interface DatasetVersionRecord {
  id: string;
  datasetId: string;
  version: number;
  contentHash: string;
  /** JSON text as stored. */
  schema: string;
  rowCount: number;
  storageUri: string;
  format: string;
  ownerOrgId: string;
  createdAt: string;
  createdBy: string;
  derivedFromIds: string[];
  /** Bytes; null for an external version. */
  size: number | null;
  integrity: Integrity;
  origin: VersionOrigin;
  profileStatus: ProfileStatus | null;
  profileError: string | null;
  recipeId: string | null;
  sql: string | null;
  /** Where an S3 import pulled the bytes from (s3://bucket/key); null otherwise. */
  sourceUri: string | null;
}

export const versionProjection = (alias: string): string => `${alias} { .id, .datasetId, .version, .contentHash,
  .schema, .rowCount, .storageUri, .format, .ownerOrgId, .createdBy, createdAt: toString(${alias}.createdAt),
  size: ${alias}.size, integrity: coalesce(${alias}.integrity, 'UNVERIFIED'), origin: coalesce(${alias}.origin, 'EXTERNAL'),
  profileStatus: ${alias}.profileStatus, profileError: ${alias}.profileError, recipeId: ${alias}.recipeId, sql: ${alias}.sql, sourceUri: ${alias}.sourceUri,
  derivedFromIds: [(${alias})-[:DERIVED_FROM]->(p:DatasetVersion) | p.id] }`;

export interface NewDatasetVersion {
  datasetId: string;
  contentHash: string;
  schema: unknown;
  rowCount: number;
  storageUri: string;
  format: string;
  derivedFrom: string[];
  origin: VersionOrigin;
  /** Bytes held by Plinth; null for an external pointer. */
  size: number | null;
  /** Set when Plinth computed the profile before registering (image collections); else PENDING or null. */
  profile?: unknown;
  /** A recipe's id and the SQL it ran, for a derived version. */
  recipeId?: string | null;
  sql?: string | null;
  /** The Temporal workflow that produced it. */
  workflowId?: string | null;
  runId?: string | null;
  /** Where an S3 import pulled the bytes from, for lineage. */
  sourceUri?: string | null;
  /**
   * Runs in the registering transaction after the version and its audit event are written, so what a
   * caller records about the version (a label snapshot's PROV activity) lands with it or not at all.
   */
  alongside?: (tx: ManagedTransaction, version: DatasetVersionRecord) => Promise<void>;
}

/** Locks a dataset the actor's org owns (not merely sees) for the rest of the transaction. */
async function lockOwnedDataset(
  tx: ManagedTransaction,
  scope: ViewerScope,
  actor: Identity,
  id: string,
): Promise<{ archived: boolean; labels: boolean }> {
  // `labels`: the dataset holds a labeling project's accepted snapshots (purpose LABELS, or named as a
  // project's labelDatasetId by a project made before the flag): only the snapshot path adds to it.
  const { records } = await tx.run(
    `MATCH (d:${Label.Dataset} {id: $id}) WHERE ${visibleTo('d')}
     ${LOCK('d')}
     RETURN coalesce(d.archived, false) AS archived, d.ownerOrgId IN $visibleOrgs AS owned,
            (coalesce(d.purpose, '') = 'LABELS' OR EXISTS { MATCH (p:${Label.LabelingProject} {labelDatasetId: d.id}) }) AS labels`,
    { id, ...scope },
  );
  const record = records[0];
  if (!record) throw notFound(`dataset ${id} not found`);
  if (!record.get('owned'))
    throw forbidden(`dataset ${id} is shared with ${actor.org} read-only; only its owner org may change it`);
  return { archived: record.get('archived') as boolean, labels: record.get('labels') as boolean };
}

/** A label dataset's versions are accepted snapshots, each with its LabelSnapshot: nothing else goes in. */
const labelsOnly = (datasetId: string) =>
  badInput(
    `dataset ${datasetId} holds a labeling project's accepted labels: its versions come only from acceptLabelSnapshot (an upload, import or recipe output would be labels nobody reviewed); register another dataset`,
    'datasetId',
  );

/**
 * Checks, without writing, that the actor may add a version to the dataset: it exists, is visible,
 * owned by the actor's org and not archived. An upload asks before it receives any bytes.
 */
export async function assertMayAddDatasetVersion(driver: Driver, actor: Identity, datasetId: string): Promise<void> {
  const scope = await viewerScope(driver, actor);
  await inWriteTx(driver, async (tx) => {
    const { archived, labels } = await lockOwnedDataset(tx, scope, actor, datasetId);
    if (archived) throw badInput(`dataset ${datasetId} is archived; it takes no new versions`, 'datasetId');
    if (labels) throw labelsOnly(datasetId);
  });
}

export async function registerDatasetVersion(
  driver: Driver,
  actor: Identity,
  input: NewDatasetVersion,
): Promise<DatasetVersionRecord> {
  const scope = await viewerScope(driver, actor);
  return inWriteTx(
    driver,
    async (tx) => {
      // Locking the dataset serialises version numbering: concurrent registrations queue here.
      const { archived, labels } = await lockOwnedDataset(tx, scope, actor, input.datasetId);
      if (archived) throw badInput(`dataset ${input.datasetId} is archived; it takes no new versions`, 'datasetId');
      if (labels !== (input.origin === 'LABELS'))
        throw labels
          ? labelsOnly(input.datasetId)
          : badInput(`dataset ${input.datasetId} is not a labeling project's label dataset`, 'datasetId');
      const existing = await tx.run(
        `MATCH (:${Label.Dataset} {id: $datasetId})-[:HAS_VERSION]->(v:${Label.DatasetVersion})
         RETURN coalesce(max(v.version), 0) AS latest,
                [x IN collect(v) WHERE x.contentHash = $contentHash | x.version][0] AS sameContent`,
        { datasetId: input.datasetId, contentHash: input.contentHash },
      );
      const latest = existing.records[0]!.get('latest') as number;
      const sameContent = existing.records[0]!.get('sameContent') as number | null;
      if (sameContent !== null) {
        throw badInput(
          `version ${sameContent} of dataset ${input.datasetId} already has content ${input.contentHash}`,
          'contentHash',
        );
      }
      const derivedFrom = [...new Set(input.derivedFrom)];
      if (derivedFrom.length > 0) {
        const found = await tx.run(
          `MATCH (p:${Label.DatasetVersion}) WHERE p.id IN $ids AND ${visibleTo('p')} RETURN collect(p.id) AS ids`,
          { ids: derivedFrom, ...scope },
        );
        const visible = new Set(found.records[0]!.get('ids') as string[]);
        const missing = derivedFrom.filter((id) => !visible.has(id));
        if (missing.length > 0) throw notFound(`dataset version(s) ${missing.join(', ')} not found`);
      }
      const version = latest + 1;
      const held = input.origin !== 'EXTERNAL';
      const profiled = input.profile !== undefined;
      const { records } = await tx.run(
        `MATCH (d:${Label.Dataset} {id: $datasetId})-[:OWNED_BY]->(o:Org)
         CREATE (v:${Label.DatasetVersion} {id: $id, datasetId: $datasetId, version: $version, contentHash: $contentHash,
                 schema: $schema, rowCount: $rowCount, storageUri: $storageUri, format: $format,
                 ownerOrgId: d.ownerOrgId, name: d.name + ' v' + toString($version), description: d.description,
                 tagsText: trim(coalesce(d.tagsText, '') + ' ' + $format),
                 size: $size, integrity: $integrity, origin: $origin, profileStatus: $profileStatus, profile: $profile,
                 recipeId: $recipeId, sql: $sql, workflowId: $workflowId, runId: $runId, sourceUri: $sourceUri,
                 verifiedAt: CASE WHEN $held THEN datetime() ELSE null END,
                 createdBy: $actor, createdAt: datetime()})
         CREATE (d)-[:HAS_VERSION]->(v)
         CREATE (v)-[:OWNED_BY]->(o)
         WITH d, v
         CALL { WITH d, v MATCH (d)-[:SHARED_WITH]->(s:Org) CREATE (v)-[r:SHARED_WITH]->(s) ${keyShare('r', 'v', Label.DatasetVersion, 's')} }
         CALL { WITH v UNWIND $derivedFrom AS parentId MATCH (p:${Label.DatasetVersion} {id: parentId}) CREATE (v)-[:DERIVED_FROM]->(p) }
         RETURN ${versionProjection('v')} AS version`,
        {
          id: randomUUID(),
          datasetId: input.datasetId,
          version,
          contentHash: input.contentHash,
          schema: JSON.stringify(input.schema),
          rowCount: input.rowCount,
          storageUri: input.storageUri,
          format: input.format,
          derivedFrom,
          actor: actor.username,
          size: input.size,
          integrity: held ? 'VERIFIED' : 'UNVERIFIED',
          origin: input.origin,
          held,
          profileStatus: !held ? null : profiled ? 'READY' : 'PENDING',
          profile: profiled ? JSON.stringify(input.profile) : null,
          recipeId: input.recipeId ?? null,
          sql: input.sql ?? null,
          workflowId: input.workflowId ?? null,
          runId: input.runId ?? null,
          sourceUri: input.sourceUri ?? null,
        },
      );
      const created = records[0]!.get('version') as DatasetVersionRecord;
      await writeAudit(tx, {
        action: input.origin === 'EXTERNAL' ? 'datasetVersion.register' : 'datasetVersion.ingest',
        actor,
        targetId: created.id,
        targetLabel: Label.DatasetVersion,
        after: created,
        ...(input.workflowId ? { workflowId: input.workflowId } : {}),
        ...(input.runId ? { runId: input.runId } : {}),
      });
      if (input.alongside) await input.alongside(tx, created);
      return created;
    },
    () => badInput(`dataset ${input.datasetId} got a new version concurrently; retry`, 'datasetId'),
  );
}

/** Whether any node still names these bytes (a dataset version or a model version): they must stay. */
export async function digestReferenced(driver: Driver, digest: string): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `OPTIONAL MATCH (v:${Label.DatasetVersion} {contentHash: $digest}) WITH count(v) AS versions
     OPTIONAL MATCH (m:${Label.ModelVersion} {artifactDigest: $digest}) WITH versions, count(m) AS models
     RETURN versions + models AS n`,
    { digest },
  );
  return Number(records[0]!.get('n')) > 0;
}

/**
 * Removes a blob this process just stored for a registration that failed, unless a dataset or model
 * version names those bytes (another registration may have taken them meanwhile). Never throws: the
 * registration's own error is what the caller reports.
 */
export async function removeUnreferencedBlob(driver: Driver, digest: string): Promise<void> {
  try {
    if (!(await digestReferenced(driver, digest))) await blobStore().remove(digest);
  } catch (error) {
    log.warn(`could not remove the unreferenced blob sha256:${digest}: ${(error as Error).message}`);
  }
}

/** A version an OpenLineage run observed: Plinth holds no bytes of it, only what the events said. */
export interface ObservedVersion {
  datasetId: string;
  versionId: string;
  /** A stand-in: OpenLineage carries no content (lineage's contentHashOf). */
  contentHash: string;
  storageUri: string;
  actor: string;
}

/**
 * MERGEs an observed version into its dataset (which the caller has locked): a new one takes the next
 * version number, the dataset's owner and shares, and the properties every DatasetVersion has. Returns
 * whether it was created, its number and its stored OpenLineage facets (JSON text or null).
 */
export async function mergeObservedVersion(
  tx: ManagedTransaction,
  v: ObservedVersion,
): Promise<{ created: boolean; version: number; facets: string | null }> {
  const res = await tx.run(
    `MATCH (d:${Label.Dataset} {id: $datasetId})-[:OWNED_BY]->(o:${Label.Org})
     OPTIONAL MATCH (d)-[:HAS_VERSION]->(old:${Label.DatasetVersion})
     WITH d, o, coalesce(max(old.version), 0) + 1 AS next
     MERGE (v:${Label.DatasetVersion} {id: $versionId})
       ON CREATE SET v.datasetId = d.id, v.version = next, v.contentHash = $contentHash, v.schema = '{}', v.rowCount = 0,
                     v.storageUri = $storageUri, v.format = 'UNKNOWN', v.source = 'openlineage', v.ownerOrgId = d.ownerOrgId,
                     v.name = d.name + ' v' + toString(next), v.description = coalesce(d.description, ''), v.tagsText = 'openlineage',
                     v.createdBy = $actor, v.createdAt = datetime(), v._created = true
     MERGE (d)-[:HAS_VERSION]->(v)
     MERGE (v)-[:OWNED_BY]->(o)
     WITH d, v
     CALL { WITH d, v MATCH (d)-[:SHARED_WITH]->(s:${Label.Org}) MERGE (v)-[r:SHARED_WITH]->(s) ${keyShare('r', 'v', Label.DatasetVersion, 's')} }
     WITH v, coalesce(v._created, false) AS created
     REMOVE v._created
     RETURN created, v.facets AS facets, v.version AS version`,
    { ...v },
  );
  const record = res.records[0]!;
  return {
    created: record.get('created') as boolean,
    version: record.get('version') as number,
    facets: (record.get('facets') as string | null) ?? null,
  };
}

/** Records what an OpenLineage event said of an observed version; a null leaves that property as it is. */
export async function setObservedVersionFacets(
  tx: ManagedTransaction,
  versionId: string,
  after: {
    facets: string | null;
    rowCount: unknown;
    schema: string | null;
    format: string | null;
    olVersion: string | null;
  },
): Promise<void> {
  await tx.run(
    `MATCH (v:${Label.DatasetVersion} {id: $versionId})
     SET v.facets = $facets,
         v.rowCount = CASE WHEN $rowCount IS NULL THEN v.rowCount ELSE toInteger($rowCount) END,
         v.schema = CASE WHEN $schema IS NULL THEN v.schema ELSE $schema END,
         v.format = CASE WHEN $format IS NULL THEN v.format ELSE $format END,
         v.olVersion = CASE WHEN $olVersion IS NULL THEN v.olVersion ELSE $olVersion END`,
    { versionId, ...after },
  );
}
