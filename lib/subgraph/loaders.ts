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
    let loader = this.loaders.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>((ids) => batch(ids), { maxBatchSize: MAX_BATCH });
      this.loaders.set(name, loader as DataLoader<string, unknown>);
    }
    return loader.load(id);
  }
}
