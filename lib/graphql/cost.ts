// The query-cost limit (GRAPHQL_MAX_COST) of the gateway and every subgraph, in place of graphql-armor's.
// Its model priced an ordinary lineage page out (issue #15: `lineage(first: 100)` with node properties
// was "Syntax Error: Query Cost limit of 5000 exceeded, found 5806"), for two reasons:
//  - `first: N` multiplied the field's whole subtree, so the page's one `root`, `totalCount`, `pageInfo`
//    and `truncated` were counted 100 times, as if each item carried them;
//  - every level of nesting multiplied its children by 1.5, so a connection (`nodes { edges { node {...} } }`)
//    cost 3.4x its fields for the wrapping alone; while `first: $n` (a variable) multiplied nothing at all.
// Here a query costs about what it resolves: 1 per scalar or enum value, 2 per object (the fetch), and a
// list of objects costs its per-item cost times the items it can hold:
//  - a field with `first`/`last` (literal, variable, the variable's declared default, or the schema's
//    default) sets the page size for the
//    lists directly under it: a connection's `edges`/`nodes`, or a list field taking `first` itself;
//  - an unpaged list of objects is priced at DEFAULT_LIST_ITEMS (a model's versions, a graph's groups);
//  - lists of scalars (tags, ids) cost 1: they are one value to fetch;
//  - `_entities` (a subgraph's side of a federated fetch) counts its items once: the gateway priced them
//    in the client's operation, and GRAPHQL_MAX_ENTITIES bounds how many one request may carry.
// With the limit of 10,000 (it was 5,000, which refused the cross-subgraph walk below): a 100-item lineage
// page with a node's six fields and the page's edges costs about 1,700; 100 models each with their
// versions' five fields (10 assumed) about 7,600; the walk `models(first: 5) { versions { deployments {
// accelerator { node } } } }` 6,732, since its unpaged lists compound (5 x 10 versions x 10 deployments);
// 100 models each with their versions' deployments about 55,600, refused with a message saying to ask for
// first: 17 or fewer fields. Depth and aliases have their own limits. A field whose work its selection does
// not show (verifyAuditChain re-hashes a range of the audit chain) adds its price from WORK_PRICES.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  isInputType,
  typeFromAST,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export const SCALAR_COST = 1;
export const OBJECT_COST = 2;
/** Items assumed in a list of objects that takes no page size. */
export const DEFAULT_LIST_ITEMS = 10;
const PAGE_ARGS = ['first', 'last'];

/**
 * Fields whose work is far beyond what their selection shows, priced by the work from their arguments
 * (added to the selection's cost). Keyed by `Type.field`; the gateway and the owning subgraph price alike.
 */
export const WORK_PRICES: Record<string, (args: Record<string, unknown>) => number> = {
  // Reads and re-hashes every audit event of its range: 1.4-1.9 s for the whole chain of ~7,800 events.
  // A range is priced at 1 per AUDIT_EVENTS_PER_COST events; an open range (no toSeq: up to the newest
  // event) at the whole chain's AUDIT_CHAIN_COST, so four whole-chain checks exceed the default limit.
  'Query.verifyAuditChain': ({ fromSeq, toSeq }) => {
    if (typeof toSeq !== 'number') return AUDIT_CHAIN_COST;
    const events = toSeq - (typeof fromSeq === 'number' ? Math.max(1, fromSeq) : 1) + 1;
    return Math.min(AUDIT_CHAIN_COST, Math.max(1, Math.ceil(events / AUDIT_EVENTS_PER_COST)));
  },
  // Counts every asset one org owns (ORG_ASSET_COUNTS_COST below).
  'Org.assetCounts': () => ORG_ASSET_COUNTS_COST,
};
export const AUDIT_CHAIN_COST = 3_000;
/** Org.assetCounts counts every asset one org owns, ten kinds by their owner indexes: twenty of them in one
 * request (the tester's 20 aliases, which held Neo4j busy for a minute) exceed the default limit. */
export const ORG_ASSET_COUNTS_COST = 500;
export const AUDIT_EVENTS_PER_COST = 3;

export interface CostReport {
  cost: number;
  /** The paged field whose subtree costs most (the one to ask fewer items of), when the query has one. */
  costliestPage: { path: string; items: number; cost: number } | null;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  pages: { path: string; items: number; cost: number }[];
}

/** The page size a field's `first`/`last` argument asks for (its variable's value or the schema default), or null. */
function pageSize(
  walk: Walk,
  def: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: never }[],
) {
  for (const name of PAGE_ARGS) {
    const argDef = def.args.find((a) => a.name === name);
    if (!argDef) continue;
    const node = args.find((a) => a.name.value === name);
    const value = (node ? valueFromAST(node.value, argDef.type, walk.variables) : undefined) ?? argDef.defaultValue;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return null;
}

/** A field's arguments as it will run with them (literals, variables, the schema's defaults). */
function argumentValues(
  walk: Walk,
  def: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: never }[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const argDef of def.args) {
    const node = args.find((a) => a.name.value === argDef.name);
    values[argDef.name] =
      (node ? valueFromAST(node.value, argDef.type, walk.variables) : undefined) ?? argDef.defaultValue;
  }
  return values;
}

function selectionCost(
  walk: Walk,
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  page: number | null,
  path: string,
): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? walk.schema.getType(sel.typeCondition.name.value) : type;
      if (on && isCompositeType(on)) cost += selectionCost(walk, sel.selectionSet, on, page, path);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(sel.name.value);
      const on = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (fragment && on && isCompositeType(on)) cost += selectionCost(walk, fragment.selectionSet, on, page, path);
      continue;
    }
    const name = sel.name.value;
    if (name === '__schema' || name === '__type') continue; // introspection: not priced
    if (name === '__typename' || (isAbstractType(type) && !isInterfaceType(type))) {
      cost += SCALAR_COST;
      continue;
    }
    const def = (isObjectType(type) || isInterfaceType(type)) && type.getFields()[name];
    if (!def) {
      cost += SCALAR_COST;
      continue;
    }
    const here = path ? `${path}.${name}` : name;
    const work = WORK_PRICES[`${type.name}.${name}`];
    if (work) cost += work(argumentValues(walk, def, (sel.arguments ?? []) as never));
    const named = getNamedType(def.type);
    if (!sel.selectionSet || !isCompositeType(named)) {
      cost += SCALAR_COST;
      continue;
    }
    const own = pageSize(walk, def, (sel.arguments ?? []) as never);
    const isList = isListType(getNullableType(def.type));
    // A list takes its own page size, else the one set above it; below a list, lists are unpaged again.
    const items = isList ? (name === '_entities' ? 1 : (own ?? page ?? DEFAULT_LIST_ITEMS)) : 1;
    const below = isList ? null : (own ?? page);
    const each = OBJECT_COST + selectionCost(walk, sel.selectionSet, named, below, here);
    const total = items * each;
    if (own !== null) walk.pages.push({ path: here, items: own, cost: total });
    cost += total;
  }
  return cost;
}

/**
 * The variables as the operation will run with them: one not given takes its declared default (`$n: Int = 100`),
 * as execution does; without this an omitted `$n` read as no page size and a 100-item page was priced at the
 * field's default of 20 (issue #15: a 966 KB answer that the same query with {n: 100} is refused). A variable
 * given as null stays null: the resolvers read it as the field's default, and so does pageSize.
 */
function withDefaults(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const variables = { ...given };
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (variables[name] !== undefined || !def.defaultValue) continue;
    const type = typeFromAST(schema, def.type as never);
    if (type && isInputType(type)) variables[name] = valueFromAST(def.defaultValue, type);
  }
  return variables;
}

/** The cost of `operation` (see the header), with the paged field that costs most. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): CostReport {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const walk: Walk = { schema, fragments, variables: withDefaults(schema, operation, variables), pages: [] };
  const cost = root ? selectionCost(walk, operation.selectionSet, root, null, '') : 0;
  const costliestPage = walk.pages.reduce<CostReport['costliestPage']>((a, b) => (a && a.cost >= b.cost ? a : b), null);
  return { cost: Math.round(cost), costliestPage };
}

/**
 * The refusal: which limit (`setting` names where it comes from), the computed cost, and how to page.
 * A subgraph's limit is twice the gateway's, so its refusal must not name the gateway's setting alone.
 */
export function tooCostly(report: CostReport, limit: number, setting = 'GRAPHQL_MAX_COST'): GraphQLError {
  const { cost, costliestPage: page } = report;
  // Cost grows about linearly with a page's size: this many items of the costliest page would fit.
  const fits = page ? Math.max(1, Math.floor((page.items * (limit - (cost - page.cost))) / page.cost)) : null;
  const advice = fits
    ? `ask for fewer items (first: ${fits} or less on ${page!.path}, then page with after) or fewer fields`
    : 'ask for fewer items (first: N) or fewer fields';
  return new GraphQLError(
    `Query too costly: its cost is ${cost}, over the limit of ${limit} (${setting}); ${advice}. ` +
      `Each value costs 1, each object 2, and a list its items times the cost of one.`,
    { extensions: { code: 'QUERY_TOO_COSTLY', cost, limit, http: { status: 400 } } },
  );
}

/** Refuses (400, QUERY_TOO_COSTLY) an operation that costs more than `limit`. */
export function costLimit<C extends BaseContext>(limit: number, setting?: string): ApolloServerPlugin<C> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, document, request, schema }) => {
        if (!operation) return;
        const report = queryCost(schema, document, operation, request.variables ?? {});
        if (report.cost > limit) throw tooCostly(report, limit, setting);
      },
    }),
  };
}
