// The checks of a new labeling project's input that need no graph: name, label schema, overlap,
// annotators, item limit. Each failure is BAD_USER_INPUT naming the field.
import { badInput } from '../../lib/subgraph/errors.js';
import { checkInt, checkName, checkNoControl, checkText } from '../../lib/subgraph/validate.js';
import {
  MAX_ANNOTATORS,
  MAX_LABEL_CLASSES,
  MAX_OVERLAP,
  MAX_TASKS,
  type LabelClass,
  type LabelTaskType,
} from './shared.js';
import { TASK_TYPES } from './values.js';

export interface NewLabelingProject {
  name: string;
  description?: string | null;
  sourceVersionId: string;
  taskType: LabelTaskType;
  labels: LabelClass[];
  textColumn?: string | null;
  overlap?: number | null;
  annotators: string[];
  assignAll?: boolean | null;
  maxItems?: number | null;
}

export interface CheckedProject {
  name: string;
  description: string;
  sourceVersionId: string;
  taskType: LabelTaskType;
  labels: LabelClass[];
  textColumn: string | null;
  overlap: number;
  annotators: string[];
  assignAll: boolean;
  maxItems: number | null;
}

/** Keycloak usernames as the realm allows them (letters, digits, . _ - @). */
const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,99}$/i;

export const isTextTask = (t: LabelTaskType): boolean => t === 'TEXT_CLASSIFICATION' || t === 'ENTITY_SPAN';

export function checkLabelClasses(labels: LabelClass[]): LabelClass[] {
  if (labels.length === 0 || labels.length > MAX_LABEL_CLASSES)
    throw badInput(`labels must list 1 to ${MAX_LABEL_CLASSES} classes`, 'labels');
  const values = new Set<string>();
  const hotkeys = new Set<string>();
  return labels.map((l, i) => {
    const at = `labels[${i}]`;
    const value = l.value.trim();
    if (value.length === 0 || value.length > 100) throw badInput(`${at}.value must be 1 to 100 characters`, 'labels');
    checkNoControl(value, `${at}.value`);
    // Label values are identifiers written into CSVs (the snapshot training reads, the export): one
    // starting with a formula character would run as a formula in a spreadsheet. The snapshot is
    // training data whose cells Plinth does not alter, so such a value is refused here instead.
    if (/^[=+\-@]/.test(value))
      throw badInput(
        `${at}.value "${value}" starts with "${value[0]}", which a spreadsheet runs as a formula; a label value is an identifier: start it with a letter or digit`,
        'labels',
      );
    if (values.has(value)) throw badInput(`${at}.value "${value}" appears twice`, 'labels');
    values.add(value);
    const name = l.name.trim();
    if (name.length === 0 || name.length > 100) throw badInput(`${at}.name must be 1 to 100 characters`, 'labels');
    checkNoControl(name, `${at}.name`);
    const nameEn = l.nameEn?.trim() || null;
    if (nameEn !== null && nameEn.length > 100) throw badInput(`${at}.nameEn must be at most 100 characters`, 'labels');
    if (nameEn !== null) checkNoControl(nameEn, `${at}.nameEn`);
    const hotkey = l.hotkey ?? null;
    if (hotkey !== null) {
      // One printable key, so the annotating page can bind it without a chord.
      if ([...hotkey].length !== 1 || /\s/u.test(hotkey))
        throw badInput(`${at}.hotkey must be one character (a key), got "${hotkey}"`, 'labels');
      checkNoControl(hotkey, `${at}.hotkey`);
      const key = hotkey.toLowerCase();
      if (hotkeys.has(key)) throw badInput(`${at}.hotkey "${hotkey}" is already another label's`, 'labels');
      hotkeys.add(key);
    }
    return { value, name, nameEn, hotkey };
  });
}

export function checkProjectInput(input: NewLabelingProject): CheckedProject {
  const name = checkName(input.name);
  // The label dataset is named "<name> labels", within the dataset name limit.
  if (name.length > 190) throw badInput('name must be at most 190 characters', 'name');
  if (!(TASK_TYPES as readonly string[]).includes(input.taskType))
    throw badInput(`taskType must be one of ${TASK_TYPES.join(', ')}`, 'taskType');
  const labels = checkLabelClasses(input.labels);
  const text = isTextTask(input.taskType);
  const textColumn = input.textColumn?.trim() || null;
  if (text && !textColumn) throw badInput(`textColumn is required for ${input.taskType}`, 'textColumn');
  if (!text && textColumn) throw badInput(`textColumn is only for text tasks, not ${input.taskType}`, 'textColumn');
  if (textColumn) checkNoControl(textColumn, 'textColumn');
  const overlap = checkInt(input.overlap, 'overlap', 1, MAX_OVERLAP) ?? 1;
  if (input.annotators.length > MAX_ANNOTATORS) throw badInput(`at most ${MAX_ANNOTATORS} annotators`, 'annotators');
  const bad = input.annotators.find((a) => !USERNAME.test(a));
  if (bad !== undefined) throw badInput(`annotators: "${bad.slice(0, 100)}" is not a username`, 'annotators');
  const annotators = [...new Set(input.annotators)];
  const assignAll = input.assignAll ?? true;
  if (assignAll && annotators.length < overlap)
    throw badInput(
      `overlap ${overlap} needs at least ${overlap} distinct annotators to assign every task; got ${annotators.length}`,
      'annotators',
    );
  return {
    name,
    description: checkText(input.description, 'description') ?? '',
    sourceVersionId: input.sourceVersionId,
    taskType: input.taskType,
    labels,
    textColumn,
    overlap,
    annotators,
    assignAll,
    maxItems: checkInt(input.maxItems, 'maxItems', 1, MAX_TASKS) ?? null,
  };
}

/**
 * Each task's assignees: round-robin over `annotators`, `overlap` distinct ones per task (fewer when
 * fewer annotators), so the work spreads evenly and no one sees a task twice.
 */
export function roundRobin(count: number, annotators: readonly string[], overlap: number, start = 0): string[][] {
  const n = annotators.length;
  if (n === 0) return Array.from({ length: count }, () => []);
  const k = Math.min(overlap, n);
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: k }, (_, j) => annotators[((start + i) * k + j) % n]!),
  );
}
