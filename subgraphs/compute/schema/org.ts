// Org is owned by the assets subgraph; here it is only referenced by key.
import { builder } from '../builder.js';

export const OrgRef = builder
  .externalRef('Org', builder.keyDirective(builder.selection<{ id: string }>('id'), false))
  .implement({
    fields: (t) => ({ id: t.exposeID('id') }),
  });
