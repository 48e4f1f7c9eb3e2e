// npm run stack -- up|down|status|logs [service...]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { logFile } from './process.js';
import { serviceNames, stackDown, stackStatus, stackUp, type ServiceName } from './index.js';

const usage = `Usage: npm run stack -- <command> [service...]

  up [service...]       install what is missing, start, wait until healthy (safe to repeat)
  down [service...]     stop what \`up\` started
  status [--json]       health and URLs of each service (exit code 1 unless all are healthy)
  logs [service] [-n N] [--no-follow]
                        show and follow the logs

Services: ${serviceNames.join(', ')}`;

function parseServices(words: string[]): ServiceName[] {
  for (const word of words) {
    if (!(serviceNames as string[]).includes(word)) throw new Error(`Unknown service "${word}".\n\n${usage}`);
  }
  return words as ServiceName[];
}

async function up(args: string[]): Promise<void> {
  const began = Date.now();
  const results = await stackUp({ services: parseServices(args), testServer: true });
  const total = ((Date.now() - began) / 1000).toFixed(1);
  const started = results.filter((r) => r.action === 'started').length;
  console.log(started === 0 ? `\nEverything was already running (${total}s).` : `\nStack up in ${total}s.`);
  await status([]);
}

async function status(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const list = await stackStatus({ services: parseServices(args.filter((a) => a !== '--json')) });
  if (json) {
    console.log(JSON.stringify(list, null, 2));
  } else {
    for (const s of list) {
      const pid = s.pid ? ` (pid ${s.pid})` : '';
      console.log(`${s.service.padEnd(9)}${s.state.padEnd(9)}${s.title}${pid}${s.detail ? ` — ${s.detail}` : ''}`);
      for (const e of s.endpoints) console.log(`${' '.repeat(18)}${e.label.padEnd(14)}${e.url}`);
    }
  }
  return list.every((s) => s.state === 'healthy') ? 0 : 1;
}

function logs(args: string[]): Promise<number> {
  let lines = '50';
  let follow = true;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-n') lines = args[++i] ?? lines;
    else if (arg === '--no-follow') follow = false;
    else names.push(arg);
  }
  const files = (names.length ? parseServices(names) : serviceNames).map(logFile).filter((f) => existsSync(f));
  if (files.length === 0) {
    console.error('No logs yet; run `npm run stack -- up` first.');
    return Promise.resolve(1);
  }
  const tail = spawn('tail', ['-n', lines, ...(follow ? ['-F'] : []), ...files], { stdio: 'inherit' });
  return new Promise((resolve) => tail.on('close', (code) => resolve(code ?? 0)));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'up':
      await up(args);
      return 0;
    case 'down': {
      const results = await stackDown({ services: parseServices(args) });
      if (results.every((r) => r.result === 'not running')) console.log('Nothing was running.');
      return 0;
    }
    case 'status':
      return status(args);
    case 'logs':
      return logs(args);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
