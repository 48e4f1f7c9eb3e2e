// How every workflow Plinth starts is named and labelled, so the Temporal UI (behind the gateway's
// /temporal/) can be navigated by model, org or user (issue #15: ids were bare UUIDs with no memo):
//  - the id says what it is: `<kind>/<the asset it is about>/<uuid>`, e.g. training/<modelId>/<uuid>,
//    deployment/<serviceId>/<uuid>, edge-rollout/<modelVersionId>/<uuid>;
//  - the memo says who asked and what (shown on the workflow's page);
//  - search attributes PlinthOrg, PlinthActor (Keyword) and PlinthAssetIds (KeywordList) filter the list:
//    `PlinthAssetIds = '<modelId>'`, `PlinthOrg = 'hq'`, `PlinthActor = 'scientist'`.
// The launcher registers the attributes when it starts the dev server (scripts/stack/temporal.ts); a
// Temporal that lacks them (started before, or deployed) gets them on the first start (ensureSearchAttributes).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import proto from '@temporalio/proto';
import { config } from '../../lib/config.js';

export const SEARCH_ATTRIBUTES = {
  PlinthOrg: SearchAttributeType.KEYWORD,
  PlinthActor: SearchAttributeType.KEYWORD,
  PlinthAssetIds: SearchAttributeType.KEYWORD_LIST,
} as const;

/** `--search-attribute` values for `temporal server start-dev` (the launcher). */
export const DEV_SERVER_SEARCH_ATTRIBUTES = Object.entries(SEARCH_ATTRIBUTES).map(
  ([name, type]) => `${name}=${type === SearchAttributeType.KEYWORD_LIST ? 'KeywordList' : 'Keyword'}`,
);

const ORG = defineSearchAttributeKey('PlinthOrg', SearchAttributeType.KEYWORD);
const ACTOR = defineSearchAttributeKey('PlinthActor', SearchAttributeType.KEYWORD);
const ASSETS = defineSearchAttributeKey('PlinthAssetIds', SearchAttributeType.KEYWORD_LIST);

export type WorkflowKind =
  | 'training'
  | 'automl'
  | 'deployment'
  | 'edge-rollout'
  | 'recipe'
  | 'evaluation'
  | 'active-learning'
  | 'pre-annotation';

/** `<kind>/<subject>/<uuid>`; a subject id with characters outside [A-Za-z0-9._:-] is percent-encoded. */
export function workflowIdFor(kind: WorkflowKind, subjectId: string, uuid: string = randomUUID()): string {
  const subject = subjectId.replace(/[^A-Za-z0-9._:-]/g, (c) => encodeURIComponent(c));
  return `${kind}/${subject}/${uuid}`;
}

/** Whether `id` is a workflow id of this kind: the scheme above, or the `<prefix><uuid>` ids of older runs. */
export const isWorkflowIdOf = (kind: WorkflowKind, legacyPrefix: string, id: string): boolean =>
  (id.startsWith(`${kind}/`) || id.startsWith(legacyPrefix)) && id.length <= 200;

export interface WorkflowLabels {
  /** Who asked. */
  actor: { username: string; org: string };
  /** What, in a sentence (the memo's `what`). */
  what: string;
  /** Every asset the workflow is about (model, version, dataset version, service, edge nodes, ...). */
  assetIds: readonly (string | null | undefined)[];
}

/** The memo and search attributes of a workflow start (see the header). */
export function labelled(labels: WorkflowLabels): {
  memo: Record<string, unknown>;
  typedSearchAttributes: SearchAttributePair[];
} {
  // KeywordList values are capped by Temporal (per value 2 KB, whole attributes 40 KB): a big rollout
  // lists its first 100 nodes; the memo and the workflow input hold them all.
  const assetIds = [...new Set(labels.assetIds.filter((id): id is string => !!id))].slice(0, 100);
  return {
    memo: { requestedBy: labels.actor.username, org: labels.actor.org, what: labels.what, assetIds },
    typedSearchAttributes: [
      { key: ORG, value: labels.actor.org },
      { key: ACTOR, value: labels.actor.username },
      { key: ASSETS, value: assetIds },
    ],
  };
}

const { IndexedValueType } = proto.temporal.api.enums.v1;
const INDEXED: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

let ensured: Promise<void> | undefined;

/** Registers the search attributes the namespace lacks (once per process; again after a failure). */
export function ensureSearchAttributes(client: Client): Promise<void> {
  ensured ??= (async () => {
    const { operatorService } = client.connection;
    const namespace = config.temporal.namespace;
    const { customAttributes } = await operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(customAttributes ?? {})[name]);
    if (missing.length === 0) return;
    try {
      await operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED[type]!])),
      });
    } catch (error) {
      // Another process may have added them meanwhile.
      const again = (await operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
      if (missing.every(([name]) => again[name])) return;
      throw new Error(
        `Temporal namespace ${namespace} lacks the search attributes ${missing.map(([n]) => n).join(', ')} and they could not be added ` +
          `(${(error as Error).message}); add them with \`temporal operator search-attribute create\` (see domain/temporal/labels.ts)`,
        { cause: error },
      );
    }
  })();
  ensured.catch(() => (ensured = undefined));
  return ensured;
}
