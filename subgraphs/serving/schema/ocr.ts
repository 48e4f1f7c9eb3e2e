import { builder } from '../builder.js';
import { ocrDetectionProvider, type OcrPipeline } from '../ocr/index.js';
import { createThreadedOcrPipeline } from '../ocr/threaded.js';
import { hostProviders } from '../runtime/providers.js';
import { OcrInputError, decodeBase64 } from '../../../domain/ocr/image.js';
import { badInput } from '../../../lib/subgraph/errors.js';

// The PP-OCRv4 sessions load once per process, on first use, in a worker thread (a page takes 100+ ms of
// session.run, which would otherwise stall every other request of this subgraph), detection on this
// host's GPU when it has one.
let pipeline: Promise<OcrPipeline> | undefined;
/** The preset pipeline, shared by recognizeText and predict on an OCR_PIPELINE service. */
export const ocr = () =>
  (pipeline ??= hostProviders().then(({ available }) =>
    createThreadedOcrPipeline({
      stageSessionOptions: {
        det: { executionProviders: [ocrDetectionProvider(available, process.env.PLINTH_OCR_DET_PROVIDER)] },
      },
    }),
  ));

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

interface OcrLineShape {
  text: string;
  score: number;
  box: number[][];
}

const OcrLine = builder.objectRef<OcrLineShape>('OcrLine').implement({
  fields: (t) => ({
    text: t.exposeString('text'),
    score: t.exposeFloat('score'),
    box: t.field({
      type: 'JSON',
      description: 'Four [x, y] corners in image pixels, clockwise from top-left.',
      resolve: (l) => l.box,
    }),
  }),
});

const OcrResult = builder
  .objectRef<{ lines: OcrLineShape[]; width: number; height: number; timingsMs: object; providers: object }>(
    'OcrResult',
  )
  .implement({
    description: 'Text lines read from an image, top to bottom.',
    fields: (t) => ({
      lines: t.field({ type: [OcrLine], resolve: (r) => r.lines }),
      width: t.exposeInt('width'),
      height: t.exposeInt('height'),
      timingsMs: t.field({ type: 'JSON', resolve: (r) => r.timingsMs }),
      providers: t.field({
        type: 'JSON',
        description: 'The execution provider each stage ran on: { det, cls, rec }.',
        resolve: (r) => r.providers,
      }),
    }),
  });

builder.mutationField('recognizeText', (t) =>
  t.field({
    type: OcrResult,
    description: 'Preset capability: PP-OCRv4 detection → direction → recognition on a PNG or JPEG image (base64).',
    authScopes: { authenticated: true },
    args: { image: t.arg.string({ required: true, description: 'PNG or JPEG bytes, base64-encoded.' }) },
    resolve: async (_root, { image }, _ctx) => {
      const decoded = decodeBase64(image);
      if ('problem' in decoded) throw badInput(`image ${decoded.problem}`, 'image');
      const { bytes } = decoded;
      if (bytes.length > MAX_IMAGE_BYTES) throw badInput(`image is larger than ${MAX_IMAGE_BYTES} bytes`, 'image');
      try {
        const result = await (await ocr()).recognize(bytes);
        return { ...result, lines: result.lines.map((l) => ({ ...l, box: l.box.map((p) => [...p]) })) };
      } catch (error) {
        if (error instanceof OcrInputError) throw badInput(error.message, 'image');
        throw error;
      }
    },
  }),
);
