// Keycloak: the Quarkus distribution from Maven Central, run with `start-dev` on loopback. The
// realm (roles, users, clients, token mappers) is imported from deploy/keycloak/realm-plinth.json.
// The admin password and the hub's client secrets are generated at first start into
// paths.keycloakSecretsFile (mode 600) and reach the realm import as ${ENV} placeholders.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, paths, type KeycloakSecrets } from '../../lib/config.js';
import { download } from './download.js';
import { execOrThrow } from './exec.js';
import { httpOk } from './health.js';
import { installOnce } from './install.js';
import { findJava, type JavaRuntime } from './java.js';
import type { SpawnSpec } from './process.js';
import type { Service } from './service.js';
import { say } from './ui.js';
import { addMissingRealmEntries, addMissingServiceAccounts } from './realm-sync.js';
import { keycloakDist, minimums, versions } from './versions.js';

const home = join(paths.home, `keycloak-${versions.keycloak}`);
const archive = join(paths.downloads, `keycloak-quarkus-dist-${versions.keycloak}.tar.gz`);
/** Outside the install folder, so a Keycloak upgrade or reinstall keeps users and sessions. */
const dataRoot = join(paths.data, 'keycloak');
export const realmFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'deploy',
  'keycloak',
  'realm-plinth.json',
);
const managementPort = Number(process.env.KEYCLOAK_MANAGEMENT_PORT ?? 9000);
/** The dev H2 database (realms, users, sessions) under dataRoot. */
const h2Dir = join(dataRoot, 'data', 'h2');
/** Digest of the realm file and secrets the current database was created from. */
const importedDigestFile = join(dataRoot, 'realm-imported.sha256');

const SECRET_ENV = {
  adminPassword: 'KEYCLOAK_ADMIN_PASSWORD',
  workerSecret: 'KEYCLOAK_WORKER_SECRET',
  gatewaySecret: 'KEYCLOAK_GATEWAY_SECRET',
} as const;

/** Environment first (as docker-compose passes them), then the file; what is missing is generated and saved. */
export async function ensureSecrets(): Promise<KeycloakSecrets> {
  const file = paths.keycloakSecretsFile;
  const saved = (existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {}) as Partial<KeycloakSecrets>;
  const secrets = {} as KeycloakSecrets;
  let changed = false;
  for (const [key, envName] of Object.entries(SECRET_ENV) as [keyof KeycloakSecrets, string][]) {
    const value = process.env[envName] || saved[key];
    if (value) {
      secrets[key] = value;
    } else {
      secrets[key] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    await mkdir(dirname(file), { recursive: true });
    // Written under another name with mode 600 and renamed, so no reader sees a partial file.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ ...saved, ...secrets }, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
    say('keycloak', `generated the admin password and client secrets, saved in ${file} (mode 600)`);
  }
  return secrets;
}

const realmDigest = async (secrets: KeycloakSecrets): Promise<string> =>
  createHash('sha256')
    .update(await readFile(realmFile))
    .update(JSON.stringify(secrets))
    .digest('hex');

/**
 * Keycloak imports a realm only when it does not exist yet, so a changed realm file (or new secrets)
 * would never reach an existing install. The dev database holds nothing but the imported realm and
 * sessions: when the digest differs from the one recorded at the last import, it is deleted.
 */
async function resetWhenRealmChanged(digest: string): Promise<void> {
  if (!existsSync(h2Dir)) return;
  const recorded = existsSync(importedDigestFile) ? (await readFile(importedDigestFile, 'utf8')).trim() : '';
  if (recorded === digest) return;
  say('keycloak', 'the realm file or secrets changed since the last import: re-creating the dev database');
  await rm(h2Dir, { recursive: true, force: true });
}

const java = (): Promise<JavaRuntime> => findJava(`Keycloak ${versions.keycloak}`, minimums.javaForKeycloak);

async function install(): Promise<void> {
  // Before a 160 MB download, make sure it can run at all.
  await java();
  await installOnce(home, async (dir) => {
    await download('keycloak', keycloakDist.url, archive, { algorithm: 'sha512', digest: keycloakDist.sha512 });
    say('keycloak', `extracting into ${dir}`);
    await execOrThrow('tar', ['-xzf', archive, '-C', dir, '--strip-components=1']);
  });
}

let pendingDigest: string | undefined;

async function prepare(): Promise<SpawnSpec> {
  const runtime = await java();
  // --import-realm reads every file in data/import; realms that already exist are left as they are.
  const importDir = join(home, 'data', 'import');
  await mkdir(importDir, { recursive: true });
  await mkdir(dataRoot, { recursive: true });
  await copyFile(realmFile, join(importDir, 'realm-plinth.json'));
  const secrets = await ensureSecrets();
  pendingDigest = await realmDigest(secrets);
  await resetWhenRealmChanged(pendingDigest);
  return {
    command: join(home, 'bin', 'kc.sh'),
    args: [
      'start-dev',
      `--http-port=${config.keycloak.port}`,
      '--http-host=127.0.0.1',
      `--http-management-port=${managementPort}`,
      // Tokens then carry exactly the issuer lib/config.ts expects, however Keycloak is reached.
      `--hostname=${config.keycloak.url}`,
      '--import-realm',
      '--health-enabled=true',
      '--log-console-color=false',
    ],
    cwd: home,
    env: {
      ...process.env,
      JAVA_HOME: runtime.home,
      // Console admin, created on the first start only, with the generated password.
      KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
      KC_BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
      // Resolved by the realm import's ${...} placeholders.
      KEYCLOAK_WORKER_SECRET: secrets.workerSecret,
      KEYCLOAK_GATEWAY_SECRET: secrets.gatewaySecret,
      // Puts the dev H2 database under $PLINTH_HOME/data/keycloak instead of the install folder.
      // On Java 24+ jboss-threads resets thread locals only with java.lang opened to it; without that every
      // executor thread dies on its first task with an IllegalAccessError (hundreds a test run in the log).
      JAVA_OPTS_APPEND: [
        process.env.JAVA_OPTS_APPEND,
        `-Dkc.db-url-path=${dataRoot}`,
        runtime.major >= 24 ? '--add-opens=java.base/java.lang=ALL-UNNAMED' : '',
      ]
        .filter(Boolean)
        .join(' '),
    },
    match: home,
  };
}

const realmUrl = (): string => `${config.keycloak.url}/realms/${config.keycloak.realm}`;

export const keycloakService: Service = {
  name: 'keycloak',
  title: `Keycloak ${versions.keycloak}`,
  ports: [
    { port: config.keycloak.port, label: 'Keycloak HTTP' },
    { port: managementPort, label: 'Keycloak management (set KEYCLOAK_MANAGEMENT_PORT to move it)' },
  ],
  endpoints: () => [
    { label: 'realm', url: realmUrl() },
    {
      label: 'admin console',
      url: `${config.keycloak.url}/admin/ (user admin, password in ${paths.keycloakSecretsFile})`,
    },
  ],
  install,
  prepare,
  healthy: () => httpOk(`${realmUrl()}/.well-known/openid-configuration`),
  // The realm answers: the import this start did (if any) is done; remember what it was made from.
  afterStart: async () => {
    if (pendingDigest) await writeFile(importedDigestFile, `${pendingDigest}\n`);
  },
  // A Keycloak already running keeps its database: roles and users added to the file since are added to it.
  reconcile: async () => {
    await addMissingRealmEntries(realmFile);
    await addMissingServiceAccounts(realmFile);
  },
  // The first start also builds Keycloak's optimized image and imports the realm: slow on 2 cores.
  startTimeoutMs: 300_000,
  stopGraceMs: 30_000,
};
