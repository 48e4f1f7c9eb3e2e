// Every setting Plinth reads, with its documented default, in one place.
// Services bind to loopback by default; override with environment variables.
import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};

/** Cache and state folder outside the repository: downloads, builds, data, logs, pids. */
export const plinthHome = env('PLINTH_HOME', join(homedir(), '.cache', 'plinth'));

export const paths = {
  home: plinthHome,
  downloads: join(plinthHome, 'downloads'),
  bin: join(plinthHome, 'bin'),
  data: join(plinthHome, 'data'),
  logs: join(plinthHome, 'logs'),
  run: join(plinthHome, 'run'),
  /** Generated at first start of Neo4j; never in the repository. */
  neo4jPasswordFile: join(plinthHome, 'data', 'neo4j', 'password'),
  artifacts: env('PLINTH_ARTIFACTS', join(plinthHome, 'artifacts')),
};

function neo4jPassword(): string {
  if (process.env.NEO4J_PASSWORD) return process.env.NEO4J_PASSWORD;
  if (existsSync(paths.neo4jPasswordFile)) return readFileSync(paths.neo4jPasswordFile, 'utf8').trim();
  throw new Error(
    `No Neo4j password: set NEO4J_PASSWORD or start the stack (npm run stack -- up), which writes ${paths.neo4jPasswordFile}`,
  );
}

export const config = {
  neo4j: {
    uri: env('NEO4J_URI', 'bolt://127.0.0.1:7687'),
    user: env('NEO4J_USER', 'neo4j'),
    get password(): string {
      return neo4jPassword();
    },
    database: env('NEO4J_DATABASE', 'neo4j'),
    httpPort: num('NEO4J_HTTP_PORT', 7474),
    boltPort: num('NEO4J_BOLT_PORT', 7687),
  },
  temporal: {
    address: env('TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    namespace: env('TEMPORAL_NAMESPACE', 'default'),
    port: num('TEMPORAL_PORT', 7233),
    uiPort: num('TEMPORAL_UI_PORT', 8233),
  },
  keycloak: {
    /** Where this process reaches Keycloak (keys, tokens). */
    url: env('KEYCLOAK_URL', 'http://127.0.0.1:8080'),
    /** The URL Keycloak puts in tokens' `iss`; differs from `url` behind Docker networking. */
    publicUrl: env('KEYCLOAK_PUBLIC_URL', env('KEYCLOAK_URL', 'http://127.0.0.1:8080')),
    port: num('KEYCLOAK_PORT', 8080),
    realm: env('KEYCLOAK_REALM', 'plinth'),
    /** The audience every API token must carry. */
    audience: env('KEYCLOAK_AUDIENCE', 'plinth-gateway'),
    cliClientId: env('KEYCLOAK_CLI_CLIENT', 'plinth-cli'),
    cliClientSecret: env('KEYCLOAK_CLI_SECRET', 'plinth-cli-dev-secret'),
  },
  gateway: {
    host: env('GATEWAY_HOST', '127.0.0.1'),
    port: num('GATEWAY_PORT', 4000),
    /** `tuned` (default) or `stock`, the documented wiring kept as the benchmark's reference. */
    mode: (env('GATEWAY_MODE', 'tuned') === 'stock' ? 'stock' : 'tuned') as 'tuned' | 'stock',
    /** Where workers reach the gateway's GraphQL (deployment activities call the serving API through it). */
    get url(): string {
      return env('GATEWAY_URL', `http://127.0.0.1:${num('GATEWAY_PORT', 4000)}/graphql`);
    },
  },
  subgraphs: {
    /** Interface subgraphs listen on; 0.0.0.0 inside containers. */
    host: env('SUBGRAPH_HOST', '127.0.0.1'),
    assets: { port: num('ASSETS_PORT', 4001) },
    models: { port: num('MODELS_PORT', 4002) },
    serving: { port: num('SERVING_PORT', 4003) },
    compute: { port: num('COMPUTE_PORT', 4004) },
    lineage: { port: num('LINEAGE_PORT', 4005) },
    knowledge: { port: num('KNOWLEDGE_PORT', 4006) },
  },
  uploads: {
    /** Largest model artifact accepted by POST /api/models/:id/versions (bytes); read per request. */
    get maxBytes(): number {
      return num('PLINTH_MAX_UPLOAD_BYTES', 200 * 1024 * 1024);
    },
  },
  limits: {
    maxDepth: num('GRAPHQL_MAX_DEPTH', 12),
    maxAliases: num('GRAPHQL_MAX_ALIASES', 30),
    maxCost: num('GRAPHQL_MAX_COST', 5000),
  },
};

/** The expected `iss` of every token. */
export const issuer = (): string => `${config.keycloak.publicUrl}/realms/${config.keycloak.realm}`;
/** The realm's endpoints as this process reaches them. */
export const realmUrl = (): string => `${config.keycloak.url}/realms/${config.keycloak.realm}`;
