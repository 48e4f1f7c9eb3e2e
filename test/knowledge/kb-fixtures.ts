// Tiny knowledge bases for the format and namespace tests: written to a temp folder, ids unique per run
// (`t-<uuid>` base, ids prefixed by it), removed from the graph afterwards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** Raw file contents: tests edit them freely, into shapes the format forbids, so they are untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BaseFiles = Record<string, any>;

export interface TinyBase {
  id: string;
  dir: string;
  /** Prefixed id of an entity of this base: `${base}-${local}`. */
  at: (local: string) => string;
  files: BaseFiles;
}

/**
 * A small water-flavoured base. Every base built here uses the same names (so a question matches in any
 * of them) and its own ids and step texts (so an answer shows which base it came from).
 */
export function tinyBase(stepTag: string, edit: (files: BaseFiles) => void = () => undefined): TinyBase {
  const id = `t-${randomUUID()}`;
  const at = (local: string) => `${id}-${local}`;
  const files: BaseFiles = {
    'kb.json': {
      id,
      name: `测试库 ${stepTag}`,
      nameEn: `Test base ${stepTag}`,
      description: '测试用',
      descriptionEn: 'for tests',
      source: 'written by the test',
    },
    'domain.json': {
      equipmentTypes: [
        {
          id: at('pump'),
          name: '测试取水泵',
          nameEn: 'test intake pump',
          relations: [{ type: 'PART_OF', target: at('intake') }],
        },
        {
          id: at('intake'),
          name: '测试取水泵站',
          nameEn: 'test intake station',
          relations: [{ type: 'SUPPLIES', target: at('plant') }],
        },
        {
          id: at('plant'),
          name: '测试净水厂',
          nameEn: 'test treatment plant',
          relations: [{ type: 'SUPPLIES', target: at('network') }],
        },
        { id: at('network'), name: '测试配水管网', nameEn: 'test distribution network', relations: [] },
        {
          id: at('booster'),
          name: '测试加压泵站',
          nameEn: 'test booster station',
          relations: [{ type: 'IS_A', target: at('intake') }],
        },
      ],
      roles: [{ id: at('role'), name: '测试值班员', nameEn: 'test operator' }],
      safetyRules: [
        {
          id: at('rule'),
          name: '测试停泵规定',
          nameEn: 'test pump stop rule',
          requirement: '停泵前必须通知调度',
          requirementEn: '',
          appliesTo: [at('pump'), at('fault')],
        },
      ],
      symptoms: [
        { id: at('alarm'), name: '测试清水池液位报警', nameEn: 'test clear well level alarm', kind: 'alarm' },
        { id: at('pressure'), name: '测试出厂水压下降', nameEn: 'test outlet pressure drop', kind: 'symptom' },
      ],
      causes: [{ id: at('cause'), name: '测试进水不足', nameEn: 'test low inflow' }],
      procedures: [
        {
          id: at('proc'),
          name: '测试液位过低处置',
          nameEn: 'test low level handling',
          steps: [
            { text: `${stepTag}第一步核对液位`, textEn: `${stepTag} step one check the level` },
            { text: `${stepTag}第二步只有中文` },
            { textEn: `${stepTag} step three English only` },
          ],
          safetyRules: [at('rule')],
          responsible: [at('role')],
        },
      ],
      faultTypes: [
        {
          id: at('fault'),
          name: '测试清水池液位过低',
          nameEn: 'test clear well level low',
          symptoms: [at('alarm'), at('pressure')],
          causes: [at('cause')],
          affects: [at('plant')],
          procedure: at('proc'),
        },
      ],
    },
    'lexicon.json': { synonyms: [['测试清水池', '测试清水库']] },
  };
  edit(files);
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  writeBaseFiles(dir, files);
  return { id, dir, at, files };
}

export function writeBaseFiles(dir: string, files: Record<string, unknown>): void {
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}
