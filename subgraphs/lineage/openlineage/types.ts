// The OpenLineage RunEvent as this package reads and writes it (spec 2-0-2, spec/OpenLineage.json).
export const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A facet: `_producer` and `_schemaURL` plus the facet's own fields. */
export type Facet = { _producer: string; _schemaURL: string; _deleted?: boolean } & Record<string, unknown>;
export type Facets = Record<string, Facet>;

export interface OLDataset {
  namespace: string;
  name: string;
  facets?: Facets;
}
export interface OLInputDataset extends OLDataset {
  inputFacets?: Facets;
}
export interface OLOutputDataset extends OLDataset {
  outputFacets?: Facets;
}

export interface RunEvent {
  eventType?: EventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: Facets };
  job: { namespace: string; name: string; facets?: Facets };
  inputs?: OLInputDataset[];
  outputs?: OLOutputDataset[];
}

export const SPEC_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
export const RUN_EVENT_SCHEMA_URL = `${SPEC_URL}#/$defs/RunEvent`;
