// Finds a Java runtime new enough for each service. Neo4j and Keycloak need different minimums, so
// each gets its own JAVA_HOME rather than whatever `java` is first on PATH.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execCapture } from './exec.js';

export interface JavaRuntime {
  /** Absolute path of the java executable. */
  bin: string;
  /** The JDK/JRE folder (bin/java lives in it), for JAVA_HOME. */
  home: string;
  major: number;
}

/**
 * Major version from `java -version` output: "17.0.15" → 17, "25" → 25, "21-ea" → 21,
 * and the pre-9 scheme "1.8.0_292" → 8. Undefined when the text holds no version.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const quoted = /version "([^"]+)"/.exec(versionOutput)?.[1];
  const raw = quoted ?? /^(?:openjdk|java) (\d[\w.+-]*)/m.exec(versionOutput)?.[1];
  if (!raw) return undefined;
  const parts = raw.split(/[.+_-]/);
  const first = Number(parts[0]);
  const major = first === 1 ? Number(parts[1]) : first;
  return Number.isInteger(major) && major > 0 ? major : undefined;
}

function candidates(): string[] {
  const found: string[] = [];
  if (process.env.JAVA_HOME) found.push(join(process.env.JAVA_HOME, 'bin', 'java'));
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) found.push(join(dir, 'java'));
  const roots: [string, string[]][] = [
    ['/usr/lib/jvm', ['bin', 'java']],
    ['/usr/java', ['bin', 'java']],
    ['/opt/java', ['bin', 'java']],
    ['/Library/Java/JavaVirtualMachines', ['Contents', 'Home', 'bin', 'java']],
  ];
  for (const [root, tail] of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root).sort().reverse()) found.push(join(root, entry, ...tail));
  }
  const seen = new Set<string>();
  return found.filter((bin) => {
    if (!existsSync(bin)) return false;
    const real = realpathSync(bin);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

async function probe(bin: string): Promise<JavaRuntime | undefined> {
  const { code, output } = await execCapture(bin, ['-version']).catch(() => ({ code: 1, output: '' }));
  const major = code === 0 ? parseJavaMajor(output) : undefined;
  if (major === undefined) return undefined;
  // Resolve symlinks (/usr/bin/java → alternatives → the JDK) so JAVA_HOME names the real JDK.
  const real = realpathSync(bin);
  return { bin: real, home: dirname(dirname(real)), major };
}

let probed: Promise<JavaRuntime[]> | undefined;
const allRuntimes = (): Promise<JavaRuntime[]> =>
  (probed ??= Promise.all(candidates().map(probe)).then((list) => list.filter((r): r is JavaRuntime => !!r)));

/**
 * The first runtime (JAVA_HOME, then PATH, then the usual JDK folders) with min <= major <= preferMax;
 * failing that, any with major >= min. Throws a message naming what was found and what is needed.
 */
export async function findJava(purpose: string, min: number, preferMax = Infinity): Promise<JavaRuntime> {
  const runtimes = await allRuntimes();
  const match = runtimes.find((r) => r.major >= min && r.major <= preferMax) ?? runtimes.find((r) => r.major >= min);
  if (match) return match;
  const seen = runtimes.length
    ? `Found: ${runtimes.map((r) => `Java ${r.major} (${r.home})`).join(', ')}.`
    : 'No Java runtime was found (checked JAVA_HOME, PATH and /usr/lib/jvm).';
  throw new Error(
    `${purpose} needs Java ${min} or newer. ${seen} ` +
      `Install a JDK ${min}+ (e.g. \`apt-get install openjdk-${min}-jdk-headless\` or Eclipse Temurin ${min}) ` +
      'and put it in /usr/lib/jvm or point JAVA_HOME at it.',
  );
}
