// What an external dataset version's storageUri may be. Such a version is a pointer Plinth neither holds
// nor reads (training refuses it; Plinth reads only bytes it stores, by digest), so the URI is a label for
// people and lineage. It still reaches logs, the portal and lineage exports, so it takes no control or
// invisible characters and no encoded NUL. A file:// URI is refused: a path on one host's disk is not a
// place another process can find the data, and before training read by digest it was a way to make the
// worker open the host's files; the bytes are uploaded instead.
import { controlCharacterProblem } from './subgraph/validate.js';

/** Why `uri` may not be registered as an external storageUri, naming the field, or null. */
export function storageUriProblem(uri: string, field = 'storageUri'): string | null {
  const control = controlCharacterProblem(uri, field);
  if (control) return control;
  if (/%00/.test(uri)) return `${field} must not contain an encoded NUL (%00)`;
  if (/^file:/i.test(uri))
    return `${field}: a file:// URI names a file on one host's disk, which Plinth does not read; upload the bytes with POST /api/datasets/<id>/versions, or name where they live (s3://, hdfs://, https://)`;
  return null;
}
