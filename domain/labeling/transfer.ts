// Export and import of a project's labels (Label Studio JSON, COCO, YOLO, CSV; formats/).
// Export: the accepted values (one per item), or with `all` every annotator's latest annotation.
// Import: the whole file is parsed and every value checked (formats/ then values.ts) before anything is
// written; then one transaction writes all of it or nothing. Imported annotations are the importing
// user's (one per task and annotator, as a submission), marked imported with the format, and a task
// that reaches the project's overlap goes to IN_REVIEW as after a submission. An ACCEPTED task's labels
// are final: a file that names one is refused.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { LOCK, inWriteTx } from '../../lib/graph/asset-store.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { badInput } from '../../lib/subgraph/errors.js';
import { versionRows } from '../datasets/rows.js';
import {
  parseLabels,
  serializeLabels,
  LabelFormatError,
  type ExportRecord,
  type FormatItem,
  type LabelFormat,
} from './formats/index.js';
import { csvRecords } from './formats/csv.js';
import type { FormatProject } from './formats/shared.js';
import { assertActive, managedProject, projectTasks, type ManagedProject } from './project-read.js';
import { checkValue, LabelValueError } from './values.js';

/** An import file larger than this is refused before parsing (a project holds at most 20,000 tasks). */
export const MAX_IMPORT_CHARS = 50 * 1024 * 1024;

const formatProject = (p: ManagedProject): FormatProject => ({
  name: p.name,
  taskType: p.taskType,
  labels: p.labels.map((l) => ({ value: l.value, name: l.name })),
});

/** Width and height of each image of an image source (the collection's rows), for COCO and Label Studio. */
async function imageSizes(
  driver: Driver,
  project: ManagedProject,
): Promise<Map<string, { width: number; height: number }>> {
  const sizes = new Map<string, { width: number; height: number }>();
  if (project.taskType !== 'IMAGE_CLASSIFICATION' && project.taskType !== 'BOUNDING_BOX') return sizes;
  const page = await versionRows(driver, project.sourceVersionId, `label export of project ${project.id}`, {
    offset: 0,
    limit: Number.MAX_SAFE_INTEGER,
  });
  const [file, width, height] = ['file', 'width', 'height'].map((c) => page.columns.indexOf(c));
  for (const row of page.rows)
    sizes.set(String(row[file!]), { width: Number(row[width!]), height: Number(row[height!]) });
  return sizes;
}

export async function exportLabels(
  driver: Driver,
  actor: Identity,
  projectId: string,
  format: LabelFormat,
  all: boolean,
): Promise<string> {
  const project = await managedProject(driver, actor, projectId);
  const tasks = await projectTasks(driver, projectId, all ? undefined : 'ACCEPTED');
  const sizes = await imageSizes(driver, project);
  const records: ExportRecord[] = [];
  for (const t of tasks) {
    const item: FormatItem = { taskId: t.id, item: t.item, text: t.text, ...sizes.get(t.item) };
    if (!all) records.push({ item, value: t.finalValue! });
    else for (const a of t.annotations) records.push({ item, value: a.value, annotator: a.annotator });
  }
  if (all && (format === 'COCO' || format === 'YOLO'))
    throw badInput(
      `${format} holds one labelling per image: export the accepted labels, or use LABEL_STUDIO or CSV for every annotator's`,
      'all',
    );
  try {
    return serializeLabels(format, formatProject(project), records, all);
  } catch (error) {
    if (error instanceof LabelFormatError) throw badInput(error.message, 'format');
    throw error;
  }
}

export interface LabelImportResult {
  projectId: string;
  /** Annotations written (new or replacing the importer's earlier one). */
  imported: number;
  /** Of those, how many replaced an earlier annotation by the same user. */
  replaced: number;
  /** Tasks that reached the project's overlap with this import. */
  nowInReview: number;
  /**
   * Fields of the file that were read past, not stored: who annotated in the other tool (CSV
   * `annotator`, Label Studio `completed_by`/`created_username`) is not taken as a Plinth user's
   * annotation: every imported annotation is the importer's.
   */
  ignoredFields: string[];
}

/** The file's fields an import does not store (see LabelImportResult.ignoredFields); the file parsed already. */
function ignoredFields(format: LabelFormat, content: string, taskType: string): string[] {
  if (format === 'CSV') {
    const [header] = csvRecords(content.startsWith('\ufeff') ? content.slice(1) : content);
    const used = new Set(['item', taskType.endsWith('CLASSIFICATION') ? 'label' : 'value_json']);
    return (header?.fields ?? []).map((f) => f.trim()).filter((f) => f !== '' && !used.has(f.toLowerCase()));
  }
  if (format === 'LABEL_STUDIO') {
    const found = new Set<string>();
    const tasks = JSON.parse(content) as unknown;
    for (const task of Array.isArray(tasks) ? tasks : [])
      for (const a of (task as { annotations?: unknown[] }).annotations ?? [])
        for (const field of ['completed_by', 'created_username'])
          if (a && typeof a === 'object' && field in a) found.add(`annotations[].${field}`);
    return [...found].sort();
  }
  return [];
}

export async function importLabels(
  driver: Driver,
  actor: Identity,
  projectId: string,
  format: LabelFormat,
  content: string,
): Promise<LabelImportResult> {
  if (content.length > MAX_IMPORT_CHARS)
    throw badInput(`the file is ${content.length} characters; at most ${MAX_IMPORT_CHARS}`, 'content');
  const project = await managedProject(driver, actor, projectId);
  assertActive(project);
  const tasks = await projectTasks(driver, projectId);
  const byItem = new Map(tasks.map((t) => [t.item, t]));
  const labels = project.labels.map((l) => l.value);
  let values: Array<{ taskId: string; value: string }>;
  try {
    const parsed = parseLabels(
      format,
      formatProject(project),
      content,
      tasks.map((t) => ({ taskId: t.id, item: t.item, text: t.text })),
    );
    if (parsed.length === 0) throw new LabelFormatError('the file', 'holds no labels for this project');
    values = parsed.map((l) => {
      const task = byItem.get(l.item)!;
      if (task.status === 'ACCEPTED')
        throw new LabelFormatError(
          l.at,
          `the task of item ${JSON.stringify(l.item)} is ACCEPTED; its labels are final`,
        );
      // The same rules as a submission: the stored text is values.ts's canonical form.
      const value = checkValue(l.value, { taskType: project.taskType, labels, text: task.text }, l.at);
      return { taskId: task.id, value: JSON.stringify(value) };
    });
  } catch (error) {
    if (error instanceof LabelFormatError || error instanceof LabelValueError) throw badInput(error.message, 'content');
    throw error;
  }
  const ignored = ignoredFields(format, content, project.taskType);
  return inWriteTx(driver, async (tx) => {
    // The project is locked, then each task the file names, as a submission locks it (annotate.ts): a
    // review, a submission or another import of the same task waits for this one, and what is checked
    // below is what is written.
    await tx.run(`MATCH (p:${Label.LabelingProject} {id: $projectId}) ${LOCK('p')}`, { projectId });
    const locked = await tx.run(
      `UNWIND $ids AS id MATCH (t:${Label.LabelTask} {id: id}) ${LOCK('t')}
       RETURN t.item AS item, t.status AS status, t.assignees AS assignees ORDER BY t.seq`,
      { ids: values.map((v) => v.taskId) },
    );
    const rows = locked.records.map((r) => r.toObject() as { item: string; status: string; assignees: string[] });
    const accepted = rows.find((r) => r.status === 'ACCEPTED');
    if (accepted)
      throw badInput(
        `the task of item ${JSON.stringify(accepted.item)} was accepted meanwhile; nothing imported`,
        'content',
      );
    // The importer's annotations are theirs: they become an assignee of each task, but never past the
    // overlap (as assignLabelTasks): a task already with `overlap` other assignees is refused, nothing written.
    const full = rows.filter((r) => !r.assignees.includes(actor.username) && r.assignees.length >= project.overlap);
    if (full.length > 0)
      throw badInput(
        `the task(s) of item(s) ${full
          .slice(0, 5)
          .map((r) => JSON.stringify(r.item))
          .join(
            ', ',
          )} already have ${project.overlap} annotator(s) (the project's overlap) and ${actor.username} is not one: import into tasks not yet assigned to others, or unassign someone first`,
        'content',
      );
    const { records } = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId})
       UNWIND $values AS v
       MATCH (t:${Label.LabelTask} {id: v.taskId})-[:${Rel.IN_PROJECT}]->(p)
       OPTIONAL MATCH (old:${Label.Annotation} {taskId: t.id, annotator: $annotator})
       WITH p, t, v, count(old) > 0 AS replaced, collect(old) AS olds, t.status AS before
       FOREACH (o IN olds | DETACH DELETE o)
       SET t.assignees = CASE WHEN $annotator IN t.assignees THEN t.assignees ELSE t.assignees + $annotator END
       CREATE (a:${Label.Annotation} {id: randomUUID(), taskId: t.id, value: v.value, annotator: $annotator,
               submittedAt: datetime(), fromSuggestion: false, imported: true, importFormat: $format, importId: $importId})
       CREATE (a)-[:${Rel.ANNOTATES}]->(t)
       WITH p, t, replaced, before, COUNT { (:${Label.Annotation})-[:${Rel.ANNOTATES}]->(t) } AS n
       // The rule of a submission: IN_REVIEW at overlap annotations, or one from each assignee when fewer.
       SET t.status = CASE WHEN t.status = 'OPEN'
                            AND n >= CASE WHEN size(t.assignees) < p.overlap THEN size(t.assignees) ELSE p.overlap END
                      THEN 'IN_REVIEW' ELSE t.status END
       RETURN sum(CASE WHEN replaced THEN 1 ELSE 0 END) AS replaced,
              sum(CASE WHEN before = 'OPEN' AND t.status = 'IN_REVIEW' THEN 1 ELSE 0 END) AS nowInReview,
              count(*) AS imported`,
      { projectId, values, annotator: actor.username, format, importId: randomUUID() },
    );
    await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId})
       SET p.annotators = CASE WHEN $annotator IN coalesce(p.annotators, []) THEN p.annotators
                               ELSE coalesce(p.annotators, []) + $annotator END`,
      { projectId, annotator: actor.username },
    );
    const r = records[0]!;
    const result: LabelImportResult = {
      projectId,
      imported: Number(r.get('imported')),
      replaced: Number(r.get('replaced')),
      nowInReview: Number(r.get('nowInReview')),
      ignoredFields: ignored,
    };
    await writeAudit(tx, {
      action: 'labeling.import',
      actor,
      targetId: projectId,
      targetLabel: Label.LabelingProject,
      after: { ...result, format },
    });
    return result;
  });
}
