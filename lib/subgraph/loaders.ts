// Per-request DataLoaders. A federated query asks a subgraph for many entities at once (`_entities`
// with N representations) and then for a nested field of each (Model.versions, Deployment.accelerator);
// resolved one by one, that is N graph round trips per level. Each request gets its own loaders (in
// its context, so nothing is cached across requests or shared between callers), and every resolver of
// one kind hands its id to the same loader: DataLoader collects the ids asked for in the same tick and
// calls the batch function once, which answers them all with one query (lib/graph/batch.ts).
import DataLoader from 'dataloader';

/** Answers one value per id, in the order of `ids` (null, or [] for lists, where there is none). */
export type BatchLoad<V> = (ids: readonly string[]) => Promise<readonly V[]>;

/** The `_entities` cap (GRAPHQL_MAX_ENTITIES) is 1,000 by default: one UNWIND of that many is one query. */
const MAX_BATCH = 1_000;

export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  /**
   * Loads `id` through the loader called `name`, created with `batch` on first use. The name must say
   * everything the batch depends on besides the ids (e.g. `Deployment.ofModelVersion:READY` for a
   * status argument): ids under one name are answered by one call.
   */
  load<V>(name: string, id: string, batch: BatchLoad<V>): Promise<V> {
    return this.loader(name, batch).load(id);
  }

  /**
   * Records what loader `name` would answer for `id`, read by a query that already had it at hand (a
   * parent's query that applied the same visibility rule in the same request), so that a later `load`
   * of it costs no round trip. Never replaces a value already loaded or primed.
   */
  prime<V>(name: string, id: string, value: V, batch: BatchLoad<V>): void {
    this.loader(name, batch).prime(id, value);
  }

  private loader<V>(name: string, batch: BatchLoad<V>): DataLoader<string, V> {
    let loader = this.loaders.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>((ids) => batch(ids), { maxBatchSize: MAX_BATCH });
      this.loaders.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}
