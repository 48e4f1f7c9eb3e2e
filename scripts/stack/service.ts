// What the orchestrator (index.ts) needs from each service module.
import type { SpawnSpec } from './process.js';

export type ServiceName = 'neo4j' | 'temporal' | 'keycloak' | 's3';

export interface Endpoint {
  label: string;
  url: string;
}

export interface Service {
  name: ServiceName;
  /** e.g. "Neo4j 5.26.30", for messages. */
  title: string;
  /** Ports the service binds on 127.0.0.1; all are checked before starting. */
  ports: { port: number; label: string }[];
  endpoints(): Endpoint[];
  /** Fetch/build into the cache unless a complete install is already there. */
  install(): Promise<void>;
  /** Writes config and data folders for this start and returns the command to run. */
  prepare(): Promise<SpawnSpec>;
  /** Cheap probe: true when the service answers as clients will use it. */
  healthy(): Promise<boolean>;
  /** Probe used while starting, before afterStart has run (defaults to healthy). */
  started?(): Promise<boolean>;
  /** One-time setup that needs the running service (e.g. Neo4j's generated password). */
  afterStart?(): Promise<void>;
  /** Brings a service found already running up to date with the repository (e.g. new realm roles and users). */
  reconcile?(): Promise<void>;
  startTimeoutMs: number;
  stopGraceMs: number;
}
