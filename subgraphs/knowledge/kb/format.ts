// The knowledge-base file format, version 2 (documented in subgraphs/knowledge/README.md; JSON Schemas in
// kb/schemas/). A base is one folder: kb.json (which base: id, names, source), domain.json (fault
// knowledge), and optionally grid.json (substations and equipment), assets.json (which AI models detect
// which faults and which services raise which alarms) and lexicon.json (synonym groups for this base).
// Ids are unique across every base in the graph; by convention a base prefixes its ids (water: `w-`).

/** kb.json: the base itself. Its `id` is the namespace every node of the base carries as `kb`. */
export interface KbInfo {
  id: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  /** The public regulation, manual or standard the base was written from. */
  source: string;
}

/**
 * Names come in two languages; either half may be missing or empty (at least one of the pair present).
 * The import stores the other language's text in a missing half, so every reader falls back by
 * construction, and records which halves were written (`nameLangs`).
 */
export interface KbNamed {
  /** Stable id; the import MERGEs on it, so re-importing updates in place. */
  id: string;
  /** Chinese name. */
  name?: string;
  nameEn?: string;
  /** Synonyms and abbreviations in either language. */
  aliases?: string[];
}
export interface KbSymptom extends KbNamed {
  kind: 'alarm' | 'symptom';
}
export interface KbSafetyRule extends KbNamed {
  requirement?: string;
  requirementEn?: string;
  /** What the rule governs: equipment type, fault type or procedure ids of the same base. */
  appliesTo?: string[];
}
export interface KbStep {
  text?: string;
  textEn?: string;
}
export interface KbProcedure extends KbNamed {
  steps: KbStep[];
  safetyRules?: string[];
  responsible?: string[];
}
export interface KbFaultType extends KbNamed {
  symptoms: string[];
  causes?: string[];
  affects?: string[];
  procedure: string;
}
export type TypeRelationType = 'SUPPLIES' | 'PART_OF' | 'IS_A';
export type EquipmentRelationType = 'SUPPLIES' | 'PART_OF';
export interface KbEquipmentType extends KbNamed {
  /** Type-level relations: X SUPPLIES Y (Y loses supply when X fails), X PART_OF Y, X IS_A Y. */
  relations?: { type: TypeRelationType; target: string }[];
}
export interface DomainFile {
  equipmentTypes?: KbEquipmentType[];
  roles?: KbNamed[];
  safetyRules?: KbSafetyRule[];
  symptoms?: KbSymptom[];
  causes?: KbNamed[];
  procedures?: KbProcedure[];
  faultTypes?: KbFaultType[];
}
export interface KbSubstation extends KbNamed {
  orgId: string;
  voltageKv?: number;
}
export interface KbEquipment extends KbNamed {
  type: string;
  substation: string;
  /** Equipment ids it supplies (same as a SUPPLIES relation). */
  feeds?: string[];
  relations?: { type: EquipmentRelationType; target: string }[];
}
export interface GridFile {
  substations?: KbSubstation[];
  equipment?: KbEquipment[];
}
export interface KbModel {
  id: string;
  name: string;
  ownerOrgId: string;
  task: string;
  description: string;
  detects: string[];
}
export interface KbService {
  id: string;
  name: string;
  ownerOrgId: string;
  endpoint: string;
  description?: string;
  raises: string[];
}
export interface AssetsFile {
  models?: KbModel[];
  services?: KbService[];
}
/** lexicon.json: each group's members mean the same; they extend the shipped lexicon for this base only. */
export interface LexiconFile {
  synonyms: string[][];
}

/** A loaded base: every optional file, list and language half filled in (see `normalize.ts`). */
export interface KnowledgeBase {
  info: KbInfo;
  domain: LoadedDomain;
  grid: LoadedGrid;
  assets: { models: KbModel[]; services: KbService[] };
  lexicon: LexiconFile;
}
/** An entity as imported: both names (a missing half holds the other's text), aliases, and which halves were written. */
export interface Entity {
  id: string;
  name: string;
  nameEn: string;
  aliases: string[];
  /** The languages the file actually gave the name in ('zh', 'en'). */
  nameLangs: string[];
}
export interface LoadedDomain {
  equipmentTypes: (Entity & { relations: { type: TypeRelationType; target: string }[] })[];
  roles: Entity[];
  safetyRules: (Entity & { requirement: string; requirementEn: string; appliesTo: string[] })[];
  symptoms: (Entity & { kind: 'alarm' | 'symptom' })[];
  causes: Entity[];
  procedures: (Entity & {
    steps: { text: string; textEn: string; langs: string[] }[];
    safetyRules: string[];
    responsible: string[];
  })[];
  faultTypes: (Entity & { symptoms: string[]; causes: string[]; affects: string[]; procedure: string })[];
}
export interface LoadedGrid {
  substations: (Entity & { orgId: string; voltageKv: number | null })[];
  equipment: (Entity & {
    type: string;
    substation: string;
    feeds: string[];
    relations: { type: EquipmentRelationType; target: string }[];
  })[];
}

/** The files of a base, in the order they are validated. */
export const KB_FILES = ['kb.json', 'domain.json', 'grid.json', 'assets.json', 'lexicon.json'] as const;
export type KbFileName = (typeof KB_FILES)[number];
/** Files a base must have; the others are optional. */
export const REQUIRED_FILES: KbFileName[] = ['kb.json', 'domain.json'];
