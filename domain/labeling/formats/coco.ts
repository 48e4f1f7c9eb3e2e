// COCO: {images: [{id, file_name, width, height}], annotations: [{id, image_id, category_id, bbox?}],
// categories: [{id, name}]}. Boxes are pixel [x, y, width, height] from the top-left corner; for class
// projects an annotation without bbox gives the image's class (COCO has no class-only form; this is
// what tools that read COCO for classification take). One labelling per image: no annotator field.
import {
  checkBox,
  checkLabel,
  isClassTask,
  isObject,
  type ItemIndex,
  LabelFormatError,
  needSize,
  needTaskTypes,
  onePerItem,
  parseJson,
  type BoxValue,
  type ClassValue,
  type ExportRecord,
  type FormatProject,
  type LabelBox,
  type ParsedLabel,
} from './shared.js';

const TYPES = ['IMAGE_CLASSIFICATION', 'BOUNDING_BOX'] as const;

export function toCoco(project: FormatProject, records: ExportRecord[]): string {
  needTaskTypes(project, 'COCO', [...TYPES]);
  const categories = project.labels.map((l, i) => ({ id: i + 1, name: l.value, supercategory: 'none' }));
  const categoryId = new Map(categories.map((c) => [c.name, c.id]));
  const images: Array<{ id: number; file_name: string; width: number | null; height: number | null }> = [];
  const annotations: unknown[] = [];
  for (const r of records) {
    const image_id = images.length + 1;
    const boxes = project.taskType === 'BOUNDING_BOX';
    const size = boxes ? needSize(r.item, r.item.item) : null;
    images.push({ id: image_id, file_name: r.item.item, width: r.item.width ?? null, height: r.item.height ?? null });
    if (!boxes) {
      annotations.push({
        id: annotations.length + 1,
        image_id,
        category_id: categoryId.get((r.value as ClassValue).label),
      });
      continue;
    }
    for (const b of (r.value as BoxValue).boxes) {
      const bbox = [b.x * size!.width, b.y * size!.height, b.w * size!.width, b.h * size!.height];
      annotations.push({
        id: annotations.length + 1,
        image_id,
        category_id: categoryId.get(b.label),
        bbox,
        area: bbox[2]! * bbox[3]!,
        iscrowd: 0,
      });
    }
  }
  return JSON.stringify({ info: { description: project.name }, images, annotations, categories }, null, 2);
}

function list(doc: Record<string, unknown>, field: string): unknown[] {
  const v = doc[field];
  if (!Array.isArray(v)) throw new LabelFormatError(field, `missing field ${field} (a list)`);
  return v;
}

function posNum(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new LabelFormatError(at, 'missing or not a positive number');
  return v;
}

export function fromCoco(project: FormatProject, content: string, items: ItemIndex): ParsedLabel[] {
  needTaskTypes(project, 'COCO', [...TYPES]);
  const doc = parseJson(content, 'the file');
  if (!isObject(doc)) throw new LabelFormatError('the file', 'must be a COCO object {images, annotations, categories}');
  const categories = new Map<unknown, string>();
  list(doc, 'categories').forEach((c, i) => {
    const at = `categories[${i}]`;
    if (!isObject(c) || c.id === undefined) throw new LabelFormatError(`${at}.id`, 'missing field id');
    categories.set(c.id, checkLabel(project, c.name, `${at}.name`));
  });
  const images = new Map<unknown, { item: string; width: number; height: number; at: string }>();
  list(doc, 'images').forEach((im, i) => {
    const at = `images[${i}]`;
    if (!isObject(im) || im.id === undefined) throw new LabelFormatError(`${at}.id`, 'missing field id');
    if (images.has(im.id)) throw new LabelFormatError(`${at}.id`, `image id ${JSON.stringify(im.id)} appears twice`);
    const item = items.find(im.file_name, `${at}.file_name`);
    const boxes = project.taskType === 'BOUNDING_BOX';
    images.set(im.id, {
      item: item.item,
      width: boxes ? posNum(im.width, `${at}.width`) : 0,
      height: boxes ? posNum(im.height, `${at}.height`) : 0,
      at,
    });
  });
  const perImage = new Map<unknown, { labels: Array<{ label: string; at: string }>; boxes: LabelBox[] }>();
  for (const id of images.keys()) perImage.set(id, { labels: [], boxes: [] });
  list(doc, 'annotations').forEach((a, i) => {
    const at = `annotations[${i}]`;
    if (!isObject(a)) throw new LabelFormatError(at, 'an annotation must be an object');
    const image = images.get(a.image_id);
    if (!image) throw new LabelFormatError(`${at}.image_id`, `no image has id ${JSON.stringify(a.image_id)}`);
    const label = categories.get(a.category_id);
    if (label === undefined)
      throw new LabelFormatError(`${at}.category_id`, `no category has id ${JSON.stringify(a.category_id)}`);
    const mine = perImage.get(a.image_id)!;
    if (isClassTask(project.taskType)) {
      mine.labels.push({ label, at });
      return;
    }
    const bbox = a.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4 || bbox.some((n) => typeof n !== 'number' || !Number.isFinite(n)))
      throw new LabelFormatError(`${at}.bbox`, 'missing or not four numbers [x, y, width, height]');
    const [x, y, w, h] = bbox as number[];
    mine.boxes.push(
      checkBox(
        project,
        { label, x: x! / image.width, y: y! / image.height, w: w! / image.width, h: h! / image.height },
        `${at}.bbox`,
      ),
    );
  });
  const out: ParsedLabel[] = [];
  for (const [id, image] of images) {
    const mine = perImage.get(id)!;
    if (project.taskType === 'BOUNDING_BOX') {
      // A listed image without annotations was looked at and has no box.
      out.push({ item: image.item, value: { boxes: mine.boxes }, at: image.at });
      continue;
    }
    if (mine.labels.length === 0) continue;
    const other = mine.labels.find((l) => l.label !== mine.labels[0]!.label);
    if (other) throw new LabelFormatError(other.at, `${image.at} already has category ${mine.labels[0]!.label}`);
    out.push({ item: image.item, value: { label: mine.labels[0]!.label }, at: image.at });
  }
  return onePerItem(project.taskType, out);
}
