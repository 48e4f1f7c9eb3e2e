// The Temporal CLI is built from source with the local Go toolchain; check it before a long build.
import { execCapture } from './exec.js';

/** "go version go1.26.8 linux/amd64" → [1, 26, 8]; "go1.25rc1" → [1, 25, 0]. */
export function parseGoVersion(output: string): [number, number, number] | undefined {
  const match = /go(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function versionAtLeast(have: readonly number[], want: readonly number[]): boolean {
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

export async function requireGo(purpose: string, min: readonly number[]): Promise<string> {
  const wanted = min.join('.');
  const result = await execCapture('go', ['version']).catch(() => undefined);
  if (!result || result.code !== 0) {
    throw new Error(
      `${purpose} needs Go ${wanted} or newer, and \`go\` is not on PATH. ` +
        'Install it from https://go.dev/dl/ (or your package manager) and run the command again.',
    );
  }
  const version = parseGoVersion(result.output);
  if (!version || !versionAtLeast(version, min)) {
    throw new Error(
      `${purpose} needs Go ${wanted} or newer; found "${result.output.trim()}". Upgrade Go (https://go.dev/dl/).`,
    );
  }
  return version.join('.');
}
