// `npm start`: the whole hub on one machine. Starts (fetching on first run) Neo4j, Keycloak and Temporal,
// applies graph migrations, then runs the subgraphs, the gateway and the workflow workers (orchestration, compute) as child
// processes with prefixed logs, supervised (a crashed one is restarted). Ctrl-C stops the hub processes;
// `npm run stack -- down` stops the stack.
import { spawn } from 'node:child_process';
import { tcpOpen } from './stack/health.js';
import { config, paths } from '../lib/config.js';
import { subgraphs } from '../subgraphs/index.js';
import { stackUp } from './stack/index.js';
import { Supervisor } from './supervisor.js';
import { ensurePortalBuilt } from './portal-build.js';

// Subgraphs, gateway and worker run under the supervisor: one that crashes is restarted with back-off
// while the others keep serving (scripts/supervisor.ts).
// The banner waits until both workers poll their queues, so the workflow bundling they print comes
// before it and nothing buries the portal's URL.
const WORKERS = ['worker', 'compute-worker'];
const polling = new Set<string>();
let workersReady: () => void = () => {};
const allPolling = new Promise<void>((resolve) => (workersReady = resolve));
const supervisor = new Supervisor({
  output: (name, line, stream) => {
    (stream === 'stdout' ? process.stdout : process.stderr).write(`${`[${name}]`.padEnd(10)} ${line}\n`);
    if (WORKERS.includes(name) && line.includes('worker polling task queue')) {
      polling.add(name);
      if (polling.size === WORKERS.length) workersReady();
    }
  },
});

function run(name: string, script: string, env: Record<string, string> = {}): void {
  supervisor.start({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', script],
    env: { ...process.env, ...env },
  });
}

async function waitForPort(name: string, port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tcpOpen(port))) {
    if (Date.now() > deadline) throw new Error(`${name} did not listen on port ${port} within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stop(code: number): Promise<void> {
  await supervisor.stop();
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

try {
  await stackUp();
  const migrate = spawn(process.execPath, ['--import', 'tsx', 'graph-schema/cli.ts'], { stdio: 'inherit' });
  const migrated = await new Promise<number | null>((resolve) => migrate.on('exit', resolve));
  if (migrated !== 0) throw new Error('graph migrations failed (see above)');
  // A graph without datasets gets the demo enterprise (scripts/seed), as does an older demo seed whose
  // datasets hold no content yet; any other graph is left alone.
  const seed = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed/cli.ts', '--if-empty'], { stdio: 'inherit' });
  const seeded = await new Promise<number | null>((resolve) => seed.on('exit', resolve));
  if (seeded !== 0) throw new Error('demo seed failed (see above)');
  // The dispatcher demo knowledge base (subgraphs/knowledge/data) and every base under
  // subgraphs/knowledge/bases/ are imported when absent from the graph; a base already there is left alone.
  const knowledge = spawn(
    process.execPath,
    ['--import', 'tsx', 'subgraphs/knowledge/kb/cli.ts', '--if-empty', '--bases'],
    { stdio: 'inherit' },
  );
  const imported = await new Promise<number | null>((resolve) => knowledge.on('exit', resolve));
  if (imported !== 0) throw new Error('knowledge base import failed (see above)');

  ensurePortalBuilt();
  for (const s of subgraphs) run(s.name, `subgraphs/${s.name}/server.ts`);
  await Promise.all(subgraphs.map((s) => waitForPort(`${s.name} subgraph`, s.port)));
  run('gateway', 'gateway/server.ts');
  // Two workers, each restarted on its own: orchestration (deployments, rollouts) and compute (training,
  // AutoML, recipes), so a long training run never delays a canary decision or a query (workflows/worker.ts).
  run('worker', 'workflows/worker.ts', { PLINTH_WORKER_ROLE: 'orchestration' });
  run('compute-worker', 'workflows/worker.ts', { PLINTH_WORKER_ROLE: 'compute' });
  await waitForPort('gateway', config.gateway.port);
  const workersTimeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 180_000).unref());
  const workers = await Promise.race([allPolling, workersTimeout]);
  // The SDK prints the workers' state changes right after they start polling.
  await new Promise((r) => setTimeout(r, 1500));
  const portal = config.gateway.publicUrl.replace(/\/$/, '') || `http://localhost:${config.gateway.port}`;

  const kc = `${config.keycloak.url}/realms/${config.keycloak.realm}`;
  console.log(`
Plinth is up.${workers === 'timeout' ? ' (the workflow workers are still starting: see their lines above)' : ''}
  Portal             ${portal}/   (sign in as one of the demo users below)
  GraphQL gateway    http://${config.gateway.host}:${config.gateway.port}/graphql   (bearer token required)
${subgraphs.map((s) => `  subgraph ${s.name.padEnd(9)} http://127.0.0.1:${s.port}/graphql`).join('\n')}
  Neo4j browser      http://127.0.0.1:${config.neo4j.httpPort}   (bolt ${config.neo4j.uri}; user neo4j, password in ${'$'}PLINTH_HOME/data/neo4j/password)
  Temporal UI        http://${config.gateway.host}:${config.gateway.port}/temporal/   (platform-admin sign-in)
  Keycloak           ${kc}   (admin console http://127.0.0.1:${config.keycloak.port}/admin, user admin, password in ${paths.keycloakSecretsFile})

Demo users (password "plinth"): admin, scientist, engineer, approver, auditor, dispatcher, annotator, annotator2,
  viewer (org hq),
  scientist.jiangsu (org jiangsu), viewer.zhejiang (org zhejiang).
Get a token:
  curl -s -d grant_type=password -d client_id=${config.keycloak.cliClientId} \\
       -d username=scientist -d password=plinth ${kc}/protocol/openid-connect/token
Press Ctrl-C to stop the hub; \`npm run stack -- down\` stops Neo4j, Keycloak and Temporal.
`);
} catch (error) {
  console.error(`npm start failed: ${(error as Error).message}`);
  await stop(1);
}
