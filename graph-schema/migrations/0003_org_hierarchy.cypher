// The demo organisation the Keycloak realm's users belong to: group HQ and two provincial branches.
MERGE (hq:Org {id: 'hq'}) ON CREATE SET hq.name = 'Group Headquarters 集团总部', hq.level = 'group';
MERGE (js:Org {id: 'jiangsu'}) ON CREATE SET js.name = 'Jiangsu Branch 江苏分公司', js.level = 'province';
MERGE (zj:Org {id: 'zhejiang'}) ON CREATE SET zj.name = 'Zhejiang Branch 浙江分公司', zj.level = 'province';
MATCH (js:Org {id: 'jiangsu'}), (hq:Org {id: 'hq'}) MERGE (js)-[:PART_OF]->(hq);
MATCH (zj:Org {id: 'zhejiang'}), (hq:Org {id: 'hq'}) MERGE (zj)-[:PART_OF]->(hq);
