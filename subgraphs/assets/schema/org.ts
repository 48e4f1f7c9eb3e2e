import { builder } from '../builder.js';
import { OrgStore, type OrgRecord } from '../repository/org-store.js';

export const OrgRef = builder.objectRef<OrgRecord>('Org');

OrgRef.implement({
  description: 'An organisation unit: group headquarters, a provincial branch or a city unit.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    level: t.exposeString('level', { description: 'group, province or city' }),
    parent: t.field({
      type: OrgRef,
      nullable: true,
      resolve: async (org, _args, ctx) =>
        org.parentId ? ((await new OrgStore(ctx.driver).byIds([org.parentId]))[0] ?? null) : null,
    }),
    children: t.field({
      type: [OrgRef],
      description: 'The orgs directly below this one that you may see.',
      resolve: (org, _args, ctx) => new OrgStore(ctx.driver).children(ctx.identity, org.id),
    }),
  }),
});

builder.queryField('org', (t) =>
  t.field({
    type: OrgRef,
    nullable: true,
    description:
      'An org by id: yours, one above or below it, or the owner of an asset shared with yours; null otherwise.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => new OrgStore(ctx.driver).visible(ctx.identity, args.id),
  }),
);

builder.queryField('orgs', (t) =>
  t.field({
    type: [OrgRef],
    description: 'Every org you may look up (see `org`), group first, then provinces, then cities.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => new OrgStore(ctx.driver).allVisible(ctx.identity),
  }),
);

builder.asEntity(OrgRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => (await new OrgStore(ctx.driver).byIds([id]))[0] ?? null,
});
