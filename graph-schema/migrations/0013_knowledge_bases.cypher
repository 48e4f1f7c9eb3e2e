// Knowledge bases as namespaces (subgraphs/knowledge, format v2): one (:KnowledgeBase {id}) per base and
// `kb` = the base id on every knowledge node. Knowledge imported before namespaces existed is the demo
// grid base; the next import of it (npm start does it when the KnowledgeBase node is absent) adds its node.
CREATE CONSTRAINT knowledgebase_id_unique IF NOT EXISTS FOR (n:KnowledgeBase) REQUIRE n.id IS UNIQUE;
CREATE INDEX equipmenttype_kb IF NOT EXISTS FOR (n:EquipmentType) ON (n.kb);
CREATE INDEX substation_kb IF NOT EXISTS FOR (n:Substation) ON (n.kb);
CREATE INDEX equipment_kb IF NOT EXISTS FOR (n:Equipment) ON (n.kb);
CREATE INDEX symptom_kb IF NOT EXISTS FOR (n:Symptom) ON (n.kb);
CREATE INDEX cause_kb IF NOT EXISTS FOR (n:Cause) ON (n.kb);
CREATE INDEX safetyrule_kb IF NOT EXISTS FOR (n:SafetyRule) ON (n.kb);
CREATE INDEX dutyrole_kb IF NOT EXISTS FOR (n:DutyRole) ON (n.kb);
CREATE INDEX procedure_kb IF NOT EXISTS FOR (n:Procedure) ON (n.kb);
CREATE INDEX step_kb IF NOT EXISTS FOR (n:Step) ON (n.kb);
CREATE INDEX faulttype_kb IF NOT EXISTS FOR (n:FaultType) ON (n.kb);
MATCH (n) WHERE (n:EquipmentType OR n:Substation OR n:Equipment OR n:Symptom OR n:Cause OR n:SafetyRule OR n:DutyRole OR n:Procedure OR n:Step OR n:FaultType) AND n.kb IS NULL SET n.kb = 'grid';
