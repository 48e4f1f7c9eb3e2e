// Image collections: a ZIP or tar of images with an optional labels file at its root (image-labels.ts).
// Plinth streams the archive once (archive-entries.ts), recognises each image by its magic bytes and
// reads its width and height from its header (image-probe.ts); the version's rows are its images, one
// per file: file, label, width, height, format, bytes. Files that are not images (a README) are left out
// and counted; a file named like an image whose bytes are none is refused, as is an archive with no
// image, a labels row naming a file that is no image in the archive, an unsafe name or a zip bomb.
import { config } from '../../lib/config.js';
import { formatBytes } from '../../lib/http/upload.js';
import { archiveFiles, type ArchiveLimits } from './archive-entries.js';
import type { ArchiveFormat } from './formats.js';
import { ImageProbe, type ImageFormat } from './image-probe.js';
import { LABEL_FILES, MAX_LABELS_BYTES, mergeLabels, parseLabels, type LabelFile } from './image-labels.js';
import { DataFormatError, type ColumnSchema } from './profile.js';

export interface ImageRow {
  file: string;
  label: string | null;
  width: number;
  height: number;
  format: ImageFormat;
  bytes: number;
}

interface Range {
  min: number;
  max: number;
  mean: number;
}

export interface ImageCollectionProfile {
  kind: 'images';
  count: number;
  formats: Partial<Record<ImageFormat, number>>;
  width: Range;
  height: Range;
  bytes: Range & { total: number };
  /** Images per label. */
  labels: Record<string, number>;
  unlabeled: number;
  labelFiles: LabelFile[];
  /** Files that are not images, left out of the rows (the first few named). */
  otherFiles: { count: number; examples: string[] };
}

export interface ArchiveInspection {
  rowCount: number;
  schema: { columns: ColumnSchema[] };
  profile: ImageCollectionProfile;
  /** The rows, by file name. */
  images: ImageRow[];
}

export const IMAGE_COLUMNS: ColumnSchema[] = [
  { name: 'file', type: 'VARCHAR' },
  { name: 'label', type: 'VARCHAR' },
  { name: 'width', type: 'INTEGER' },
  { name: 'height', type: 'INTEGER' },
  { name: 'format', type: 'VARCHAR' },
  { name: 'bytes', type: 'BIGINT' },
];

/** Half a million entries: beyond what fits the default 4 GiB limit as images of any useful size. */
export const MAX_ARCHIVE_ENTRIES = 500_000;

export const archiveLimits = (): ArchiveLimits => ({
  maxBytes: config.uploads.maxDatasetBytes,
  maxEntries: MAX_ARCHIVE_ENTRIES,
});

const IMAGE_EXTENSION = /\.(png|jpe?g|gif|webp|bmp)$/i;
// macOS writes resource forks beside each file in zips it makes; they are metadata, not images.
const systemFile = (name: string): boolean =>
  name.startsWith('__MACOSX/') || /(^|\/)\._[^/]*$/.test(name) || /(^|\/)(\.DS_Store|Thumbs\.db)$/.test(name);

function range(values: number[]): Range {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / values.length };
}

async function readAll(chunks: AsyncIterable<Buffer>, name: string, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    if (length > limit) throw new DataFormatError(`${name} is larger than ${formatBytes(limit)}`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** Rows, schema and profile of an image collection, in one pass over the archive. Throws DataFormatError. */
export async function inspectArchive(
  path: string,
  format: ArchiveFormat,
  limits: ArchiveLimits = archiveLimits(),
): Promise<ArchiveInspection> {
  const images: Omit<ImageRow, 'label'>[] = [];
  const seen = new Set<string>();
  const labelFiles: Partial<Record<LabelFile, [string, string][]>> = {};
  const others: string[] = [];
  for await (const entry of archiveFiles(path, format, limits)) {
    if (seen.has(entry.name)) throw new DataFormatError(`the archive has two entries named "${entry.name}"`);
    seen.add(entry.name);
    if ((LABEL_FILES as readonly string[]).includes(entry.name)) {
      if (entry.size > MAX_LABELS_BYTES)
        throw new DataFormatError(`${entry.name} is larger than ${formatBytes(MAX_LABELS_BYTES)}`);
      labelFiles[entry.name as LabelFile] = parseLabels(
        entry.name as LabelFile,
        await readAll(entry.chunks, entry.name, MAX_LABELS_BYTES),
      );
      continue;
    }
    if (systemFile(entry.name)) {
      others.push(entry.name);
      continue;
    }
    const probe = new ImageProbe(entry.name);
    let bytes = 0;
    for await (const chunk of entry.chunks) {
      bytes += chunk.length;
      probe.feed(chunk);
    }
    const header = probe.finish();
    if (header) {
      images.push({ file: entry.name, ...header, bytes });
    } else if (IMAGE_EXTENSION.test(entry.name)) {
      throw new DataFormatError(
        `${entry.name} is named like an image but its bytes are not PNG, JPEG, GIF, WebP or BMP (a damaged or mislabelled file)`,
      );
    } else {
      others.push(entry.name);
    }
  }
  if (images.length === 0)
    throw new DataFormatError(
      `the archive holds no images (PNG, JPEG, GIF, WebP or BMP)${others.length > 0 ? `: its ${others.length} file(s) start with ${others.slice(0, 3).join(', ')}` : ': it is empty'}`,
    );

  const labels = mergeLabels(labelFiles);
  const imageNames = new Set(images.map((i) => i.file));
  for (const file of labels.keys()) {
    if (imageNames.has(file)) continue;
    const source = LABEL_FILES.find((s) => labelFiles[s]?.some(([f]) => f.replace(/^(\.\/)+/, '') === file));
    throw new DataFormatError(
      seen.has(file)
        ? `${source} labels ${file}, which is in the archive but is not an image`
        : `${source} labels ${file}, which is not in the archive`,
    );
  }

  const rows: ImageRow[] = images
    .map((image) => ({ ...image, label: labels.get(image.file) || null }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const formats: Partial<Record<ImageFormat, number>> = {};
  // A Map, not an object: a label is any text, "__proto__" included.
  const byLabel = new Map<string, number>();
  let unlabeled = 0;
  for (const row of rows) {
    formats[row.format] = (formats[row.format] ?? 0) + 1;
    if (row.label === null) unlabeled++;
    else byLabel.set(row.label, (byLabel.get(row.label) ?? 0) + 1);
  }
  const sizes = range(rows.map((r) => r.bytes));
  return {
    rowCount: rows.length,
    schema: { columns: IMAGE_COLUMNS },
    profile: {
      kind: 'images',
      count: rows.length,
      formats,
      width: range(rows.map((r) => r.width)),
      height: range(rows.map((r) => r.height)),
      bytes: { ...sizes, total: rows.reduce((sum, r) => sum + r.bytes, 0) },
      labels: Object.fromEntries(byLabel),
      unlabeled,
      labelFiles: LABEL_FILES.filter((s) => labelFiles[s] !== undefined),
      otherFiles: { count: others.length, examples: others.slice(0, 10) },
    },
    images: rows,
  };
}
