// The demo seed's real content, generated deterministically (a fixed seed per file, no clock, no
// randomness from outside) so that the same code always yields the same bytes and so the same digest:
// re-seeding finds each version by its digest and skips it. Realistic in shape, not in origin: every
// number here is synthetic.
//   meter series: 15-minute readings per meter with a daily and weekly rhythm, a seasonal trend, the
//     Spring Festival dip, outages (rows missing) and the odd null reading;
//   hourly transformer loads for load forecasting;
//   a credit table: categorical columns, missing values, a binary `default` target;
//   distribution-grid fault tickets as JSON Lines;
//   nameplate text lines rendered as PNG with their text as the label, packed as a ZIP with labels.csv.
import { seededRandom } from '../../domain/random.js';

type Random = () => number;

const gaussian = (rand: Random): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** Local wall-clock time (the grid's, Asia/Shanghai) written without a zone; computed in UTC so the host's zone never matters. */
const stamp = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
};
/** A CSV field: quoted when it holds a comma, quote or line break. */
const field = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csvLine = (values: (string | number | null)[]): string => values.map(field).join(',');

const DAY = 86_400_000;
const QUARTER_HOUR = 900_000;
/** Spring Festival (Chinese New Year) 2026: industry slows for about two weeks around it. */
const SPRING_FESTIVAL_2026 = Date.UTC(2026, 1, 17);

/** Load shape over the day: night trough, morning and evening peaks (share of the meter's peak). */
function dailyShape(hour: number): number {
  const morning = Math.exp(-((hour - 10) ** 2) / 6);
  const evening = Math.exp(-((hour - 19.5) ** 2) / 4);
  return 0.35 + 0.4 * morning + 0.5 * evening;
}

/** Heating in winter: highest in mid-January, lower towards spring and in early autumn. */
const seasonal = (ms: number): number =>
  1 + 0.18 * Math.cos((2 * Math.PI * (ms - Date.UTC(2026, 0, 15))) / (365 * DAY));

const holiday = (ms: number): number => {
  const days = (ms - SPRING_FESTIVAL_2026) / DAY;
  return days > -7 && days < 10 ? 0.62 : 1;
};

export const METER_COLUMNS = ['meter_id', 'substation', 'ts', 'active_kwh', 'reactive_kvarh', 'voltage_v'];

const ZHEJIANG_METERS = [
  { id: 'ZJ-HZ-220-0101', substation: '杭州 瓶窑 220kV', peak: 5200, industrial: 0.7 },
  { id: 'ZJ-HZ-220-0102', substation: '杭州 瓶窑 220kV', peak: 4100, industrial: 0.5 },
  { id: 'ZJ-NB-220-0301', substation: '宁波 梅山 220kV', peak: 6800, industrial: 0.85 },
  { id: 'ZJ-NB-220-0302', substation: '宁波 梅山 220kV', peak: 3900, industrial: 0.4 },
  { id: 'ZJ-WZ-220-0505', substation: '温州 瓯海 220kV', peak: 4600, industrial: 0.6 },
  { id: 'ZJ-SX-220-0708', substation: '绍兴 柯桥 220kV', peak: 5600, industrial: 0.9 },
];

/**
 * 15-minute readings of Zhejiang 220 kV metering points for one quarter (start and end in UTC dates
 * standing for local dates): kWh per interval, kvarh, and bus voltage (lower under load). Each meter has
 * a few outages (communication loss: the rows are missing) and about 0.2% null reactive readings.
 */
export function meterSeries(fromMs: number, toMs: number, seed: number): string {
  const rand = seededRandom(seed);
  const lines = [METER_COLUMNS.join(',')];
  for (const meter of ZHEJIANG_METERS) {
    const outages: [number, number][] = [];
    for (let i = 0; i < 3; i++) {
      const start = fromMs + Math.floor(rand() * ((toMs - fromMs) / QUARTER_HOUR)) * QUARTER_HOUR;
      outages.push([start, start + (2 + Math.floor(rand() * 10)) * 4 * QUARTER_HOUR]);
    }
    for (let t = fromMs; t < toMs; t += QUARTER_HOUR) {
      if (outages.some(([a, b]) => t >= a && t < b)) {
        rand(); // the same draws whether or not a row is written, so one outage does not shift the rest
        rand();
        continue;
      }
      const d = new Date(t);
      const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      // Industrial load barely follows the clock and drops at weekends and the Spring Festival.
      const shape = meter.industrial * 0.85 + (1 - meter.industrial) * dailyShape(hour);
      const calendar = weekend ? 1 - 0.25 * meter.industrial : 1;
      const load = meter.peak * shape * calendar * seasonal(t) * holiday(t) * (1 + 0.04 * gaussian(rand));
      const kwh = Math.max(0, load / 4);
      const reactive = rand() < 0.002 ? null : kwh * (0.28 + 0.05 * meter.industrial);
      const voltage = 10_500 * (1.02 - 0.03 * (load / meter.peak)) + 15 * gaussian(rand);
      lines.push(
        csvLine([
          meter.id,
          meter.substation,
          stamp(t),
          kwh.toFixed(2),
          reactive === null ? null : reactive.toFixed(2),
          voltage.toFixed(1),
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Hourly loads of Hangzhou distribution transformers for load forecasting, with the air temperature
 * and calendar features a forecaster uses; `load_kw_next_hour` is the regression target.
 */
export function transformerHourly(seed: number): string {
  const rand = seededRandom(seed);
  const lines = ['transformer_id,feeder,ts,hour,weekday,is_holiday,temperature_c,load_kw,load_kw_next_hour'];
  const transformers = ['HZ-XH-T0412', 'HZ-XH-T0413', 'HZ-GS-T1107', 'HZ-BJ-T0905', 'HZ-YH-T2201'];
  const from = Date.UTC(2025, 9, 1);
  const hours = 92 * 24;
  for (const [i, id] of transformers.entries()) {
    const rated = 400 + 200 * i;
    const feeder = `10kV ${pick(rand, ['文一线', '古墩线', '滨康线', '良渚线'])}`;
    const loads: number[] = [];
    const temperatures: number[] = [];
    for (let h = 0; h <= hours; h++) {
      const t = from + h * 3_600_000;
      const day = (t - from) / DAY;
      const temperature =
        22 - day * 0.16 + 5 * Math.sin(((new Date(t).getUTCHours() - 8) / 24) * 2 * Math.PI) + gaussian(rand);
      // Residential: evening peak, more heating as it gets colder.
      const load =
        rated *
        dailyShape(new Date(t).getUTCHours()) *
        (1 + 0.012 * Math.max(0, 14 - temperature)) *
        (1 + 0.05 * gaussian(rand));
      loads.push(load);
      temperatures.push(temperature);
    }
    for (let h = 0; h < hours; h++) {
      const t = from + h * 3_600_000;
      const d = new Date(t);
      const holidayDay = d.getUTCMonth() === 9 && d.getUTCDate() <= 7; // National Day week
      lines.push(
        csvLine([
          id,
          feeder,
          stamp(t),
          d.getUTCHours(),
          d.getUTCDay(),
          holidayDay ? 1 : 0,
          temperatures[h]!.toFixed(1),
          loads[h]!.toFixed(1),
          loads[h + 1]!.toFixed(1),
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const INDUSTRIES = [
  { name: '电力设备制造', risk: -0.3 },
  { name: '新能源发电', risk: -0.1 },
  { name: '建筑安装', risk: 0.5 },
  { name: '物流运输', risk: 0.2 },
  { name: '煤炭开采', risk: 0.6 },
  { name: '化工材料', risk: 0.3 },
  { name: '信息技术', risk: -0.2 },
] as const;
const PROVINCES = ['江苏', '浙江', '山东', '安徽', '上海'] as const;
const GUARANTEES = ['抵押', '保证', '信用', '质押'] as const;

export interface CreditOptions {
  rows: number;
  /** Adds credit_score (v2: the bureau score joined later). */
  withScore: boolean;
}

/**
 * Credit applications of suppliers and customers of the group (anonymised ids): categorical industry,
 * province and guarantee type, missing employees, debt ratios and guarantee types, and `default` (0/1)
 * drawn from a logistic model of debt ratio, overdue days, company age, loan size against revenue and
 * industry, about one in ten.
 */
export function creditTable(options: CreditOptions, seed = 20260101): string {
  const rand = seededRandom(seed);
  const header = [
    'borrower_id',
    'industry',
    'province',
    'company_age_years',
    'employees',
    'annual_revenue_wan',
    'loan_amount_wan',
    'term_months',
    'debt_ratio',
    'overdue_days',
    'guarantee_type',
    ...(options.withScore ? ['credit_score'] : []),
    'default',
  ];
  const lines = [header.join(',')];
  for (let i = 0; i < options.rows; i++) {
    const industry = pick(rand, INDUSTRIES);
    const province = pick(rand, PROVINCES);
    const age = Math.max(1, Math.round(3 + Math.abs(gaussian(rand)) * 9));
    const employees = Math.round(Math.exp(3 + 1.4 * rand() + 0.08 * age));
    const revenue = Math.exp(6 + 1.2 * gaussian(rand) + 0.05 * age);
    const loan = revenue * (0.05 + 0.5 * rand());
    const term = pick(rand, [12, 24, 36, 60]);
    const debt = Math.min(0.98, Math.max(0.05, 0.45 + 0.18 * gaussian(rand) + 0.05 * industry.risk));
    const overdue = rand() < 0.78 ? 0 : Math.round(Math.abs(gaussian(rand)) * 40);
    const guarantee = pick(rand, GUARANTEES);
    const logit =
      -3.1 + 5.2 * (debt - 0.45) + 0.045 * overdue - 0.08 * (age - 8) + 1.6 * (loan / revenue - 0.3) + industry.risk;
    const isDefault = rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const score = Math.round(
      Math.min(850, Math.max(300, 690 - 160 * (debt - 0.45) - 2.2 * overdue + 4 * age + 35 * gaussian(rand))),
    );
    // Missing as people leave them: headcount not reported, debt ratio without audited statements.
    lines.push(
      csvLine([
        `B${pad(100_000 + i * 7, 6)}`,
        industry.name,
        province,
        age,
        rand() < 0.05 ? null : employees,
        revenue.toFixed(1),
        loan.toFixed(1),
        term,
        rand() < 0.03 ? null : debt.toFixed(3),
        overdue,
        rand() < 0.015 ? null : guarantee,
        ...(options.withScore ? [rand() < 0.04 ? null : score] : []),
        isDefault,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

const FAULT_TYPES = [
  {
    type: '单相接地',
    texts: [
      '{feeder}线路单相接地告警，零序电压升高，巡线发现{place}树枝搭线',
      '{feeder}小电流接地选线装置动作，{place}绝缘子击穿',
    ],
  },
  {
    type: '相间短路',
    texts: ['{feeder}速断保护动作跳闸，重合闸失败，{place}导线断落', '{feeder}过流二段动作，{place}施工机械碰线'],
  },
  {
    type: '配变故障',
    texts: ['{place}配变高压熔丝熔断，低压侧失电，用户报修', '{place}配变油温过高，渗漏油，负荷超载'],
  },
  {
    type: '电缆故障',
    texts: ['{feeder}电缆中间接头击穿，{place}开挖后发现受潮', '{feeder}电缆外破，{place}道路施工挖断'],
  },
  { type: '低压故障', texts: ['{place}低压出线开关跳闸，表箱进线烧损', '{place}低压线路断线，一户一表箱失电'] },
] as const;
const FEEDERS = ['10kV 济阳线', '10kV 泉城线', '10kV 黄台线', '10kV 港湾线', '10kV 崂山线', '10kV 胶州线'] as const;
const PLACES = [
  '东环路12号杆',
  '工业园区3号环网柜',
  '幸福小区2号配变',
  '滨海大道北侧',
  '市场街西段',
  '开发区5号分支箱',
] as const;

/** Repair tickets of the Shandong distribution grid: free text in Chinese and the fault type found. */
export function faultTickets(rows: number, seed = 20251201): string {
  const rand = seededRandom(seed);
  const from = Date.UTC(2025, 5, 1);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const fault = pick(rand, FAULT_TYPES);
    const feeder = pick(rand, FEEDERS);
    const text = pick(rand, fault.texts).replace('{feeder}', feeder).replace('{place}', pick(rand, PLACES));
    out.push(
      JSON.stringify({
        ticket_id: `SD-${2025_0000 + i}`,
        reported_at: stamp(from + Math.floor(rand() * 183 * 96) * QUARTER_HOUR),
        feeder,
        text,
        fault_type: fault.type,
      }),
    );
  }
  return `${out.join('\n')}\n`;
}
