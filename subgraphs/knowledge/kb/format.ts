// The knowledge-base file format (documented in subgraphs/knowledge/README.md). Three JSON files in one
// folder: domain.json (fault knowledge), grid.json (substations and equipment), assets.json (which AI
// models detect which faults and which services raise which alarms).
export interface KbNamed {
  /** Stable id; the import MERGEs on it, so re-importing updates in place. */
  id: string;
  /** Chinese name. */
  name: string;
  nameEn: string;
  /** Synonyms and abbreviations in either language. */
  aliases: string[];
}
export interface KbSymptom extends KbNamed {
  kind: 'alarm' | 'symptom';
}
export interface KbSafetyRule extends KbNamed {
  requirement: string;
  requirementEn: string;
}
export interface KbProcedure extends KbNamed {
  steps: { text: string; textEn: string }[];
  safetyRules: string[];
  responsible: string[];
}
export interface KbFaultType extends KbNamed {
  symptoms: string[];
  causes: string[];
  affects: string[];
  procedure: string;
}
export interface DomainFile {
  equipmentTypes: KbNamed[];
  roles: KbNamed[];
  safetyRules: KbSafetyRule[];
  symptoms: KbSymptom[];
  causes: KbNamed[];
  procedures: KbProcedure[];
  faultTypes: KbFaultType[];
}
export interface KbSubstation extends KbNamed {
  orgId: string;
  voltageKv: number;
}
export interface KbEquipment extends KbNamed {
  type: string;
  substation: string;
  feeds: string[];
}
export interface GridFile {
  substations: KbSubstation[];
  equipment: KbEquipment[];
}
export interface AssetsFile {
  models: { id: string; name: string; ownerOrgId: string; task: string; description: string; detects: string[] }[];
  services: {
    id: string;
    name: string;
    ownerOrgId: string;
    endpoint: string;
    description?: string;
    raises: string[];
  }[];
}
export interface KnowledgeBase {
  domain: DomainFile;
  grid: GridFile;
  assets: AssetsFile;
}
