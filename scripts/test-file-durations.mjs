// A node:test reporter that records each test file's wall time (its hooks included) as JSON lines, for
// `npm test`'s table of the slowest files; it runs beside the spec/tap reporter, whose output is unchanged.
// Node 20 runs each file in its own process and ends it with a `test:complete` event named after the file.
// Plain JavaScript: node loads reporters before `--import tsx` has registered its loader.
import { relative } from 'node:path';

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* fileDurations(source) {
  for await (const event of source) {
    const data = event.data;
    if (event.type !== 'test:complete' || data.nesting !== 0 || !data.file || data.name !== data.file) continue;
    const passed = data.details.passed ?? data.details.error === undefined;
    yield `${JSON.stringify({ file: relative(process.cwd(), data.file), ms: data.details.duration_ms, passed })}\n`;
  }
}
