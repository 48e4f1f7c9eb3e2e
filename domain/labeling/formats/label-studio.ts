// Label Studio JSON: the task list Label Studio exports and imports,
//   [{id, data: {image|text, item}, annotations: [{id, result: [...], ground_truth, created_username}]}]
// with results of type 'choices' (classes), 'rectanglelabels' (boxes, percent of the image, top-left
// corner) and 'labels' (entity spans, UTF-16 offsets). data.item carries Plinth's item so a re-import
// finds its task exactly; without it the image URL, the file's base name or the text is looked up.
import {
  checkBox,
  checkLabel,
  checkSpan,
  isClassTask,
  isImageTask,
  isObject,
  itemUrl,
  type ItemIndex,
  LabelFormatError,
  canonicalValue,
  parseJson,
  type BoxValue,
  type ClassValue,
  type ExportRecord,
  type FormatItem,
  type FormatProject,
  type LabelValue,
  type ParsedLabel,
  type SpanValue,
} from './shared.js';

const FROM = 'label';

function result(project: FormatProject, record: ExportRecord): unknown[] {
  const to = isImageTask(project.taskType) ? 'image' : 'text';
  const { value, item } = record;
  if (isClassTask(project.taskType))
    return [{ from_name: FROM, to_name: to, type: 'choices', value: { choices: [(value as ClassValue).label] } }];
  if (project.taskType === 'BOUNDING_BOX')
    return (value as BoxValue).boxes.map((b, i) => ({
      id: `b${i}`,
      from_name: FROM,
      to_name: to,
      type: 'rectanglelabels',
      ...(item.width && item.height ? { original_width: item.width, original_height: item.height } : {}),
      image_rotation: 0,
      value: {
        x: b.x * 100,
        y: b.y * 100,
        width: b.w * 100,
        height: b.h * 100,
        rotation: 0,
        rectanglelabels: [b.label],
      },
    }));
  return (value as SpanValue).spans.map((s, i) => ({
    id: `s${i}`,
    from_name: FROM,
    to_name: to,
    type: 'labels',
    value: {
      start: s.start,
      end: s.end,
      labels: [s.label],
      ...(item.text ? { text: item.text.slice(s.start, s.end) } : {}),
    },
  }));
}

/** One Label Studio task per item, one annotation per record (an accepted value is marked ground truth). */
export function toLabelStudio(project: FormatProject, records: ExportRecord[], accepted: boolean): string {
  const tasks = new Map<string, { item: FormatItem; annotations: unknown[] }>();
  for (const r of records) {
    const task = tasks.get(r.item.taskId) ?? { item: r.item, annotations: [] };
    tasks.set(r.item.taskId, task);
    task.annotations.push({
      id: task.annotations.length + 1,
      result: result(project, r),
      ground_truth: accepted,
      ...(r.annotator ? { created_username: r.annotator } : {}),
    });
  }
  const out = [...tasks.values()].map(({ item, annotations }, i) => ({
    id: i + 1,
    data: isImageTask(project.taskType)
      ? { image: itemUrl(item.taskId), item: item.item }
      : { text: item.text ?? '', item: item.item },
    annotations,
  }));
  return JSON.stringify(out, null, 2);
}

function one<T>(list: unknown, at: string, what: string): T {
  if (!Array.isArray(list) || list.length !== 1) throw new LabelFormatError(at, `must list exactly one ${what}`);
  return list[0] as T;
}

function num(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LabelFormatError(at, 'missing or not a number');
  return v;
}

function parseResults(project: FormatProject, item: FormatItem, results: unknown, at: string): LabelValue {
  if (!Array.isArray(results)) throw new LabelFormatError(`${at}.result`, 'missing: an annotation needs a result list');
  const want = isClassTask(project.taskType)
    ? 'choices'
    : project.taskType === 'BOUNDING_BOX'
      ? 'rectanglelabels'
      : 'labels';
  const ofType = results.map((r, i) => {
    const where = `${at}.result[${i}]`;
    if (!isObject(r) || !isObject(r.value)) throw new LabelFormatError(where, 'missing field value');
    if (r.type !== want)
      throw new LabelFormatError(
        `${where}.type`,
        `${JSON.stringify(r.type)} where a ${project.taskType} project takes ${want}`,
      );
    return { r: r as Record<string, unknown> & { value: Record<string, unknown> }, where };
  });
  if (isClassTask(project.taskType)) {
    const { r, where } = one<(typeof ofType)[number]>(ofType, `${at}.result`, 'choices result');
    return {
      label: checkLabel(project, one(r.value.choices, `${where}.value.choices`, 'choice'), `${where}.value.choices[0]`),
    };
  }
  if (project.taskType === 'BOUNDING_BOX')
    return {
      boxes: ofType.map(({ r, where }) => {
        const v = r.value;
        if (v.rotation !== undefined && v.rotation !== 0)
          throw new LabelFormatError(`${where}.value.rotation`, 'rotated boxes are not supported');
        return checkBox(
          project,
          {
            label: one<string>(v.rectanglelabels, `${where}.value.rectanglelabels`, 'label'),
            x: num(v.x, `${where}.value.x`) / 100,
            y: num(v.y, `${where}.value.y`) / 100,
            w: num(v.width, `${where}.value.width`) / 100,
            h: num(v.height, `${where}.value.height`) / 100,
          },
          `${where}.value`,
        );
      }),
    };
  return {
    spans: ofType.map(({ r, where }) => {
      const v = r.value;
      const span = checkSpan(
        project,
        {
          label: one<string>(v.labels, `${where}.value.labels`, 'label'),
          start: num(v.start, `${where}.value.start`),
          end: num(v.end, `${where}.value.end`),
        },
        item.text,
        `${where}.value`,
      );
      if (
        typeof v.text === 'string' &&
        typeof item.text === 'string' &&
        item.text.slice(span.start, span.end) !== v.text
      )
        throw new LabelFormatError(`${where}.value.text`, "does not match the task's text at start..end");
      return span;
    }),
  };
}

/**
 * The labels of a Label Studio export. Per task the ground-truth annotations are taken when any is
 * marked, else all; several that differ are refused (an import is one person's labels). A task
 * without annotations is skipped.
 */
export function fromLabelStudio(project: FormatProject, content: string, items: ItemIndex): ParsedLabel[] {
  const tasks = parseJson(content, 'the file');
  if (!Array.isArray(tasks)) throw new LabelFormatError('the file', 'must be a JSON list of Label Studio tasks');
  const out: ParsedLabel[] = [];
  tasks.forEach((task, i) => {
    const at = `[${i}]`;
    if (!isObject(task)) throw new LabelFormatError(at, 'a task must be an object');
    if (!isObject(task.data)) throw new LabelFormatError(`${at}.data`, 'missing field data');
    const data = task.data;
    const item =
      data.item !== undefined
        ? items.find(data.item, `${at}.data.item`)
        : isImageTask(project.taskType)
          ? items.find(data.image, `${at}.data.image`)
          : items.findByText(data.text, `${at}.data.text`);
    if (!Array.isArray(task.annotations)) throw new LabelFormatError(`${at}.annotations`, 'missing field annotations');
    const all = task.annotations.map((a, j) => {
      if (!isObject(a)) throw new LabelFormatError(`${at}.annotations[${j}]`, 'an annotation must be an object');
      return { a, j };
    });
    const live = all.filter(({ a }) => a.was_cancelled !== true);
    const truth = live.filter(({ a }) => a.ground_truth === true);
    const chosen = (truth.length > 0 ? truth : live).map(({ a, j }) => ({
      at: `${at}.annotations[${j}]`,
      value: parseResults(project, item, a.result, `${at}.annotations[${j}]`),
    }));
    if (chosen.length === 0) return;
    const first = JSON.stringify(canonicalValue(project.taskType, chosen[0]!.value));
    const other = chosen.find((c) => JSON.stringify(canonicalValue(project.taskType, c.value)) !== first);
    if (other)
      throw new LabelFormatError(other.at, `differs from ${chosen[0]!.at}; mark the one to import as ground_truth`);
    out.push({ item: item.item, value: chosen[0]!.value, at: chosen[0]!.at });
  });
  return out;
}
