// Where dataset files may be read from. A DatasetVersion's storageUri is a user's input; training and
// AutoML open the file it names on the worker's host. Unchecked, a data scientist could point it at any
// file the worker can read (Keycloak secrets, keys) and get its first line back in a failure message, or
// hand DuckDB a glob. So: file:// URIs must name a plain path inside a configured data root
// (paths.dataRoots), checked when the version is registered and again, on the real path, when it is read.
// Other schemes (s3://, hdfs://) stay registrable as pointers; nothing reads them yet.
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paths } from './config.js';
import { controlCharacterProblem } from './subgraph/validate.js';

/** Characters DuckDB (and shells) expand as a glob: a path holding one may name many files. */
export const GLOB_CHARACTERS = /[*?[\]{}]/;

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * Why `uri` may not be registered as a storageUri, naming the field, or null. Every scheme: no control
 * characters, no encoded NUL. file://: no host, query or fragment (a `#.csv` would pass an extension check
 * while naming another file), no glob characters, and the path inside a data root. Symlinks are resolved
 * when the file is read (it need not exist yet, and may live on the worker's host only).
 */
export function storageUriProblem(uri: string, field = 'storageUri'): string | null {
  const control = controlCharacterProblem(uri, field);
  if (control) return control;
  if (/%00/.test(uri)) return `${field} must not contain an encoded NUL (%00)`;
  if (!/^file:/i.test(uri)) return null;
  if (/[?#]/.test(uri)) return `${field}: a file:// URI must not have a query (?) or fragment (#)`;
  if (GLOB_CHARACTERS.test(uri))
    return `${field}: a file:// URI must not contain glob characters (* ? [ ] { }), it names one file`;
  let path: string;
  try {
    const url = new URL(uri);
    if (url.host !== '' && url.host !== 'localhost')
      return `${field}: a file:// URI must name a local path (file:///…), not host "${url.host}"`;
    path = fileURLToPath(url);
  } catch (error) {
    return `${field} is not a valid file:// URI: ${(error as Error).message}`;
  }
  const decoded = controlCharacterProblem(path, field);
  if (decoded) return `${decoded} once percent-decoded`;
  if (GLOB_CHARACTERS.test(path))
    return `${field}: a file:// URI must not contain glob characters (* ? [ ] { }), encoded or not`;
  const roots = paths.dataRoots;
  if (!roots.some((root) => inside(root, path))) {
    return `${field}: file:// URIs must name a file inside a data root (${roots.join(', ')}; PLINTH_DATA_ROOTS), not ${path}`;
  }
  return null;
}

/**
 * The real path of the regular file a file:// storageUri names, checked again at read time (defence in
 * depth, and for versions registered before the rule): the registration rule, the real path (symlinks
 * resolved) inside the real path of a data root, no glob characters, a regular file. Throws an Error whose
 * message names the URI and the problem, never the file's content.
 */
export async function resolveDataFile(uri: string): Promise<string> {
  const problem = storageUriProblem(uri);
  if (problem) throw new Error(`dataset file refused: ${problem}`);
  const path = fileURLToPath(uri);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new Error(`dataset file ${path} does not exist or cannot be read`);
  }
  const roots = await Promise.all(paths.dataRoots.map((root) => realpath(root).catch(() => null)));
  if (!roots.some((root) => root !== null && inside(root, real))) {
    throw new Error(
      `dataset file refused: ${path} resolves outside the data roots (${paths.dataRoots.join(', ')}); symlinks may not leave a root`,
    );
  }
  if (GLOB_CHARACTERS.test(real))
    throw new Error(`dataset file refused: its real path contains glob characters (* ? [ ] { })`);
  const info = await stat(real);
  if (!info.isFile()) throw new Error(`dataset file refused: ${path} is not a regular file`);
  return real;
}
