// The navigation, each entry shown only to roles with its capability (lib/roles.ts).
import type { Message } from './lib/i18n';
import type { Capability } from './lib/roles';

export interface NavItem {
  path: string;
  label: Message;
  capability: Capability;
}

export const NAV: NavItem[] = [
  { path: '/', label: { en: 'Catalog', zh: '资产目录' }, capability: 'browse' },
  { path: '/hardware', label: { en: 'Hardware', zh: '算力资源' }, capability: 'browse' },
  { path: '/ocr', label: { en: 'OCR', zh: '文字识别' }, capability: 'browse' },
  { path: '/lineage', label: { en: 'Lineage', zh: '血缘图谱' }, capability: 'compliance' },
  { path: '/compliance/audit', label: { en: 'Audit trail', zh: '审计日志' }, capability: 'compliance' },
  { path: '/compliance/chain', label: { en: 'Chain verification', zh: '审计链校验' }, capability: 'compliance' },
  { path: '/approvals', label: { en: 'Approvals', zh: '审批' }, capability: 'approve' },
  { path: '/labeling', label: { en: 'Labeling', zh: '数据标注' }, capability: 'label' },
  { path: '/knowledge', label: { en: 'Knowledge Q&A', zh: '知识问答' }, capability: 'knowledge' },
];
