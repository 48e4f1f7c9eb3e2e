// How each kind of lineage node looks (colour, short mark) and is called, in both languages.
import type { LineageNodeKind } from '../../gql/graphql';
import type { Message } from '../../lib/i18n';

export const KINDS: readonly LineageNodeKind[] = [
  'DATASET',
  'DATASET_VERSION',
  'LINEAGE_RUN',
  'JOB',
  'LABEL_SNAPSHOT',
  'TRAINING_RUN',
  'EVALUATION',
  'MODEL',
  'MODEL_VERSION',
  'DEPLOYMENT',
  'SERVICE',
  'ACCELERATOR',
  'NODE',
  'EDGE_NODE',
  'USER',
];

interface KindStyle {
  /** Two letters in the node's badge (the picture stays legible in black and white and for colour blindness). */
  mark: string;
  /** Badge background; white text on it has a contrast ratio of at least 4.5:1. */
  color: string;
  name: Message;
}

export const KIND_STYLE: Record<LineageNodeKind, KindStyle> = {
  DATASET: { mark: 'DS', color: '#1c6e8c', name: { en: 'Dataset', zh: '数据集' } },
  DATASET_VERSION: { mark: 'DV', color: '#1864ab', name: { en: 'Dataset version', zh: '数据集版本' } },
  LINEAGE_RUN: { mark: 'LR', color: '#5f3dc4', name: { en: 'Lineage run', zh: '数据处理运行' } },
  JOB: { mark: 'JB', color: '#6741d9', name: { en: 'Job', zh: '作业' } },
  LABEL_SNAPSHOT: { mark: 'LS', color: '#3b5bdb', name: { en: 'Label snapshot', zh: '标注快照' } },
  TRAINING_RUN: { mark: 'TR', color: '#862e9c', name: { en: 'Training run', zh: '训练运行' } },
  EVALUATION: { mark: 'EV', color: '#a61e4d', name: { en: 'Evaluation', zh: '评估' } },
  MODEL: { mark: 'MD', color: '#2b7a3b', name: { en: 'Model', zh: '模型' } },
  MODEL_VERSION: { mark: 'MV', color: '#2b8a3e', name: { en: 'Model version', zh: '模型版本' } },
  DEPLOYMENT: { mark: 'DP', color: '#c92a2a', name: { en: 'Deployment', zh: '部署' } },
  SERVICE: { mark: 'SV', color: '#b3480b', name: { en: 'Service', zh: '服务' } },
  ACCELERATOR: { mark: 'AC', color: '#495057', name: { en: 'Accelerator', zh: '加速卡' } },
  NODE: { mark: 'ND', color: '#343a40', name: { en: 'Node', zh: '计算节点' } },
  EDGE_NODE: { mark: 'EN', color: '#5c5f66', name: { en: 'Edge node', zh: '边缘节点' } },
  USER: { mark: 'US', color: '#364fc7', name: { en: 'User', zh: '用户' } },
};

/**
 * Relationships stored against the flow of data (PROV: a run USED data, a version is DERIVED_FROM its
 * parent, a deployment SERVES a version): drawn reversed, so the picture reads left → right from
 * source data to what it feeds, whichever way the walk went.
 */
const AGAINST_FLOW = new Set([
  'USED',
  'DERIVED_FROM',
  'SERVES',
  'ROUTES_TO',
  'APPROVED_BY',
  'REQUESTED_BY',
  'ASSOCIATED_WITH',
  'RUN_OF',
  'RUNS_ON',
  'INSTALLED_IN',
]);

/** [source, target] as drawn (data flow), from a stored edge. */
export const drawn = (e: { from: string; to: string; relationship: string }): [string, string] =>
  AGAINST_FLOW.has(e.relationship) ? [e.to, e.from] : [e.from, e.to];
