// AuditEvent (read only), Query.auditTrail and Query.verifyAuditChain.
import { builder } from '../builder.js';
import { defineConnection, pageWindow } from '../../../lib/subgraph/connection.js';
import { encodeOffsetCursor } from '../../../lib/subgraph/cursor.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { checkInt, checkText } from '../../../lib/subgraph/validate.js';
import type { ChainReport } from '../../../lib/graph/audit-verify.js';
import { AuditStore, type AuditEventRecord, type AuditFilter } from '../repository/audit-store.js';
import { COMPLIANCE } from './access.js';

export const AuditEvent = builder.objectRef<AuditEventRecord>('AuditEvent').implement({
  description:
    'One link of the audit hash chain: who did what to which node, when, with digests of the state before and after.',
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq', { description: 'Position in the chain (1, 2, ...).' }),
    action: t.exposeString('action'),
    actorId: t.exposeID('actorId'),
    actorName: t.exposeString('actorName'),
    actorOrg: t.exposeID('actorOrg'),
    targetId: t.exposeID('targetId'),
    targetLabel: t.exposeString('targetLabel'),
    at: t.expose('at', { type: 'DateTime' }),
    beforeDigest: t.exposeString('beforeDigest', { nullable: true }),
    afterDigest: t.exposeString('afterDigest', { nullable: true }),
    workflowId: t.exposeString('workflowId', { nullable: true }),
    runId: t.exposeString('runId', { nullable: true }),
    hash: t.exposeString('hash'),
    prevHash: t.exposeString('prevHash'),
  }),
});

export const AuditEventConnection = defineConnection(builder, 'AuditEvent', AuditEvent);

export async function resolveAuditTrail(
  filter: AuditFilter,
  page: { first?: number | null; after?: string | null },
  ctx: SubgraphContext,
) {
  const { offset, limit } = pageWindow(page);
  if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to))
    throw badInput('from must not be after to', 'from');
  const { items, hasMore, count } = await new AuditStore(ctx.driver).page(ctx.identity, filter, { offset, limit });
  // The chain only grows: counting it is left to requests that select totalCount.
  const edges = items.map((node, i) => ({ cursor: encodeOffsetCursor(offset + i), node }));
  return { edges, totalCount: count, pageInfo: { hasNextPage: hasMore, endCursor: edges.at(-1)?.cursor ?? null } };
}

const ChainBreak = builder.objectRef<NonNullable<ChainReport['firstBreak']>>('AuditChainBreak').implement({
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    eventId: t.exposeID('eventId', { nullable: true }),
    reason: t.exposeString('reason'),
    expectedHash: t.exposeString('expectedHash', {
      nullable: true,
      description:
        "The hash the chain requires at this link: the event's re-computed hash (altered) or the previous event's hash (unlinked); null when the event is missing.",
    }),
    foundHash: t.exposeString('foundHash', {
      nullable: true,
      description: 'The hash stored on the event (its hash, or its prevHash when unlinked); null when missing.',
    }),
    event: t.field({
      type: AuditEvent,
      nullable: true,
      description:
        'The stored event at the broken link as it reads now, when it exists and you may see it (the same rule as auditTrail).',
      // Looked up with the auditTrail visibility rule, so verifying the chain reveals no event the caller could not list.
      resolve: async (b, _args, ctx) => {
        const { items } = await new AuditStore(ctx.driver).page(ctx.identity, { seq: b.seq }, { offset: 0, limit: 1 });
        return items[0] ?? null;
      },
    }),
  }),
});

export const AuditChainReport = builder.objectRef<ChainReport>('AuditChainReport').implement({
  description: 'The audit hash chain re-computed from the stored events.',
  fields: (t) => ({
    intact: t.exposeBoolean('intact'),
    checked: t.exposeInt('checked', {
      description:
        "Events verified before the first break (all of them when intact): for a unit below the group's root org, only " +
        'those of them you may see (as auditTrail lists them), not the whole chain.',
    }),
    fromSeq: t.exposeInt('fromSeq'),
    toSeq: t.exposeInt('toSeq', { nullable: true }),
    firstBreak: t.field({
      type: ChainBreak,
      nullable: true,
      description: 'The first altered or missing event.',
      resolve: (r) => r.firstBreak,
    }),
  }),
});

builder.queryFields((t) => ({
  auditTrail: t.field({
    type: AuditEventConnection,
    description:
      "Audit events, newest first. Listed when their target is visible to you, or (target deleted) when the actor's org is yours or " +
      'below it. `action` matches exactly or as a prefix ("deployment" matches "deployment.create"). Compliance officers.',
    authScopes: COMPLIANCE,
    args: {
      actor: t.arg.string({ description: 'Username or user id.' }),
      action: t.arg.string(),
      targetId: t.arg.id(),
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
      org: t.arg.id({ description: 'Events by actors of this org or about assets it owns.' }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      resolveAuditTrail(
        {
          actor: checkText(args.actor, 'actor', 200),
          action: checkText(args.action, 'action', 200),
          targetId: args.targetId ?? null,
          from: args.from,
          to: args.to,
          org: args.org ?? null,
        },
        args,
        ctx,
      ),
  }),
  verifyAuditChain: t.field({
    type: AuditChainReport,
    description:
      'Re-computes the hash chain over [fromSeq, toSeq] (the whole chain by default) and names the first broken link. Compliance officers.',
    authScopes: COMPLIANCE,
    args: { fromSeq: t.arg.int(), toSeq: t.arg.int() },
    resolve: (_root, args, ctx) => {
      const fromSeq = checkInt(args.fromSeq, 'fromSeq', 1);
      const toSeq = checkInt(args.toSeq, 'toSeq', 1);
      if (fromSeq !== undefined && toSeq !== undefined && toSeq < fromSeq)
        throw badInput('toSeq must not be below fromSeq', 'toSeq');
      return new AuditStore(ctx.driver).verify(ctx.identity, { fromSeq, toSeq });
    },
  }),
}));
