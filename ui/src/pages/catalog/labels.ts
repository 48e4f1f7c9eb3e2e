// Names of asset kinds and statuses in both languages, shared by the catalog and the org page.
import type { AssetKind, AssetStatus } from '../../gql/graphql';
import type { Message } from '../../lib/i18n';

export const KIND_LABELS: Record<AssetKind, Message> = {
  DATASET: { en: 'Dataset', zh: '数据集' },
  DATASET_VERSION: { en: 'Dataset version', zh: '数据集版本' },
  MODEL: { en: 'Model', zh: '模型' },
  MODEL_VERSION: { en: 'Model version', zh: '模型版本' },
  SERVICE: { en: 'Service', zh: '服务' },
  DEPLOYMENT: { en: 'Deployment', zh: '部署' },
  EDGE_NODE: { en: 'Edge node', zh: '边缘节点' },
  CLUSTER: { en: 'Cluster', zh: '集群' },
  NODE: { en: 'Node', zh: '节点' },
  ACCELERATOR: { en: 'Accelerator', zh: '加速卡' },
};
export const ASSET_KINDS = Object.keys(KIND_LABELS) as AssetKind[];

export const STATUS_LABELS: Record<AssetStatus, Message> = {
  ACTIVE: { en: 'Active (not archived)', zh: '在用（未归档）' },
  ARCHIVED: { en: 'Archived', zh: '已归档' },
  PENDING: { en: 'Pending', zh: '等待中' },
  READY: { en: 'Ready', zh: '就绪' },
  FAILED: { en: 'Failed', zh: '失败' },
  STOPPED: { en: 'Stopped', zh: '已停止' },
  ONLINE: { en: 'Online', zh: '在线' },
  OFFLINE: { en: 'Offline', zh: '离线' },
  MAINTENANCE: { en: 'Maintenance', zh: '维护中' },
  UNKNOWN: { en: 'Unknown', zh: '未知' },
  VERIFIED: { en: 'Verified', zh: '已校验' },
  UNVERIFIED: { en: 'Unverified', zh: '未校验' },
  TAMPERED: { en: 'Tampered', zh: '被篡改' },
  MISSING: { en: 'Missing', zh: '缺失' },
};
export const ASSET_STATUSES = Object.keys(STATUS_LABELS) as AssetStatus[];

const isStatus = (value: string): value is AssetStatus => value in STATUS_LABELS;
export const isKind = (value: string): value is AssetKind => value in KIND_LABELS;
export const asStatuses = (values: string[]): AssetStatus[] => values.filter(isStatus);
export const asKinds = (values: string[]): AssetKind[] => values.filter(isKind);

/** Badge colours: dark shades (hex: Mantine's green.9 and orange.9 fall short) so white text keeps 4.5:1. */
export function statusColor(status: string): string {
  if (['READY', 'ONLINE', 'VERIFIED', 'ACTIVE'].includes(status)) return '#1e6b34';
  if (['FAILED', 'TAMPERED', 'MISSING'].includes(status)) return '#a51d1d';
  if (['PENDING', 'MAINTENANCE', 'UNVERIFIED'].includes(status)) return '#8a4500';
  return '#495057';
}
