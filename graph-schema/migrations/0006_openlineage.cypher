// OpenLineage ingestion (subgraphs/lineage/openlineage): jobs and runs are keyed like every other label.
CREATE CONSTRAINT job_id_unique IF NOT EXISTS FOR (n:Job) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT lineagerun_id_unique IF NOT EXISTS FOR (n:LineageRun) REQUIRE n.id IS UNIQUE;
