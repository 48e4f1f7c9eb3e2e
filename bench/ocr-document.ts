// The benchmark's document: an A4 contract page at 150 dpi (title, mixed Chinese/Latin paragraph lines,
// a small table), rendered with a CJK font. Shared by the OCR benchmark and the GPU check.
import { findCjkFont } from '../test/helpers/cjk-font.js';

/** A page-like image: title, a paragraph of mixed Chinese/Latin lines, a small table. */
export async function renderContractPage(): Promise<Buffer> {
  // Imported here so that callers given an image file need no canvas binary.
  const { GlobalFonts, createCanvas } = await import('@napi-rs/canvas');
  const font = findCjkFont();
  GlobalFonts.registerFromPath(font, 'BenchCJK');
  const [w, h] = [1240, 1754]; // A4 at 150 dpi
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#1a1a1a';
  ctx.textBaseline = 'top';
  ctx.font = '44px BenchCJK';
  ctx.fillText('技术服务合同 Technical Service Agreement', 120, 90);
  ctx.font = '26px BenchCJK';
  const body = [
    '合同编号 HT-2026-001　签订日期 2026年3月18日',
    '甲方：Plinth AI 中台有限公司　乙方：示例数据科技有限公司',
    '第一条 服务内容：乙方为甲方提供模型训练、部署与运维服务。',
    '1.1 The provider deploys OCR and NLP models on the Plinth platform.',
    '1.2 服务期限自2026年4月1日起至2027年3月31日止，共十二个月。',
    '第二条 费用与支付：合同总金额为人民币 1,280,000.00 元。',
    '2.1 Payment in three installments: 30% / 40% / 30% upon acceptance.',
    '第三条 保密条款：双方对在合作中知悉的商业秘密负有保密义务。',
    '第四条 知识产权：交付成果的知识产权归甲方所有，另有约定的除外。',
    '4.1 Open-source components remain under their original licenses.',
    '第五条 违约责任：任何一方违约，应赔偿守约方因此遭受的损失。',
    '第六条 争议解决：因本合同引起的争议，提交甲方所在地法院管辖。',
  ];
  body.forEach((line, i) => ctx.fillText(line, 120, 200 + i * 56));
  const top = 200 + body.length * 56 + 40;
  ctx.strokeStyle = '#333333';
  ctx.lineWidth = 2;
  const cols = [120, 420, 720, 1120];
  const rows = ['项目 Item|数量 Qty|金额 Amount', '模型训练|1|480,000.00', '推理服务 Inference|12|600,000.00', '运维支持|12|200,000.00'];
  rows.forEach((row, r) => {
    row.split('|').forEach((cell, c) => ctx.fillText(cell, cols[c]! + 16, top + r * 60 + 16));
    ctx.beginPath();
    ctx.moveTo(cols[0]!, top + r * 60);
    ctx.lineTo(cols[3]!, top + r * 60);
    ctx.stroke();
  });
  ctx.strokeRect(cols[0]!, top, cols[3]! - cols[0]!, rows.length * 60);
  ctx.fillText('甲方（盖章）：__________　　乙方（盖章）：__________', 120, top + rows.length * 60 + 80);
  return canvas.toBuffer('image/png');
}
