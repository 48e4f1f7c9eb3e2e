// A node:test reporter that records each test file's wall time (its hooks included) and every failed test
// (file, name, error) as JSON lines, for `npm test`'s closing table of the slowest files and its list of
// failures; it runs beside the spec/tap reporter, whose output is unchanged. A failure's details are
// repeated at the end because CI logs are often read from their tail, far from where the test ran.
// Node 20 runs each file in its own process and ends it with a `test:complete` event named after the file.
// Plain JavaScript: node loads reporters before `--import tsx` has registered its loader.
import { relative } from 'node:path';

/** The first lines of a failure's cause: enough to name the problem without the whole stack. */
function describe(error) {
  const cause = error?.cause ?? error;
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return text.split('\n').slice(0, 12).join('\n');
}

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* fileDurations(source) {
  for await (const event of source) {
    const data = event.data;
    if (event.type === 'test:fail' && data.file && data.details?.error?.failureType !== 'subtestsFailed') {
      const file = relative(process.cwd(), data.file);
      yield `${JSON.stringify({ failure: true, file, name: data.name, error: describe(data.details.error) })}\n`;
      continue;
    }
    if (event.type !== 'test:complete' || data.nesting !== 0 || !data.file || data.name !== data.file) continue;
    const passed = data.details.passed ?? data.details.error === undefined;
    yield `${JSON.stringify({ file: relative(process.cwd(), data.file), ms: data.details.duration_ms, passed })}\n`;
  }
}
