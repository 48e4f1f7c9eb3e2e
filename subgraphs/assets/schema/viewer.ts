import { builder } from '../builder.js';
import { OrgStore } from '../repository/org-store.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { OrgRef } from './org.js';

const ViewerRef = builder.objectRef<Identity>('Viewer').implement({
  description: 'The caller, as the verified access token describes them.',
  fields: (t) => ({
    username: t.exposeString('username'),
    roles: t.exposeStringList('roles'),
    org: t.field({
      type: OrgRef,
      nullable: true,
      resolve: async (viewer, _args, ctx) => (await new OrgStore(ctx.driver).byIds([viewer.org]))[0] ?? null,
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Who the gateway and this subgraph believe you are.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.identity,
  }),
);
