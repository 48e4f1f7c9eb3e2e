// Every federated asset entity gains `lineage` and `auditTrail`. The types are owned by the assets,
// models, serving and compute subgraphs; here they are referenced by key, and a reference resolves
// only when the caller may see the node (null otherwise), like everywhere else.
import { builder } from '../builder.js';
import { Label } from '../../../lib/graph/ontology.js';
import { RefStore } from '../repository/ref-store.js';
import { COMPLIANCE } from './access.js';
import { AuditEventConnection, resolveAuditTrail } from './audit-event.js';
import { LineageGraph } from './lineage-node.js';
import { lineageArgs, resolveLineage } from './lineage.js';

const ENTITIES = [
  Label.Dataset,
  Label.DatasetVersion,
  Label.Model,
  Label.ModelVersion,
  Label.Service,
  Label.Deployment,
  Label.EdgeNode,
  Label.Accelerator,
] as const;

export const entityRefs = Object.fromEntries(
  ENTITIES.map((label) => {
    // Batched per request: N representations of one label cost one query.
    const ref = builder.externalRef(label, builder.selection<{ id: string }>('id'), ({ id }, ctx) =>
      ctx.loaders.load(`ref:${label}`, id, (ids) => new RefStore(ctx.driver).visible(ctx.identity, label, ids)),
    );
    ref.implement({
      authScopes: { authenticated: true },
      fields: (t) => ({
        id: t.exposeID('id'),
        lineage: t.field({
          type: LineageGraph,
          nullable: true,
          description: 'Its lineage (see Query.lineage). Compliance officers.',
          authScopes: COMPLIANCE,
          args: lineageArgs,
          resolve: (e, args, ctx, info) => resolveLineage(e.id, args, ctx, info),
        }),
        auditTrail: t.field({
          type: AuditEventConnection,
          nullable: true,
          description: 'Audit events about it, newest first. Compliance officers.',
          authScopes: COMPLIANCE,
          args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
          resolve: (e, args, ctx) => resolveAuditTrail({ targetId: e.id }, args, ctx),
        }),
      }),
    });
    return [label, ref];
  }),
);
