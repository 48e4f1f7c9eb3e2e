// Paging through a lineage walk reads one snapshot. A lineage page is a slice of the whole walk, so a
// client that pages through 2,000 nodes (the portal's picture: 20 pages of 100) used to pay for 20 full
// walks, and could get pages of different graphs if the graph changed in between. Now the first page
// (no `after`) always walks afresh and keeps its result here for a short while; a continuation page
// (`after` given) with the same caller and arguments slices that snapshot instead of walking again.
// The key holds everything visibility depends on (the caller's id, org and roles), so a snapshot is
// never served to anyone else. Per process and bounded: another replica or an expired snapshot simply
// walks again, which is what every page did before.
import type { Identity } from '../../../lib/auth/identity.js';
import type { LineageGraphRecord } from './lineage-store.js';

export const SNAPSHOT_TTL_MS = 60_000;
export const MAX_SNAPSHOTS = 32;

export interface WalkArgs {
  id: string;
  direction: string;
  depth: number;
  kinds?: readonly string[] | null;
  /** Whether node and edge properties were read (a walk without them cannot answer a page that wants them). */
  properties: boolean;
}

export const snapshotKey = (viewer: Identity, args: WalkArgs): string =>
  JSON.stringify([
    viewer.sub,
    viewer.org,
    [...viewer.roles].sort(),
    args.id,
    args.direction,
    args.depth,
    args.kinds ? [...args.kinds].sort() : null,
    args.properties,
  ]);

export class WalkSnapshots {
  private readonly entries = new Map<string, { at: number; graph: LineageGraphRecord }>();

  constructor(
    private readonly ttlMs = SNAPSHOT_TTL_MS,
    private readonly max = MAX_SNAPSHOTS,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): LineageGraphRecord | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.graph;
  }

  set(key: string, graph: LineageGraphRecord): void {
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), graph });
    // Oldest first (Map keeps insertion order): drop the oldest past the bound.
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
