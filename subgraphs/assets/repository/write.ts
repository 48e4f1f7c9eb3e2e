// Write-transaction plumbing of the assets repositories, on the shared one in lib/graph/asset-store.ts:
// their conflict messages come as {message, field} and become BAD_USER_INPUT.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { inWriteTx as sharedInWriteTx } from '../../../lib/graph/asset-store.js';
import { badInput } from '../../../lib/subgraph/errors.js';

/**
 * Runs `work` in one write transaction. A uniqueness violation that slipped past the in-transaction
 * checks (two writers racing) becomes BAD_USER_INPUT with `onConflict`'s message.
 */
export function inWriteTx<T>(
  driver: Driver,
  work: (tx: ManagedTransaction) => Promise<T>,
  onConflict: () => { message: string; field?: string },
): Promise<T> {
  return sharedInWriteTx(driver, work, () => {
    const { message, field } = onConflict();
    return badInput(message, field);
  });
}

/** Takes the node's write lock until commit, so read-check-write sequences see no concurrent change. */
export const LOCK = (alias: string): string => `SET ${alias}._lock = true REMOVE ${alias}._lock`;
