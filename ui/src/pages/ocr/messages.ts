// Messages of the OCR page, both languages.
import { defineMessages } from '../../lib/i18n';

export const om = defineMessages({
  title: { en: 'OCR: read text from an image', zh: '文字识别（OCR）' },
  intro: {
    en: 'PP-OCRv4 detection → direction → recognition, run by the serving host. Drop a PNG or JPEG image (at most {max}) or pick one.',
    zh: 'PP-OCRv4 检测 → 方向分类 → 识别，由推理服务执行。拖入或选择一张 PNG/JPEG 图片（不超过 {max}）。',
  },
  services: { en: 'The same pipeline serves:', zh: '同一流水线提供的服务：' },
  drop: { en: 'Drop an image here, or choose a file', zh: '将图片拖到此处，或选择文件' },
  choose: { en: 'Image file (PNG or JPEG)', zh: '图片文件（PNG 或 JPEG）' },
  notImage: {
    en: '{name} is not a PNG or JPEG image; choose a photo or scan in one of those formats.',
    zh: '{name} 不是 PNG 或 JPEG 图片，请选择这两种格式的照片或扫描件。',
  },
  tooLarge: {
    en: '{name} is {size}; the limit is {max} (the API takes at most 2 MiB per request, base64 included). Crop or compress it.',
    zh: '{name} 大小为 {size}，上限为 {max}（API 单次请求最多 2 MiB，含 base64 编码）。请裁剪或压缩。',
  },
  reading: { en: 'Reading {name}…', zh: '正在识别 {name}…' },
  failed: { en: 'The API could not read the image', zh: 'API 无法识别该图片' },
  result: { en: 'Text found', zh: '识别结果' },
  picture: { en: '{name} with the boxes of {count} text lines', zh: '{name}，含 {count} 个文字行框' },
  lines: { en: 'Lines', zh: '文字行' },
  linesHint: {
    en: 'Select a line to highlight its box; point at a box to see its text.',
    zh: '选择一行可高亮其文字框；指向文字框可查看文字。',
  },
  noLines: { en: 'No text was found in this image.', zh: '该图片中未发现文字。' },
  confidence: { en: 'confidence {value}', zh: '置信度 {value}' },
  size: { en: 'Image size', zh: '图片尺寸' },
  timings: { en: 'Timings', zh: '耗时' },
  providers: { en: 'Execution providers', zh: '执行提供程序' },
  ms: { en: '{value} ms', zh: '{value} 毫秒' },
  stage_decode: { en: 'decode', zh: '解码' },
  stage_det: { en: 'detection', zh: '检测' },
  stage_cls: { en: 'direction', zh: '方向分类' },
  stage_rec: { en: 'recognition', zh: '识别' },
  stage_total: { en: 'total', zh: '合计' },
  facts: { en: 'How it ran', zh: '运行情况' },
});
