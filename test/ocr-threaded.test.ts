// The OCR pipeline in a worker thread (what the serving subgraph runs): same text as the in-process
// pipeline, input errors keep their type, the event loop of the calling thread stays free while a
// page is read, and a closed pipeline refuses work.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { LINES, registerCjkFont, render, squash } from './helpers/render-text.js';
import { type OcrPipeline, OcrInputError, createOcrPipeline } from '../subgraphs/serving/ocr/index.js';
import { createThreadedOcrPipeline } from '../subgraphs/serving/ocr/threaded.js';
import { longestStall } from './helpers/stall.js';

describe('OCR pipeline in a worker thread', () => {
  let threaded: OcrPipeline;
  let inline: OcrPipeline;
  before(async () => {
    registerCjkFont();
    // One intra-op thread each, so that a core stays free for this thread's timer on a 2-core machine.
    threaded = await createThreadedOcrPipeline({ sessionsOptions: { intraOpNumThreads: 1 } });
    inline = await createOcrPipeline({ sessionsOptions: { intraOpNumThreads: 1 } });
  });
  after(async () => {
    await threaded?.close();
    await inline?.close();
  });

  it('reads the same lines as the in-process pipeline, with stage providers', async () => {
    const { png, drawn } = render(LINES);
    const [a, b] = [await threaded.recognize(png), await inline.recognize(png)];
    assert.deepEqual(
      a.lines.map((l) => squash(l.text)),
      drawn.map((d) => squash(d.text)),
    );
    assert.deepEqual(a.lines, b.lines);
    assert.deepEqual(a.providers, { det: 'cpu', cls: 'cpu', rec: 'cpu' });
  });

  it('keeps OcrInputError for bad input', async () => {
    await assert.rejects(
      threaded.recognize(new TextEncoder().encode('not an image')),
      (e: Error) => e instanceof OcrInputError && /PNG or JPEG/i.test(e.message),
    );
  });

  it('leaves the calling thread responsive while it reads a page (the in-process pipeline blocks it)', async () => {
    const { png } = render(LINES, 1400, 900);
    await threaded.recognize(png);
    await inline.recognize(png);
    const { stall: blocked } = await longestStall(() => inline.recognize(png));
    const { stall: free } = await longestStall(() => threaded.recognize(png));
    console.log(`  longest event-loop stall: in-process ${blocked.toFixed(1)} ms, worker thread ${free.toFixed(1)} ms`);
    assert.ok(free < blocked / 2, `stall with the worker ${free.toFixed(1)} ms vs in-process ${blocked.toFixed(1)} ms`);
  });

  it('refuses work once closed', async () => {
    const p = await createThreadedOcrPipeline({ sessionsOptions: { intraOpNumThreads: 1 }, useAngleCls: false });
    await p.close();
    await assert.rejects(p.recognize(render(LINES).png), /closed/);
  });
});
