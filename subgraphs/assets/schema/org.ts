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
  }),
});

builder.asEntity(OrgRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => (await new OrgStore(ctx.driver).byIds([id]))[0] ?? null,
});
