// One Neo4j driver per process; every query goes through a session from here.
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j, { type Driver, type Record as Neo4jRecord } from 'neo4j-driver';
import { config } from '../config.js';

// TCP_NODELAY on the Bolt sockets. The driver opens them without it and writes one query's messages
// (BEGIN, RUN, PULL, COMMIT) in separate small writes; with Nagle's algorithm each write after the first
// waits for the previous one to be acknowledged, and the server delays its ACKs, so a query could stall
// ~40 ms for nothing (a 10-level lineage walk: p50 ~150 ms instead of ~20 ms; bench/lineage-dag.ts).
// The driver has no option for it, but it calls setKeepAlive(true) on every socket it opens
// (neo4j-driver-bolt-connection, node-channel.js configureSocket): NODELAY is set there. For any other
// socket of the process that calls setKeepAlive, NODELAY only removes that same delay.
const NODELAY = Symbol.for('plinth.neo4j.nodelay');
const proto = Socket.prototype as Socket & { [NODELAY]?: true };
if (!proto[NODELAY]) {
  const setKeepAlive = proto.setKeepAlive;
  proto.setKeepAlive = function (this: Socket, ...args: Parameters<Socket['setKeepAlive']>): Socket {
    this.setNoDelay(true);
    return setKeepAlive.apply(this, args);
  };
  proto[NODELAY] = true;
}

let shared: Driver | undefined;

export interface DriverOptions {
  /**
   * Called for every query this driver sends (each Bolt RUN message) with its Cypher text, followed by
   * its parameters as the driver logs them: a real count
   * of graph round trips, for tests and profiling (e.g. that a page of N parents costs one query per
   * kind, not N). It turns on the driver's debug logging, which formats every message: not for
   * production drivers.
   */
  onQuery?: (cypher: string) => void;
  /**
   * Called with the type of every Bolt message this driver writes ("BEGIN", "RUN", "PULL", "COMMIT", ...):
   * what a read costs on the wire, for tests. Debug logging as for `onQuery`.
   */
  onMessage?: (type: string) => void;
}

const CLIENT = ' C: ';
const RUN = ' C: RUN ';

/**
 * How long a failed transaction is retried (driver's maxTransactionRetryTime, and readRecords' own retries):
 * see createDriver.
 */
const MAX_RETRY_MS = 2_000;
// The driver's defaults for the delay between retries (neo4j-driver-core transaction-executor.js).
const FIRST_RETRY_DELAY_MS = 1_000;
const RETRY_DELAY_MULTIPLIER = 2;
const RETRY_JITTER = 0.2;

/** A driver with Plinth's settings; `uri` for another server than config's (tests point it at a closed port). */
export function createDriver(uri = config.neo4j.uri, options: DriverOptions = {}): Driver {
  const { onQuery, onMessage } = options;
  return neo4j.driver(uri, neo4j.auth.basic(config.neo4j.user, config.neo4j.password), {
    // The driver logs each message it writes as "<connection> C: RUN <query> <params> <metadata>".
    ...((onQuery || onMessage) && {
      logging: {
        level: 'debug' as const,
        logger: (_level: string, message: string) => {
          const sent = message.indexOf(CLIENT);
          if (sent < 0) return;
          onMessage?.(message.slice(sent + CLIENT.length).split(' ', 1)[0]!);
          const at = message.indexOf(RUN);
          if (at >= 0) onQuery?.(message.slice(at + RUN.length));
        },
      },
    }),
    // Integers come back as JS numbers where safe; ids are strings anyway.
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
    // Fail fast when Neo4j is down (issue #12: a request hung 57 s, then said "internal error"). The
    // driver retries a transaction on ServiceUnavailable as on any transient error, for up to 30 s by
    // default, after a 30 s connect timeout. 2 s of retries still covers a deadlock retry or two (1 s
    // back-off), a refused or silent server answers within ~3 s, and lib/subgraph/errors.ts turns it
    // into SERVICE_UNAVAILABLE / HTTP 503. A new connection per retry: recovery needs no restart.
    connectionTimeout: 2_000,
    connectionAcquisitionTimeout: 5_000,
    maxTransactionRetryTime: MAX_RETRY_MS,
  });
}

/**
 * Runs one read-only query as an auto-commit transaction and returns its records: one round trip (RUN and
 * PULL in one write) where `driver.executeQuery` takes two (BEGIN, RUN, PULL, then COMMIT), ~0.5-1 ms and
 * one socket write less per query, for the single reads behind the per-request loaders. Only for a query
 * that writes nothing: an auto-commit transaction is not retried by the driver, so this retries it as
 * executeQuery would (a retryable error: transient, unavailable or expired session; after 1 s, 2 s, … ±20%,
 * while the first failure is at most MAX_RETRY_MS old). It shares executeQuery's bookmark manager, so it
 * reads what this process's executeQuery writes committed, as executeQuery's reads do.
 */
export async function readRecords(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown>,
): Promise<Neo4jRecord[]> {
  let firstFailure: number | undefined;
  for (let delay = FIRST_RETRY_DELAY_MS; ; delay *= RETRY_DELAY_MULTIPLIER) {
    const session = driver.session({
      database: config.neo4j.database,
      defaultAccessMode: neo4j.session.READ,
      bookmarkManager: driver.executeQueryBookmarkManager,
    });
    try {
      // The driver captures a stack trace for every query it starts (to give a failed query's error the
      // caller's stack): with tsx's source maps that was ~4% of a subgraph's CPU on the walk. None is
      // captured here; a failed read's error keeps its message and code, which is all that is logged.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      let result;
      try {
        result = session.run(cypher, params);
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
      return (await result).records;
    } catch (error) {
      firstFailure ??= Date.now();
      if (!neo4j.isRetriableError(error) || Date.now() - firstFailure > MAX_RETRY_MS) throw error;
    } finally {
      await session.close();
    }
    await sleep(delay * (1 - RETRY_JITTER + 2 * RETRY_JITTER * Math.random()));
  }
}

export function getDriver(): Driver {
  shared ??= createDriver();
  return shared;
}

export async function closeDriver(): Promise<void> {
  const driver = shared;
  shared = undefined;
  await driver?.close();
}
