// The OCR preset through the gateway: an image this test renders with known Chinese and Latin text is
// read back by the `recognizeText` mutation with a real token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { LINES, registerCjkFont, render, squash } from './helpers/render-text.js';
import { ocrDetectionProvider } from '../subgraphs/serving/ocr/index.js';
import { hostProviders } from '../subgraphs/serving/runtime/providers.js';

let hub: Hub;
before(async () => {
  registerCjkFont();
  hub = await startHub();
});
after(async () => {
  await hub.close();
});

test('recognizeText reads a rendered contract header through the gateway', { timeout: 120_000 }, async () => {
  const { png } = render(LINES);
  const res = await gql<{
    recognizeText: { lines: { text: string; score: number }[]; providers: { det: string; cls: string; rec: string } };
  }>(
    hub.gateway.url,
    'mutation($image: String!) { recognizeText(image: $image) { lines { text score box } width height providers } }',
    { token: await tokenFor('dispatcher'), variables: { image: png.toString('base64') } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  assert.deepEqual(
    res.body.data!.recognizeText.lines.map((l) => squash(l.text)),
    LINES.map((l) => squash(l.text)),
  );
  // Detection goes to this host's GPU when it has CUDA; the variably shaped stages stay on the CPU.
  const { available } = await hostProviders();
  assert.deepEqual(res.body.data!.recognizeText.providers, {
    det: ocrDetectionProvider(available, process.env.PLINTH_OCR_DET_PROVIDER),
    cls: 'cpu',
    rec: 'cpu',
  });
});

test('a file that is not an image is BAD_USER_INPUT naming the problem', async () => {
  const res = await gql(hub.gateway.url, 'mutation($image: String!) { recognizeText(image: $image) { width } }', {
    token: await tokenFor('dispatcher'),
    variables: { image: Buffer.from('just some text, not an image').toString('base64') },
  });
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(res.body.errors![0]!.message, /PNG|JPEG|image/i);
});

test('text that is not base64 is refused as such, not as an unsupported image format', async () => {
  const res = await gql(hub.gateway.url, 'mutation($image: String!) { recognizeText(image: $image) { width } }', {
    token: await tokenFor('dispatcher'),
    variables: { image: 'this is plain text, not base64!' },
  });
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(res.body.errors![0]!.message, 'image is not base64: it contains "," at character 19');
});
