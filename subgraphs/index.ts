// The subgraphs of this hub: name (shared by folder, compose service and SDL file), schema, port.
import type { GraphQLSchema } from 'graphql';
import { config } from '../lib/config.js';
import { schema as assets } from './assets/schema/index.js';

export interface SubgraphDefinition {
  name: string;
  schema: GraphQLSchema;
  port: number;
  /** Where the gateway reaches it; overridable per deployment with <NAME>_URL. */
  url: string;
}

const urlFor = (name: string, port: number): string =>
  process.env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${port}/graphql`;

export const subgraphs: SubgraphDefinition[] = [
  { name: 'assets', schema: assets, port: config.subgraphs.assets.port, url: urlFor('assets', config.subgraphs.assets.port) },
];
