// The profile is JSON in the API (DatasetVersion.profile): a table's per-column figures or an image
// collection's counts (domain/datasets/profile.ts, images.ts). Read defensively: an older profile may
// lack a field, and the page must show what there is rather than fail.
export interface ColumnProfile {
  name: string;
  type: string;
  kind: string;
  count: number;
  nulls: number;
  distinct: number;
  min: string | number | null;
  max: string | number | null;
  mean: number | null;
  histogram: { from: number; to: number; count: number }[] | null;
  topValues: { value: string; share: number }[] | null;
}

export interface TableProfile {
  kind: 'table';
  rowCount: number;
  sampleRows: number;
  columns: ColumnProfile[];
}

export interface ImageProfile {
  kind: 'images';
  count: number;
  formats: Record<string, number>;
  width?: { mean: number };
  height?: { mean: number };
  labels: Record<string, number>;
  unlabeled: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function readProfile(profile: unknown): TableProfile | ImageProfile | null {
  if (!isObject(profile)) return null;
  if (profile.kind === 'table' && Array.isArray(profile.columns)) return profile as unknown as TableProfile;
  if (profile.kind === 'images') {
    const p = profile as Partial<ImageProfile>;
    return {
      ...p,
      kind: 'images',
      count: p.count ?? 0,
      formats: p.formats ?? {},
      labels: p.labels ?? {},
      unlabeled: p.unlabeled ?? 0,
    };
  }
  return null;
}

/** Share of a column's values that are missing, in percent. */
export const missingPct = (c: ColumnProfile): number => (c.count > 0 ? (100 * c.nulls) / c.count : 0);
