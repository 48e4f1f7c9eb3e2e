// Every HTTP route the lineage subgraph serves beside GraphQL: compliance reports and OpenLineage
// ingestion/export. Each authenticates the caller itself.
import type { Driver } from 'neo4j-driver';
import type express from 'express';
import { lineageRoutes as complianceRoutes } from './report/route.js';
import { openLineageRoutes } from './openlineage/routes.js';

export function lineageRoutes(app: express.Express, deps: { driver: Driver }): void {
  complianceRoutes(app, deps);
  openLineageRoutes(app, deps);
}
