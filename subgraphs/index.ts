// The subgraphs of this hub: name (shared by folder, compose service and SDL file), schema, port.
import type { GraphQLSchema } from 'graphql';
import { config } from '../lib/config.js';
import { schema as assets } from './assets/schema/index.js';
import { schema as models } from './models/schema/index.js';
import { schema as serving } from './serving/schema/index.js';
import { servingRoutes } from './serving/inference/routes.js';
import { schema as compute } from './compute/schema/index.js';
import type { SubgraphRoutes, SubgraphWarmUp } from '../lib/subgraph/server.js';
import { modelRoutes } from './models/upload/route.js';
import { assetRoutes } from './assets/upload/route.js';
import { schema as lineage } from './lineage/schema/index.js';
import { lineageRoutes } from './lineage/routes.js';
import { schema as knowledge } from './knowledge/schema/index.js';
import { warmKnowledge } from './knowledge/warm.js';

export interface SubgraphDefinition {
  name: string;
  schema: GraphQLSchema;
  port: number;
  /** Where the gateway reaches it; overridable per deployment with <NAME>_URL. */
  url: string;
  /** HTTP routes served beside GraphQL (the models subgraph's artifact upload). */
  routes?: SubgraphRoutes;
  /** Run before it listens, so its first request is as fast as the hundredth. */
  warm?: SubgraphWarmUp;
}

const urlFor = (name: string, port: number): string =>
  process.env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}/graphql`;

const define = (
  name: 'assets' | 'models' | 'serving' | 'compute' | 'lineage' | 'knowledge',
  schema: GraphQLSchema,
): SubgraphDefinition => ({
  name,
  schema,
  port: config.subgraphs[name].port,
  url: urlFor(name, config.subgraphs[name].port),
});

export const subgraphs: SubgraphDefinition[] = [
  { ...define('assets', assets), routes: assetRoutes },
  { ...define('models', models), routes: modelRoutes },
  { ...define('serving', serving), routes: servingRoutes },
  define('compute', compute),
  { ...define('lineage', lineage), routes: lineageRoutes },
  { ...define('knowledge', knowledge), warm: warmKnowledge },
];
