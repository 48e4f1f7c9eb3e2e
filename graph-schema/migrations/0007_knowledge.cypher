// Dispatcher knowledge graph (subgraphs/knowledge): every knowledge label's id is unique, and names,
// English names and aliases are searchable in Chinese and English through the cjk analyzer.
CREATE CONSTRAINT equipmenttype_id_unique IF NOT EXISTS FOR (n:EquipmentType) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT equipment_id_unique IF NOT EXISTS FOR (n:Equipment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT substation_id_unique IF NOT EXISTS FOR (n:Substation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT faulttype_id_unique IF NOT EXISTS FOR (n:FaultType) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT symptom_id_unique IF NOT EXISTS FOR (n:Symptom) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT cause_id_unique IF NOT EXISTS FOR (n:Cause) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT procedure_id_unique IF NOT EXISTS FOR (n:Procedure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT step_id_unique IF NOT EXISTS FOR (n:Step) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT safetyrule_id_unique IF NOT EXISTS FOR (n:SafetyRule) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dutyrole_id_unique IF NOT EXISTS FOR (n:DutyRole) REQUIRE n.id IS UNIQUE;
CREATE FULLTEXT INDEX knowledge_search IF NOT EXISTS
FOR (n:EquipmentType|Equipment|Substation|FaultType|Symptom|Cause|Procedure|SafetyRule|DutyRole)
ON EACH [n.name, n.nameEn, n.aliasesText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
CREATE INDEX equipment_owner IF NOT EXISTS FOR (n:Equipment) ON (n.ownerOrgId);
