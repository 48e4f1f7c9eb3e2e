// How each kind of knowledge entity looks in the evidence graph (colour, two-letter mark: legible in black
// and white) and is called. White text on every colour has a contrast ratio of at least 4.5:1.
import type { Message } from '../../lib/i18n';

interface KindStyle {
  mark: string;
  color: string;
  name: Message;
}

export const KNOWLEDGE_KIND: Record<string, KindStyle> = {
  FaultType: { mark: 'FT', color: '#c92a2a', name: { en: 'Fault', zh: '故障' } },
  Symptom: { mark: 'SY', color: '#a61e4d', name: { en: 'Symptom / alarm', zh: '症状/告警' } },
  Cause: { mark: 'CA', color: '#5f3dc4', name: { en: 'Cause', zh: '原因' } },
  Procedure: { mark: 'PR', color: '#1864ab', name: { en: 'Procedure', zh: '处置规程' } },
  Step: { mark: 'ST', color: '#495057', name: { en: 'Step', zh: '步骤' } },
  SafetyRule: { mark: 'SR', color: '#b35900', name: { en: 'Safety rule', zh: '安全规程' } },
  DutyRole: { mark: 'DR', color: '#0b7285', name: { en: 'Duty role', zh: '责任岗位' } },
  Equipment: { mark: 'EQ', color: '#1f6b34', name: { en: 'Equipment', zh: '设备' } },
  EquipmentType: { mark: 'ET', color: '#1f6b34', name: { en: 'Equipment type', zh: '设备类型' } },
  Substation: { mark: 'SS', color: '#1f6b34', name: { en: 'Substation', zh: '变电站' } },
  Model: { mark: 'MO', color: '#364fc7', name: { en: 'Model', zh: '模型' } },
  Service: { mark: 'SV', color: '#0c5d66', name: { en: 'Service', zh: '服务' } },
};

const OTHER: KindStyle = { mark: '··', color: '#495057', name: { en: 'Entity', zh: '实体' } };
export const kindStyle = (kind: string): KindStyle => KNOWLEDGE_KIND[kind] ?? OTHER;

/** Knowledge labels whose entities are AI assets with pages of their own (entityPath kinds). */
export const ASSET_KIND: Record<string, string> = { Model: 'MODEL', Service: 'SERVICE', Deployment: 'DEPLOYMENT' };
