// Who sees a labeling project or task, decided inside the query. A project is managed (owned, its tasks
// reviewed) by data scientists and platform admins of its org or an org above it; an annotator sees a
// project only when a task of it is assigned to them and the source version is visible to their org,
// and sees only the tasks assigned to them. Everyone else sees nothing: not found, never "forbidden".
// `p` and `t` are variable names chosen by our code; the values come from labelingScope's parameters.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { viewerScope, visibleTo, type ViewerScope } from '../../lib/graph/visibility.js';
import { mayAnnotate, mayManage } from './shared.js';

export interface LabelingScope extends ViewerScope {
  username: string;
  manages: boolean;
  annotates: boolean;
}

export async function labelingScope(driver: Driver, who: Identity): Promise<LabelingScope> {
  return {
    ...(await viewerScope(driver, who)),
    username: who.username,
    manages: mayManage(who),
    annotates: mayAnnotate(who),
  };
}

/** The caller manages project `p`. */
export const MANAGES = (p: string): string => `($manages AND ${p}.ownerOrgId IN $visibleOrgs)`;

const SOURCE_VISIBLE = (p: string): string =>
  `EXISTS { MATCH (${p})-[:${Rel.LABELS}]->(sv:${Label.DatasetVersion}) WHERE ${visibleTo('sv')} }`;

/** The caller sees project `p`. */
export const PROJECT_VISIBLE = (p: string): string =>
  `(${MANAGES(p)} OR ($annotates AND $username IN coalesce(${p}.annotators, []) AND ${SOURCE_VISIBLE(p)}))`;

/** The caller sees task `t` of project `p`. */
export const TASK_VISIBLE = (t: string, p: string): string =>
  `(${MANAGES(p)} OR ($annotates AND $username IN ${t}.assignees AND ${SOURCE_VISIBLE(p)}))`;
