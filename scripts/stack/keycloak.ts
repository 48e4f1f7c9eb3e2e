// Keycloak: the Quarkus distribution from Maven Central, run with `start-dev` on loopback. The
// realm (roles, users, clients, token mappers) is imported from deploy/keycloak/realm-plinth.json.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, paths } from '../../lib/config.js';
import { download } from './download.js';
import { execOrThrow } from './exec.js';
import { httpOk } from './health.js';
import { installOnce } from './install.js';
import { findJava, type JavaRuntime } from './java.js';
import type { SpawnSpec } from './process.js';
import type { Service } from './service.js';
import { say } from './ui.js';
import { keycloakDist, minimums, versions } from './versions.js';

const home = join(paths.home, `keycloak-${versions.keycloak}`);
const archive = join(paths.downloads, `keycloak-quarkus-dist-${versions.keycloak}.tar.gz`);
/** Outside the install folder, so a Keycloak upgrade or reinstall keeps users and sessions. */
const dataRoot = join(paths.data, 'keycloak');
export const realmFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'keycloak', 'realm-plinth.json');
const managementPort = Number(process.env.KEYCLOAK_MANAGEMENT_PORT ?? 9000);

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

async function prepare(): Promise<SpawnSpec> {
  const runtime = await java();
  // --import-realm reads every file in data/import; realms that already exist are left as they are.
  const importDir = join(home, 'data', 'import');
  await mkdir(importDir, { recursive: true });
  await mkdir(dataRoot, { recursive: true });
  await copyFile(realmFile, join(importDir, 'realm-plinth.json'));
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
      // Dev-only console admin, created on the first start only.
      KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
      KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin',
      // Puts the dev H2 database under $PLINTH_HOME/data/keycloak instead of the install folder.
      JAVA_OPTS_APPEND: [process.env.JAVA_OPTS_APPEND, `-Dkc.db-url-path=${dataRoot}`].filter(Boolean).join(' '),
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
    { label: 'admin console', url: `${config.keycloak.url}/admin/ (admin/admin, dev only)` },
  ],
  install,
  prepare,
  healthy: () => httpOk(`${realmUrl()}/.well-known/openid-configuration`),
  // The first start also builds Keycloak's optimized image and imports the realm: slow on 2 cores.
  startTimeoutMs: 300_000,
  stopGraceMs: 30_000,
};
