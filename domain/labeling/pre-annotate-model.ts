// Which model version a service runs, for pre-annotation, decided from the graph and the bytes:
//  - an OCR_PIPELINE service runs the OCR preset (domain/ocr/models.ts): its detector is the model version
//    whose registered artifact has exactly the preset detector file's sha256 (the seed registers it from
//    the same package), of a Model with task ocr-detection visible to the requester, the service's own
//    org's first;
//  - a MODEL service runs what its routes send traffic to: its READY routed deployment of highest weight
//    (ties: by id), which must serve a text detector (Model task ocr-detection) for bounding boxes.
// The artifact is then read through readModelArtifact: verified against its digest, or an IntegrityError.
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { READ } from '../../lib/graph/asset-store.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';
import { sha256File } from '../../lib/storage/index.js';
import { MODEL_FILES, defaultModelsDir } from '../ocr/models.js';

export const DETECTOR_TASK = 'ocr-detection';

/** A service that cannot pre-annotate this project, with what to do instead. */
export class PreAnnotationModelError extends Error {
  override readonly name = 'PreAnnotationModelError';
}

export interface ServiceModel {
  serviceId: string;
  serviceName: string;
  kind: 'MODEL' | 'OCR_PIPELINE';
  modelVersionId: string;
  modelTask: string;
}

let presetDigest: Promise<string> | undefined;
const presetDetectorDigest = (): Promise<string> =>
  (presetDigest ??= sha256File(join(defaultModelsDir(), MODEL_FILES.det)).then((r) => r.digest));

/** The model a service runs (its text detector, for an OCR pipeline), visible to `viewer`; null when the service is not visible. */
export async function serviceModel(driver: Driver, viewer: Identity, serviceId: string): Promise<ServiceModel | null> {
  const scope = await viewerScope(driver, viewer);
  const { records } = await driver.executeQuery(
    `MATCH (s:${Label.Service} {id: $serviceId}) WHERE ${visibleTo('s')} AND coalesce(s.archived, false) = false
     RETURN s.name AS name, coalesce(s.kind, 'MODEL') AS kind, s.ownerOrgId AS org`,
    { ...scope, serviceId },
    READ,
  );
  const service = records[0]?.toObject() as { name: string; kind: 'MODEL' | 'OCR_PIPELINE'; org: string } | undefined;
  if (!service) return null;
  if (service.kind === 'OCR_PIPELINE') {
    const digest = await presetDetectorDigest();
    const found = await driver.executeQuery(
      `MATCH (m:${Label.Model} {task: $task})-[:${Rel.HAS_VERSION}]->(v:${Label.ModelVersion} {artifactDigest: $digest})
       WHERE ${visibleTo('m')}
       RETURN v.id AS id ORDER BY CASE WHEN m.ownerOrgId = $org THEN 0 ELSE 1 END, v.createdAt DESC, v.id LIMIT 1`,
      { ...scope, task: DETECTOR_TASK, digest, org: service.org },
      READ,
    );
    const id = found.records[0]?.get('id') as string | undefined;
    if (!id)
      throw new PreAnnotationModelError(
        `service ${service.name} runs the PP-OCRv4 preset, but no model version registered with its detector's bytes ` +
          `(${MODEL_FILES.det}, sha256 ${digest}) on a model with task ${DETECTOR_TASK} is visible to ${viewer.org}: ` +
          'register it (npm run seed does) so the suggestions name the model that made them',
      );
    return { serviceId, serviceName: service.name, kind: 'OCR_PIPELINE', modelVersionId: id, modelTask: DETECTOR_TASK };
  }
  const routed = await driver.executeQuery(
    `MATCH (:${Label.Service} {id: $serviceId})-[r:${Rel.ROUTES_TO}]->(d:${Label.Deployment} {status: 'READY'})
     WHERE r.weight > 0
     MATCH (d)-[:${Rel.SERVES}]->(v:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model})
     RETURN v.id AS id, coalesce(m.task, '') AS task ORDER BY r.weight DESC, d.id LIMIT 1`,
    { serviceId },
    READ,
  );
  const row = routed.records[0]?.toObject() as { id: string; task: string } | undefined;
  if (!row)
    throw new PreAnnotationModelError(
      `service ${service.name} routes to no READY deployment: route it to one (setServiceRoutes) before pre-annotating`,
    );
  return { serviceId, serviceName: service.name, kind: 'MODEL', modelVersionId: row.id, modelTask: row.task };
}

/** What a classifier's version recorded at training: its class labels and a positional model's feature order. */
export async function classifierFacts(
  driver: Driver,
  modelVersionId: string,
): Promise<{ classes: string[] | null; features: string[] | null }> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.ModelVersion} {id: $id}) RETURN v.metrics AS metrics`,
    { id: modelVersionId },
    READ,
  );
  let metrics: Record<string, unknown> = {};
  try {
    metrics = JSON.parse((records[0]?.get('metrics') as string | null) ?? '{}') as Record<string, unknown>;
  } catch {
    // Metrics that are not JSON record nothing usable.
  }
  const strings = (v: unknown): string[] | null =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  return { classes: strings(metrics.classes), features: strings(metrics.features) };
}
