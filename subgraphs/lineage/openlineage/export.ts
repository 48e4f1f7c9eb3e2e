// Plinth's own training runs as OpenLineage RunEvents, so an OpenLineage consumer (Marquez, DataHub, …)
// sees how models came from data: one job per model ("models/<modelId>/train" in namespace `plinth`),
// a START at startedAt and a COMPLETE/FAIL/ABORT at endedAt, inputs = the dataset versions the run USED,
// outputs = the model versions it GENERATED (as datasets `models/<modelId>` in namespace `plinth`).
// Datasets that came in through OpenLineage keep their own namespace and name.
import { createHash } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { config } from '../../../lib/config.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import {
  RUN_EVENT_SCHEMA_URL,
  type EventType,
  type Facets,
  type OLInputDataset,
  type OLOutputDataset,
  type RunEvent,
} from './types.js';

export const PLINTH_NAMESPACE = 'plinth';
/** URI naming this exporter as the events' producer. */
export const PRODUCER = 'urn:plinth:openlineage-export:1.0.0';
const FACET_SCHEMA = (name: string): string => `urn:plinth:openlineage-facets:1.0.0#/$defs/${name}`;
const VERSION_FACET_SCHEMA =
  'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet';
const JOB_TYPE_FACET_SCHEMA = 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet';

export interface ExportedDatasetVersion {
  id: string;
  datasetId: string;
  version: number;
  datasetName: string;
  contentHash: string | null;
  /** Set for datasets that came in through OpenLineage. */
  source: string | null;
  namespace: string | null;
  olName: string | null;
}

export interface ExportedModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  version: number;
  format: string | null;
  framework: string | null;
  artifactDigest: string | null;
}

/** A TrainingRun node with what it used and generated, as read by `exportTrainingRuns`. */
export interface ExportableTrainingRun {
  id: string;
  status: string | null;
  algorithm: string | null;
  params: unknown;
  workflowId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  used: ExportedDatasetVersion[];
  generated: ExportedModelVersion[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run's OpenLineage runId: its own id when that is a UUID, else a stable name-based UUID (v5 layout). */
export function runIdFor(id: string): string {
  if (UUID.test(id)) return id.toLowerCase();
  const h = createHash('sha256').update(`plinth:TrainingRun:${id}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Neo4j's datetime text (possibly with a [zone id]) as RFC 3339 in UTC. */
const rfc3339 = (value: string): string => new Date(value.replace(/\[.*\]$/, '')).toISOString();

const terminalOf = (status: string | null): EventType | null => {
  switch ((status ?? '').toUpperCase()) {
    case 'SUCCEEDED':
    case 'SUCCESS':
    case 'COMPLETED':
    case 'COMPLETE':
      return 'COMPLETE';
    case 'FAILED':
    case 'FAIL':
    case 'ERROR':
      return 'FAIL';
    case 'CANCELLED':
    case 'CANCELED':
    case 'TERMINATED':
    case 'ABORTED':
      return 'ABORT';
    default:
      return null;
  }
};

const facet = (schema: string, fields: Record<string, unknown>): Facets[string] => ({
  _producer: PRODUCER,
  _schemaURL: schema,
  ...fields,
});

const parseParams = (params: unknown): unknown => {
  if (typeof params !== 'string') return params ?? {};
  try {
    return JSON.parse(params) as unknown;
  } catch {
    return params;
  }
};

function inputOf(dv: ExportedDatasetVersion): OLInputDataset {
  const external = dv.source === 'openlineage' && dv.namespace !== null && dv.olName !== null;
  return {
    namespace: external ? dv.namespace! : PLINTH_NAMESPACE,
    name: external ? dv.olName! : `datasets/${dv.datasetId}`,
    facets: {
      version: facet(VERSION_FACET_SCHEMA, { datasetVersion: String(dv.version) }),
      plinth_asset: facet(FACET_SCHEMA('PlinthAssetFacet'), {
        kind: Label.DatasetVersion,
        id: dv.id,
        parentId: dv.datasetId,
        name: dv.datasetName,
        ...(dv.contentHash ? { contentHash: dv.contentHash } : {}),
      }),
    },
  };
}

function outputOf(mv: ExportedModelVersion): OLOutputDataset {
  return {
    namespace: PLINTH_NAMESPACE,
    name: `models/${mv.modelId}`,
    facets: {
      version: facet(VERSION_FACET_SCHEMA, { datasetVersion: String(mv.version) }),
      plinth_asset: facet(FACET_SCHEMA('PlinthAssetFacet'), {
        kind: Label.ModelVersion,
        id: mv.id,
        parentId: mv.modelId,
        name: mv.modelName,
        ...(mv.format ? { format: mv.format } : {}),
        ...(mv.framework ? { framework: mv.framework } : {}),
        ...(mv.artifactDigest ? { artifactDigest: mv.artifactDigest } : {}),
      }),
    },
  };
}

/**
 * A TrainingRun as OpenLineage RunEvents: START (at startedAt) and, once the run has ended, COMPLETE,
 * FAIL or ABORT (at endedAt). A run without either time yields no events.
 */
export function trainingRunToOpenLineage(run: ExportableTrainingRun): RunEvent[] {
  const started = run.startedAt ?? run.endedAt;
  if (!started) return [];
  const model = [...run.generated].sort((a, b) => a.modelId.localeCompare(b.modelId))[0];
  const job: RunEvent['job'] = {
    namespace: PLINTH_NAMESPACE,
    name: model ? `models/${model.modelId}/train` : `training/${run.algorithm || 'unknown'}`,
    facets: {
      jobType: facet(JOB_TYPE_FACET_SCHEMA, { processingType: 'BATCH', integration: 'PLINTH', jobType: 'TRAINING' }),
    },
  };
  const runFacets: Facets = {
    plinth_trainingRun: facet(FACET_SCHEMA('PlinthTrainingRunFacet'), {
      id: run.id,
      status: run.status ?? 'UNKNOWN',
      algorithm: run.algorithm ?? '',
      params: parseParams(run.params),
      ...(run.workflowId ? { workflowId: run.workflowId } : {}),
    }),
  };
  const base = {
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run: { runId: runIdFor(run.id), facets: runFacets },
    job,
    inputs: [...run.used].sort((a, b) => a.id.localeCompare(b.id)).map(inputOf),
  };
  const events: RunEvent[] = [{ ...base, eventType: 'START', eventTime: rfc3339(started), outputs: [] }];
  const terminal = terminalOf(run.status);
  if (terminal) {
    events.push({
      ...base,
      eventType: terminal,
      eventTime: rfc3339(run.endedAt ?? started),
      outputs: [...run.generated].sort((a, b) => a.id.localeCompare(b.id)).map(outputOf),
    });
  }
  return events;
}

export const EXPORT_LIMIT = 1000;

/**
 * The caller's visible training runs that started (or ended) at or after `since`, oldest first, with
 * the dataset and model versions they touched, each limited to what the caller may see.
 */
export async function exportTrainingRuns(
  driver: Driver,
  viewer: Identity,
  options: { since?: string; limit?: number } = {},
): Promise<ExportableTrainingRun[]> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.TrainingRun})
     WHERE coalesce(r.startedAt, r.endedAt) >= datetime($since)
       AND (r.ownerOrgId IN $visibleOrgs
            OR EXISTS { MATCH (r)-[:${Rel.GENERATED}]->(:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} })
     WITH r ORDER BY coalesce(r.startedAt, r.endedAt), r.id LIMIT $limit
     RETURN r { .id, .status, .algorithm, .params, .workflowId, startedAt: toString(r.startedAt), endedAt: toString(r.endedAt),
       used: [(r)-[:${Rel.USED}]->(dv:${Label.DatasetVersion})<-[:${Rel.HAS_VERSION}]-(d:${Label.Dataset}) WHERE ${visibleTo('d')} |
              dv { .id, datasetId: d.id, .version, datasetName: d.name, .contentHash, source: d.source, namespace: d.namespace, olName: d.olName }],
       generated: [(r)-[:${Rel.GENERATED}]->(v:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model}) WHERE ${visibleTo('m')} |
              v { .id, modelId: m.id, modelName: m.name, .version, .format, .framework, .artifactDigest }] } AS run`,
    {
      since: options.since ?? '1970-01-01T00:00:00Z',
      limit: neo4j.int(Math.min(Math.max(Math.trunc(options.limit ?? EXPORT_LIMIT), 1), EXPORT_LIMIT)),
      ...(await viewerScope(driver, viewer)),
    },
    { database: config.neo4j.database, routing: 'READ' },
  );
  return records.map((r) => r.get('run') as ExportableTrainingRun);
}
