// Registers a model version from an ONNX file: the one code path behind the upload endpoint and the
// demo seed. The file must load in ONNX Runtime; its signature is what ONNX Runtime reports; the bytes
// go into the content-addressed store (lib/storage, shared with dataset versions); the version, its
// training provenance and its audit event are written in one transaction. A failed transaction removes
// the blob this call created, unless something names those bytes by then.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import { checkNoControl } from '../../lib/subgraph/validate.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { metricsProblem, signatureOf, type Signature, type ValueMetadata } from './signature.js';
import { VERSION, toVersion } from './records.js';
import { READ, inWrite, lockManagedModel } from './tx.js';
import { sha256File, storeArtifact } from './artifacts.js';
import { removeUnreferencedBlob } from '../datasets/versions.js';

export interface RegisterVersionOptions {
  /** Framework the model was trained in before export (pytorch, paddle, sklearn, ...). */
  framework?: string | null;
  metrics?: Record<string, unknown> | null;
  /** DatasetVersion ids: recorded as a TrainingRun that USED them and GENERATED this version. */
  trainedOn?: string[] | null;
  /** Algorithm of that training run. */
  algorithm?: string | null;
  /** Move the file into the store (an upload's temp file) instead of copying it (default: copy). */
  move?: boolean;
  /** Digest and size when the caller already computed them while streaming. */
  digest?: string;
  size?: number;
  /** An existing TrainingRun (a training workflow's) to link as the provenance instead of creating one. */
  trainingRunId?: string | null;
  /**
   * The training workflow that produced the file: stored on the version, and a version already
   * registered by that workflow is returned instead of a second one (retried activities).
   */
  trainingWorkflowId?: string | null;
  /** Temporal workflow and run ids for the audit event. */
  workflowId?: string | null;
  runId?: string | null;
}

export interface RegisteredVersion {
  id: string;
  modelId: string;
  version: number;
  artifactDigest: string;
  artifactSize: number;
  signature: Signature;
  /** False when `trainingWorkflowId` found the version an earlier call registered. */
  created?: boolean;
}

const ROLES_THAT_REGISTER = ['data-scientist', 'platform-admin'] as const;

export const mayRegisterVersions = (identity: Identity): boolean =>
  identity.roles.some((r) => (ROLES_THAT_REGISTER as readonly string[]).includes(r));

/** Loads the file in ONNX Runtime (CPU) and returns its signature; a file that does not load is the client's error. */
export async function readOnnxSignature(filePath: string): Promise<Signature> {
  const ort = await import('onnxruntime-node');
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
  try {
    session = await ort.InferenceSession.create(filePath, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'disabled',
    });
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).replace(filePath, '<upload>');
    throw badInput(`not a loadable ONNX model: ${reason}`, 'body');
  }
  try {
    return signatureOf(
      session as unknown as { inputMetadata: readonly ValueMetadata[]; outputMetadata: readonly ValueMetadata[] },
    );
  } finally {
    await session.release();
  }
}

function validateOptions(options: RegisterVersionOptions): void {
  if (
    options.framework !== undefined &&
    options.framework !== null &&
    (options.framework.length === 0 || options.framework.length > 64)
  )
    throw badInput('framework must be 1 to 64 characters', 'framework');
  if (options.metrics !== undefined && options.metrics !== null) {
    const problem = metricsProblem(options.metrics);
    if (problem) throw badInput(problem, 'metrics');
  }
  const trainedOn = options.trainedOn ?? [];
  if (trainedOn.length > 100) throw badInput('at most 100 trainedOn dataset versions', 'trainedOn');
  if (trainedOn.some((id) => typeof id !== 'string' || id.length === 0 || id.length > 200))
    throw badInput('trainedOn must be dataset version ids', 'trainedOn');
  if (
    options.algorithm !== undefined &&
    options.algorithm !== null &&
    (options.algorithm.length === 0 || options.algorithm.length > 128)
  )
    throw badInput('algorithm must be 1 to 128 characters', 'algorithm');
  for (const field of ['framework', 'algorithm'] as const) {
    const value = options[field];
    if (typeof value === 'string') checkNoControl(value, field);
  }
}

/** Fails fast, before any expensive work, when the caller may not add versions to this model. */
export async function assertMayAddVersion(driver: Driver, actor: Identity, modelId: string): Promise<void> {
  if (!mayRegisterVersions(actor))
    throw forbidden(`${actor.username} (${actor.roles.join(', ') || 'no roles'}) may not register model versions`);
  const scope = await viewerScope(driver, actor);
  const { records } = await driver.executeQuery(
    `MATCH (m:${Label.Model} {id: $id}) WHERE ${visibleTo('m')} RETURN m.ownerOrgId AS owner, coalesce(m.archived, false) AS archived`,
    { id: modelId, ...scope },
    READ,
  );
  const owner = records[0]?.get('owner') as string | undefined;
  if (owner === undefined) throw notFound(`no model with id "${modelId}"`);
  if (!scope.visibleOrgs.includes(owner))
    throw forbidden(`model "${modelId}" is owned by ${owner}: only its owner may add versions`);
  if (records[0]?.get('archived')) throw badInput(`model "${modelId}" is archived`, 'modelId');
}

export async function registerModelVersionFromFile(
  driver: Driver,
  actor: Identity,
  modelId: string,
  filePath: string,
  options: RegisterVersionOptions = {},
): Promise<RegisteredVersion> {
  validateOptions(options);
  await assertMayAddVersion(driver, actor, modelId);
  const signature = await readOnnxSignature(filePath);
  const { digest, size } =
    options.digest !== undefined && options.size !== undefined
      ? { digest: options.digest, size: options.size }
      : await sha256File(filePath);
  const stored = await storeArtifact(filePath, digest, size, options.move ?? false);
  const trainedOn = [...new Set(options.trainedOn ?? [])];
  try {
    return await inWrite(driver, async (tx) => {
      const { ownerOrgId, visibleOrgs } = await lockManagedModel(tx, driver, actor, modelId);
      // Under the model's lock, so two attempts of one workflow cannot both pass this check.
      if (options.trainingWorkflowId) {
        const { records: found } = await tx.run(
          `MATCH (:${Label.Model} {id: $modelId})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion} {trainingWorkflowId: $wf}) RETURN ${VERSION} AS version`,
          { modelId, wf: options.trainingWorkflowId },
        );
        if (found.length > 0) {
          const existing = toVersion(found[0]!.get('version') as Record<string, unknown>);
          return {
            id: existing.id,
            modelId,
            version: existing.version,
            artifactDigest: existing.artifactDigest,
            artifactSize: existing.artifactSize,
            signature,
            created: false,
          };
        }
      }
      if (trainedOn.length > 0) {
        const { records } = await tx.run(
          `UNWIND $ids AS id
           OPTIONAL MATCH (dv:${Label.DatasetVersion} {id: id})
           OPTIONAL MATCH (d:${Label.Dataset})-[:${Rel.HAS_VERSION}]->(dv)
           WITH id, dv, d
           WHERE dv IS NULL OR NOT (
             (d IS NOT NULL AND ${visibleTo('d')}) OR (d IS NULL AND dv.ownerOrgId IN $visibleOrgs))
           RETURN collect(id) AS missing`,
          { ids: trainedOn, visibleOrgs, viewerOrg: actor.org },
        );
        const missing = (records[0]?.get('missing') as string[] | undefined) ?? [];
        if (missing.length > 0)
          throw badInput(`no dataset version with id ${missing.map((m) => `"${m}"`).join(', ')}`, 'trainedOn');
      }
      const { records } = await tx.run(
        `MATCH (m:${Label.Model} {id: $modelId})
         OPTIONAL MATCH (m)-[:${Rel.HAS_VERSION}]->(prev:${Label.ModelVersion})
         WITH m, coalesce(max(prev.version), 0) + 1 AS next
         CREATE (v:${Label.ModelVersion} {id: $id, modelId: $modelId, version: next, format: 'ONNX', framework: $framework,
                 inputs: $inputs, outputs: $outputs, metrics: $metrics, artifactDigest: $digest, artifactSize: $size,
                 artifactUri: $uri, aliases: [], ownerOrgId: $owner, createdBy: $actor, createdAt: datetime()})
         // A snapshot name and the model's words make versions findable by the full-text search.
         SET v.name = m.name + ' v' + toString(next), v.description = coalesce(m.description, ''), v.tagsText = coalesce(m.tagsText, '')
         CREATE (m)-[:${Rel.HAS_VERSION}]->(v)
         RETURN ${VERSION} AS version`,
        {
          modelId,
          id: randomUUID(),
          framework: options.framework ?? 'onnx',
          inputs: JSON.stringify(signature.inputs),
          outputs: JSON.stringify(signature.outputs),
          metrics: JSON.stringify(options.metrics ?? {}),
          digest,
          size,
          uri: stored.uri,
          owner: ownerOrgId,
          actor: actor.username,
        },
      );
      const version = toVersion(records[0]!.get('version') as Record<string, unknown>);
      let trainingRunId: string | null = null;
      if (options.trainingWorkflowId)
        await tx.run(`MATCH (v:${Label.ModelVersion} {id: $id}) SET v.trainingWorkflowId = $wf`, {
          id: version.id,
          wf: options.trainingWorkflowId,
        });
      if (options.trainingRunId) {
        trainingRunId = options.trainingRunId;
        const { records: linked } = await tx.run(
          `MATCH (r:${Label.TrainingRun} {id: $runId}), (v:${Label.ModelVersion} {id: $versionId})
           MERGE (r)-[:${Rel.GENERATED}]->(v)
           MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
           MERGE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
           RETURN r.id AS id`,
          { runId: trainingRunId, versionId: version.id, sub: actor.sub, username: actor.username },
        );
        if (linked.length === 0) throw badInput(`no training run with id "${trainingRunId}"`, 'trainingRunId');
        await tx.run(
          `MATCH (r:${Label.TrainingRun} {id: $runId}) UNWIND $ids AS dvId MATCH (dv:${Label.DatasetVersion} {id: dvId}) MERGE (r)-[:${Rel.USED}]->(dv)`,
          { runId: trainingRunId, ids: trainedOn },
        );
      } else if (trainedOn.length > 0) {
        trainingRunId = randomUUID();
        await tx.run(
          `MATCH (v:${Label.ModelVersion} {id: $versionId})
           CREATE (r:${Label.TrainingRun} {id: $runId, status: 'SUCCEEDED', algorithm: $algorithm, params: '{}',
                   ownerOrgId: $owner, startedAt: datetime(), endedAt: datetime()})
           CREATE (r)-[:${Rel.GENERATED}]->(v)
           MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
           CREATE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
           WITH r
           UNWIND $ids AS dvId
           MATCH (dv:${Label.DatasetVersion} {id: dvId})
           CREATE (r)-[:${Rel.USED}]->(dv)`,
          {
            versionId: version.id,
            runId: trainingRunId,
            algorithm: options.algorithm ?? 'external',
            owner: ownerOrgId,
            sub: actor.sub,
            username: actor.username,
            ids: trainedOn,
          },
        );
      }
      await writeAudit(tx, {
        action: 'modelVersion.register',
        actor,
        targetId: version.id,
        targetLabel: Label.ModelVersion,
        after: { ...version, trainingRunId, trainedOn },
        workflowId: options.workflowId ?? undefined,
        runId: options.runId ?? undefined,
      });
      return {
        id: version.id,
        modelId,
        version: version.version,
        artifactDigest: digest,
        artifactSize: size,
        signature,
        created: true,
      };
    });
  } catch (error) {
    if (stored.created) await removeUnreferencedBlob(driver, digest);
    throw error;
  }
}

/** HTTP status for an error raised while registering. */
export function statusOf(error: unknown): number {
  const code = error instanceof GraphQLError ? error.extensions.code : undefined;
  switch (code) {
    case 'BAD_USER_INPUT':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    default:
      return 500;
  }
}
