// Long-running services: started detached in their own process group (so `down` can stop a
// wrapper script and everything it spawned), remembered in a pid file, logged to a file.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { paths } from '../../lib/config.js';

export interface PidRecord {
  pid: number;
  /** A string that the process's command line must contain, so a recycled pid is not mistaken for ours. */
  match: string;
  startedAt: string;
  log: string;
}

export const pidFile = (service: string): string => join(paths.run, `${service}.pid`);
export const logFile = (service: string): string => join(paths.logs, `${service}.log`);

export function readPid(service: string): PidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(pidFile(service), 'utf8')) as PidRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string | undefined {
  const proc = `/proc/${pid}/cmdline`;
  if (existsSync(proc)) return readFileSync(proc, 'utf8').replaceAll('\0', ' ');
  const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout : undefined;
}

/** The pid record of a process we started that is still running; stale pid files are removed. */
export function runningRecord(service: string): PidRecord | undefined {
  const record = readPid(service);
  if (!record) return undefined;
  if (isAlive(record.pid) && (commandLine(record.pid) ?? '').includes(record.match)) return record;
  rmSync(pidFile(service), { force: true });
  return undefined;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  match: string;
}

export function spawnDetached(service: string, spec: SpawnSpec): PidRecord {
  mkdirSync(paths.run, { recursive: true });
  mkdirSync(paths.logs, { recursive: true });
  const log = logFile(service);
  const fd = openSync(log, 'a');
  try {
    writeFileSync(fd, `\n=== ${new Date().toISOString()} plinth stack: ${spec.command} ${spec.args.join(' ')}\n`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`${service}: could not start ${spec.command}`);
    child.unref();
    const record: PidRecord = { pid: child.pid, match: spec.match, startedAt: new Date().toISOString(), log };
    writeFileSync(pidFile(service), `${JSON.stringify(record)}\n`);
    return record;
  } finally {
    closeSync(fd);
  }
}

/** A process that exited but was not yet reaped by its parent: it still counts as a member of its group. */
function zombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // gone, or no /proc (macOS): the group check alone decides
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // The leader exited and only waits for its parent to reap it: nothing of the service runs any more.
  return !(zombie(pgid) && groupMembers(pgid).every(zombie));
}

/** The pids in a process group, from /proc (empty where there is none). */
function groupMembers(pgid: number): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid;
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM to the whole group, SIGKILL after graceMs. Returns how it ended. */
export async function stopGroup(pgid: number, graceMs: number): Promise<'stopped' | 'killed' | 'not running'> {
  if (!groupAlive(pgid)) return 'not running';
  process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return 'stopped';
    await sleep(250);
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // It exited between the last check and the kill.
  }
  while (groupAlive(pgid)) await sleep(100);
  return 'killed';
}

/** True when nothing listens on host:port (we could bind it ourselves). */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Best effort "java (pid 123)" for an error message; empty when `ss` is missing or says nothing. */
export function portOwner(port: number): string {
  const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const match = ss.status === 0 ? /users:\(\("([^"]+)",pid=(\d+)/.exec(ss.stdout) : null;
  return match ? `${match[1]} (pid ${match[2]})` : '';
}
