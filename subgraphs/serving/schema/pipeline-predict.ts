// predict on an OCR_PIPELINE service: the PP-OCRv4 detection → direction → recognition pipeline that
// recognizeText runs, on one image, answering with text lines. Its three models are stages of one answer,
// not alternatives to split traffic across (issue #15: weighted routes to det, cls and rec returned three
// kinds of output, or an internal error, for the same image).
import { GraphQLError } from 'graphql';
import { OcrInputError, decodeBase64 } from '../../../domain/ocr/image.js';
import type { OcrStageProviders } from '../ocr/index.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { MAX_IMAGE_BYTES, ocr } from './ocr.js';

export interface PipelineAnswer {
  lines: { text: string; score: number; box: number[][] }[];
  width: number;
  height: number;
  /** The pipeline's own measure: decode and the three stages (timingsMs.total). */
  latencyMs: number;
  providers: OcrStageProviders;
}

const SHAPE = 'an OCR_PIPELINE service takes inputs {"image": "<PNG or JPEG bytes, base64>"}';

export async function predictOcrPipeline(
  serviceName: string,
  inputs: Record<string, unknown>,
): Promise<PipelineAnswer> {
  const image = inputs.image;
  const extra = Object.keys(inputs).filter((k) => k !== 'image');
  if (typeof image !== 'string' || extra.length > 0)
    throw badInput(
      `${SHAPE}${extra.length > 0 ? `; got ${extra.map((k) => `"${k}"`).join(', ')}` : '; "image" is missing or not a string'}`,
      'inputs',
    );
  const decoded = decodeBase64(image);
  if ('problem' in decoded) throw badInput(`${SHAPE}; "image" ${decoded.problem}`, 'inputs');
  const { bytes } = decoded;
  if (bytes.length > MAX_IMAGE_BYTES) throw badInput(`image is larger than ${MAX_IMAGE_BYTES} bytes`, 'inputs');
  let pipeline;
  try {
    pipeline = await ocr();
  } catch (error) {
    throw new GraphQLError(
      `the OCR pipeline of service ${serviceName} could not start on this serving host: ${(error as Error).message}; ` +
        'retry shortly, or ask an operator to check the serving log',
      { extensions: { code: 'UNAVAILABLE' } },
    );
  }
  try {
    const result = await pipeline.recognize(bytes);
    return {
      lines: result.lines.map((l) => ({ text: l.text, score: l.score, box: l.box.map((p) => [...p]) })),
      width: result.width,
      height: result.height,
      latencyMs: result.timingsMs.total,
      providers: { ...result.providers },
    };
  } catch (error) {
    if (error instanceof OcrInputError) throw badInput(error.message, 'inputs');
    throw error;
  }
}
