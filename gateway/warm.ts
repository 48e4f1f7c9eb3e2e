// Warm-up of the gateway before it listens, so the first request after start is as fast as the hundredth.
// A cold gateway spent ~150 ms on its first request (the realm's keys fetched and converted, Apollo's request
// pipeline and the query planner run for the first time) and ~40 ms more on the first plan of each operation.
// Here: the realm's keys are fetched and converted once; then one operation per root Query field of the API
// (its scalar fields two levels deep; placeholder arguments) goes through Apollo's whole pipeline (parse,
// validate, limits, query planning, execution) with a warm-up context that the subgraph data source never
// sends anywhere, so nothing leaves the gateway and no subgraph needs to be up.
import type { ApolloServer } from '@apollo/server';
import {
  buildASTSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type Keycloak from 'keycloak-connect';
import type { Identity } from '../lib/auth/identity.js';
import { warmIntrospection } from '../lib/auth/introspect.js';
import { createLogger } from '../lib/logger.js';
import type { GatewayContext } from './context.js';

const log = createLogger('gateway');

/** The caller of warm-up operations: no roles, no token; the data source recognises it and sends nothing. */
export const WARM_UP_CALLER: Identity = { sub: 'plinth-warm-up', username: 'warm-up', roles: [], org: 'hq' };

/** How deep the warm-up selections go below a root field. */
const DEPTH = 2;

/** A selection of the type's leaf fields (and of its objects' leaves, `depth` levels down); '' when none. */
function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts: string[] = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    // Fields below the root that need arguments are left out (the root's get placeholders).
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isLeafType(inner)) parts.push(field.name);
    else if (depth > 0) {
      const sub = selection(field.type, depth - 1);
      if (sub) parts.push(`${field.name} ${sub}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** A placeholder value for a required argument; undefined when there is none to make (an input object). */
function placeholder(type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) {
    const item = placeholder(t.ofType as GraphQLInputType);
    return item === undefined ? undefined : [item];
  }
  if (isEnumType(t)) return t.getValues()[0]?.value;
  if (isInputObjectType(t)) return undefined;
  if (isScalarType(t))
    return t.name === 'Int' || t.name === 'Float'
      ? 1
      : t.name === 'Boolean'
        ? false
        : t.name === 'JSON'
          ? {}
          : 'warm-up';
  return undefined;
}

/** One query per root field: `query Warm_<field>($a: T!) { <field>(a: $a) { …leaves } }` with its variables. */
export function warmOperations(schema: GraphQLSchema): { query: string; variables: Record<string, unknown> }[] {
  const root = schema.getQueryType();
  if (!root) return [];
  const ops: { query: string; variables: Record<string, unknown> }[] = [];
  for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.name.startsWith('_')) continue;
    const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    const variables: Record<string, unknown> = {};
    let ok = true;
    for (const a of required) {
      const value = placeholder(a.type);
      if (value === undefined) ok = false;
      variables[a.name] = value;
    }
    if (!ok) continue;
    const defs = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
    const sel = selection(field.type, DEPTH);
    ops.push({
      query: `query Warm_${field.name}${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${sel} }`,
      variables,
    });
  }
  return ops;
}

interface KeyRotation {
  retrieveJWKs(): Promise<{ keys: { kid: string }[] }>;
  getJWK(kid: string): Promise<unknown> | undefined;
}

/**
 * Warms the gateway; never throws (a gateway that cannot warm still starts, only its first request is slower).
 * `apiSchemaSdl`: the supergraph; its API schema's root fields are planned.
 */
export async function warmGateway(
  server: ApolloServer<GatewayContext>,
  keycloak: Keycloak.Keycloak,
  apiSchema: GraphQLSchema,
): Promise<void> {
  const began = performance.now();
  const done: string[] = [];
  try {
    const rotation = (keycloak as unknown as { grantManager: { rotation: KeyRotation } }).grantManager.rotation;
    const { keys } = await rotation.retrieveJWKs();
    // getJWK fetches the set once more and caches it (and, memoised, the key objects: gateway/keycloak-cache.ts).
    for (const key of keys) await rotation.getJWK(key.kid);
    await warmIntrospection();
    done.push(`${keys.length} realm key(s), introspection`);
  } catch (error) {
    done.push(`realm keys or introspection not reached (${(error as Error).message})`);
  }
  const ops = warmOperations(apiSchema);
  let planned = 0;
  const refused: string[] = [];
  const context: GatewayContext = { identity: WARM_UP_CALLER, token: '', warmUp: true };
  for (const op of ops) {
    try {
      const res = await server.executeOperation(op, { contextValue: context });
      const result = res.body.kind === 'single' ? res.body.singleResult : res.body.initialResult;
      const invalid = result.errors?.find((e) =>
        ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT'].includes(String(e.extensions?.code)),
      );
      if (invalid) refused.push(`${/Warm_(\w+)/.exec(op.query)?.[1]}: ${invalid.message}`);
      else planned++;
    } catch (error) {
      refused.push((error as Error).message);
    }
  }
  done.push(`${planned} of ${ops.length} root Query fields planned`);
  log.info(`gateway warmed in ${Math.round(performance.now() - began)} ms: ${done.join('; ')}`);
  if (refused.length > 0) log.debug(`warm-up operations refused: ${refused.join(' | ')}`);
}

/** The API schema of a supergraph SDL, for warmOperations (the join/link machinery left in: unused by it). */
export const schemaOf = (sdl: string): GraphQLSchema => buildASTSchema(parse(sdl), { assumeValidSDL: true });
