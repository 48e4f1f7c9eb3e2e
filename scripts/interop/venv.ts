// The Python virtual environment the interop checks (and bench/ocr-throughput.ts) share, at
// ~/.cache/plinth/venv (PLINTH_VENV overrides): created with `python3 -m venv` when missing, and given
// the Triton HTTP client and numpy from PyPI when they are not importable at the pinned version.
// Idempotent; when everything is there it costs one Python start-up (~0.5 s).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const TRITONCLIENT_VERSION = '2.73.0';
export const VENV_DIR = process.env.PLINTH_VENV ?? join(homedir(), '.cache', 'plinth', 'venv');

const pythonIn = (venv: string): string =>
  join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

const CHECK = `import numpy, tritonclient.http, importlib.metadata as m; print(m.version("tritonclient"))`;

function installed(python: string): boolean {
  if (!existsSync(python)) return false;
  const probe = spawnSync(python, ['-c', CHECK], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 && probe.stdout.trim() === TRITONCLIENT_VERSION;
}

/** The venv's python, with tritonclient[http] and numpy importable; throws with pip's output otherwise. */
export function tritonClientPython(options: { log?: (line: string) => void } = {}): string {
  const log = options.log ?? ((line: string) => console.error(line));
  const python = pythonIn(VENV_DIR);
  if (installed(python)) return python;
  if (!existsSync(python)) {
    log(`creating a Python venv at ${VENV_DIR}`);
    mkdirSync(dirname(VENV_DIR), { recursive: true });
    const made = spawnSync('python3', ['-m', 'venv', VENV_DIR], { encoding: 'utf8' });
    if (made.status !== 0)
      throw new Error(
        `python3 -m venv ${VENV_DIR} failed (is python3-venv installed?): ${made.stderr || made.error?.message}`,
      );
  }
  log(`installing tritonclient[http]==${TRITONCLIENT_VERSION} and numpy into ${VENV_DIR} (PyPI)`);
  const pip = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `tritonclient[http]==${TRITONCLIENT_VERSION}`,
      'numpy',
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (pip.status !== 0)
    throw new Error(
      `pip install tritonclient[http] failed (exit ${pip.status ?? pip.signal}): ${pip.stderr || pip.stdout}`,
    );
  if (!installed(python))
    throw new Error(`tritonclient ${TRITONCLIENT_VERSION} is still not importable from ${python}`);
  return python;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) console.log(tritonClientPython());
