// Entities owned by the assets subgraph, referenced here by key only. Their own resolveReference in
// assets applies the visibility rule; this subgraph adds Dataset.models (see dataset.ts).
import { builder } from '../builder.js';

export const OrgRef = builder
  .externalRef('Org', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({
    fields: (t) => ({ id: t.exposeID('id') }),
  });

// Resolvable here: this subgraph adds DatasetVersion.trainingRuns and autoMLStudies (automl.ts).
export const DatasetVersionRef = builder
  .externalRef('DatasetVersion', builder.selection<{ id: string }>('id'))
  .implement({ fields: (t) => ({ id: t.exposeID('id') }) });
