// Loads a knowledge-base folder: files parsed and schema-checked (validate.ts), then the checks a schema
// cannot express: each name/text pair has at least one language, ids are unique within the base, and
// every reference names an entity of the right kind IN THE SAME BASE (a base never points into another).
// The result is normalised: absent files and lists are empty, a missing language half holds the other.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  AssetsFile,
  DomainFile,
  Entity,
  GridFile,
  KbInfo,
  KbNamed,
  KnowledgeBase,
  LexiconFile,
} from './format.js';
import { KbValidationError, MAX_ERRORS, readBaseFiles, type KbProblem, type ParsedFile } from './validate.js';

export const defaultDataDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
/** Further bases shipped with Plinth, one folder each (imported by `npm start` when absent). */
export const basesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bases');

/** Where each id of the base is declared (file and JSON pointer), for errors that name it later. */
export type IdLocations = Map<string, { file: ParsedFile; pointer: string; kind: string }>;

export interface LoadedBase {
  kb: KnowledgeBase;
  locations: IdLocations;
}

const filled = (a: string | undefined, b: string | undefined): string => (a && a.trim() ? a : (b ?? ''));
const langs = (zh: string | undefined, en: string | undefined): string[] =>
  [zh?.trim() ? 'zh' : null, en?.trim() ? 'en' : null].filter((x): x is string => x !== null);

const entity = (n: KbNamed): Entity => ({
  id: n.id,
  name: filled(n.name, n.nameEn),
  nameEn: filled(n.nameEn, n.name),
  aliases: n.aliases ?? [],
  nameLangs: langs(n.name, n.nameEn),
});

/** Loads, checks and normalises a base; throws KbValidationError listing every problem. */
export function loadBase(dir = defaultDataDir): LoadedBase {
  const { files, problems } = readBaseFiles(dir);
  const kbFile = files.get('kb.json');
  const domainFile = files.get('domain.json');
  const gridFile = files.get('grid.json');
  const assetsFile = files.get('assets.json');
  const lexiconFile = files.get('lexicon.json');
  const info = kbFile?.data as KbInfo | undefined;
  const domain = (domainFile?.data ?? {}) as DomainFile;
  const grid = (gridFile?.data ?? {}) as GridFile;
  const assets = (assetsFile?.data ?? {}) as AssetsFile;
  const lexicon = (lexiconFile?.data ?? { synonyms: [] }) as LexiconFile;
  const base = info?.id ?? '?';

  // Ids: unique within the base, across its files; kinds remembered for the reference checks.
  const locations: IdLocations = new Map();
  const declare = (file: ParsedFile | undefined, list: string, items: { id: string }[] | undefined, kind: string) => {
    if (!file) return;
    (items ?? []).forEach((item, i) => {
      const pointer = `/${list}/${i}`;
      const first = locations.get(item.id);
      if (first)
        problems.push(
          file.problem(
            `${pointer}/id`,
            `duplicate id "${item.id}" (also ${first.kind} at ${first.file.file}:${first.file.at(first.pointer).line})`,
          ),
        );
      else locations.set(item.id, { file, pointer, kind });
    });
  };
  declare(domainFile, 'equipmentTypes', domain.equipmentTypes, 'equipment type');
  declare(domainFile, 'roles', domain.roles, 'role');
  declare(domainFile, 'safetyRules', domain.safetyRules, 'safety rule');
  declare(domainFile, 'symptoms', domain.symptoms, 'symptom');
  declare(domainFile, 'causes', domain.causes, 'cause');
  declare(domainFile, 'procedures', domain.procedures, 'procedure');
  declare(domainFile, 'faultTypes', domain.faultTypes, 'fault type');
  declare(gridFile, 'substations', grid.substations, 'substation');
  declare(gridFile, 'equipment', grid.equipment, 'equipment');
  declare(assetsFile, 'models', assets.models, 'model');
  declare(assetsFile, 'services', assets.services, 'service');

  // Language pairs: either half may be empty, not both.
  const pair = (file: ParsedFile | undefined, pointer: string, zh?: string, en?: string, what = 'name/nameEn') => {
    if (file && !zh?.trim() && !en?.trim())
      problems.push(file.problem(pointer, `needs ${what} in at least one language`));
  };
  const named: [string, KbNamed[] | undefined][] = [
    ['equipmentTypes', domain.equipmentTypes],
    ['roles', domain.roles],
    ['safetyRules', domain.safetyRules],
    ['symptoms', domain.symptoms],
    ['causes', domain.causes],
    ['procedures', domain.procedures],
    ['faultTypes', domain.faultTypes],
  ];
  for (const [list, items] of named)
    (items ?? []).forEach((n, i) => pair(domainFile, `/${list}/${i}`, n.name, n.nameEn));
  (domain.safetyRules ?? []).forEach((r, i) =>
    pair(domainFile, `/safetyRules/${i}`, r.requirement, r.requirementEn, 'requirement/requirementEn'),
  );
  (domain.procedures ?? []).forEach((p, i) =>
    p.steps.forEach((s, j) => pair(domainFile, `/procedures/${i}/steps/${j}`, s.text, s.textEn, 'text/textEn')),
  );
  for (const [list, items] of [
    ['substations', grid.substations],
    ['equipment', grid.equipment],
  ] as const)
    (items ?? []).forEach((n, i) => pair(gridFile, `/${list}/${i}`, n.name, n.nameEn));

  // References: the id must exist in this base and be of an accepted kind.
  const ref = (file: ParsedFile | undefined, pointer: string, id: string, kinds: string[]) => {
    if (!file) return;
    const at = locations.get(id);
    if (!at) problems.push(file.problem(pointer, `"${id}" is not a ${kinds.join(' or ')} of base "${base}"`));
    else if (!kinds.includes(at.kind))
      problems.push(file.problem(pointer, `"${id}" is a ${at.kind}, not a ${kinds.join(' or ')} (base "${base}")`));
  };
  const refs = (file: ParsedFile | undefined, pointer: string, ids: string[] | undefined, kinds: string[]) =>
    (ids ?? []).forEach((id, k) => ref(file, `${pointer}/${k}`, id, kinds));
  (domain.equipmentTypes ?? []).forEach((t, i) =>
    (t.relations ?? []).forEach((r, k) => {
      ref(domainFile, `/equipmentTypes/${i}/relations/${k}/target`, r.target, ['equipment type']);
      if (r.target === t.id)
        problems.push(
          domainFile!.problem(`/equipmentTypes/${i}/relations/${k}/target`, 'a type cannot relate to itself'),
        );
    }),
  );
  (domain.safetyRules ?? []).forEach((r, i) =>
    refs(domainFile, `/safetyRules/${i}/appliesTo`, r.appliesTo, ['equipment type', 'fault type', 'procedure']),
  );
  (domain.procedures ?? []).forEach((p, i) => {
    refs(domainFile, `/procedures/${i}/safetyRules`, p.safetyRules, ['safety rule']);
    refs(domainFile, `/procedures/${i}/responsible`, p.responsible, ['role']);
  });
  (domain.faultTypes ?? []).forEach((f, i) => {
    refs(domainFile, `/faultTypes/${i}/symptoms`, f.symptoms, ['symptom']);
    refs(domainFile, `/faultTypes/${i}/causes`, f.causes, ['cause']);
    refs(domainFile, `/faultTypes/${i}/affects`, f.affects, ['equipment type']);
    ref(domainFile, `/faultTypes/${i}/procedure`, f.procedure, ['procedure']);
  });
  (grid.equipment ?? []).forEach((e, i) => {
    ref(gridFile, `/equipment/${i}/type`, e.type, ['equipment type']);
    ref(gridFile, `/equipment/${i}/substation`, e.substation, ['substation']);
    refs(gridFile, `/equipment/${i}/feeds`, e.feeds, ['equipment']);
    (e.relations ?? []).forEach((r, k) =>
      ref(gridFile, `/equipment/${i}/relations/${k}/target`, r.target, ['equipment']),
    );
  });
  (assets.models ?? []).forEach((m, i) => refs(assetsFile, `/models/${i}/detects`, m.detects, ['fault type']));
  (assets.services ?? []).forEach((s, i) => refs(assetsFile, `/services/${i}/raises`, s.raises, ['symptom']));

  if (problems.length > 0) throw new KbValidationError(dir, problems.slice(0, MAX_ERRORS), problems.length);

  const kb: KnowledgeBase = {
    info: info!,
    domain: {
      equipmentTypes: (domain.equipmentTypes ?? []).map((t) => ({ ...entity(t), relations: t.relations ?? [] })),
      roles: (domain.roles ?? []).map(entity),
      safetyRules: (domain.safetyRules ?? []).map((r) => ({
        ...entity(r),
        requirement: filled(r.requirement, r.requirementEn),
        requirementEn: filled(r.requirementEn, r.requirement),
        appliesTo: r.appliesTo ?? [],
      })),
      symptoms: (domain.symptoms ?? []).map((s) => ({ ...entity(s), kind: s.kind })),
      causes: (domain.causes ?? []).map(entity),
      procedures: (domain.procedures ?? []).map((p) => ({
        ...entity(p),
        steps: p.steps.map((s) => ({
          text: filled(s.text, s.textEn),
          textEn: filled(s.textEn, s.text),
          langs: langs(s.text, s.textEn),
        })),
        safetyRules: p.safetyRules ?? [],
        responsible: p.responsible ?? [],
      })),
      faultTypes: (domain.faultTypes ?? []).map((f) => ({
        ...entity(f),
        symptoms: f.symptoms,
        causes: f.causes ?? [],
        affects: f.affects ?? [],
        procedure: f.procedure,
      })),
    },
    grid: {
      substations: (grid.substations ?? []).map((s) => ({
        ...entity(s),
        orgId: s.orgId,
        voltageKv: s.voltageKv ?? null,
      })),
      equipment: (grid.equipment ?? []).map((e) => ({
        ...entity(e),
        type: e.type,
        substation: e.substation,
        feeds: e.feeds ?? [],
        relations: e.relations ?? [],
      })),
    },
    assets: { models: assets.models ?? [], services: assets.services ?? [] },
    lexicon,
  };
  return { kb, locations };
}

/** Convenience for callers that only need the data (eval, question generation, tests). */
export function loadKnowledgeBase(dir = defaultDataDir): KnowledgeBase {
  return loadBase(dir).kb;
}

export type { KbProblem };
