// The four label formats behind exportLabels and importLabels, by name.
import { fromCoco, toCoco } from './coco.js';
import { fromCsv, toCsv } from './csv.js';
import { fromLabelStudio, toLabelStudio } from './label-studio.js';
import { ItemIndex, type ExportRecord, type FormatItem, type FormatProject, type ParsedLabel } from './shared.js';
import { fromYolo, toYolo } from './yolo.js';

export type LabelFormat = 'LABEL_STUDIO' | 'COCO' | 'YOLO' | 'CSV';
export const LABEL_FORMATS: LabelFormat[] = ['LABEL_STUDIO', 'COCO', 'YOLO', 'CSV'];

/**
 * Serialises records: the accepted values (one per item) or, with `all`, every annotator's latest.
 * COCO and YOLO hold one labelling per image, so they take only the accepted values.
 */
export function serializeLabels(
  format: LabelFormat,
  project: FormatProject,
  records: ExportRecord[],
  all: boolean,
): string {
  switch (format) {
    case 'LABEL_STUDIO':
      return toLabelStudio(project, records, !all);
    case 'CSV':
      return toCsv(project, records, all);
    case 'COCO':
      return toCoco(project, records);
    case 'YOLO':
      return toYolo(project, records);
  }
}

/** Parses and checks a whole file against the project's labels and items; throws LabelFormatError at the first problem. */
export function parseLabels(
  format: LabelFormat,
  project: FormatProject,
  content: string,
  items: FormatItem[],
): ParsedLabel[] {
  const index = new ItemIndex(items);
  switch (format) {
    case 'LABEL_STUDIO':
      return fromLabelStudio(project, content, index);
    case 'CSV':
      return fromCsv(project, content, index);
    case 'COCO':
      return fromCoco(project, content, index);
    case 'YOLO':
      return fromYolo(project, content, index);
  }
}

export { LabelFormatError, canonicalValue } from './shared.js';
export type { ExportRecord, FormatItem, FormatProject, ParsedLabel } from './shared.js';
