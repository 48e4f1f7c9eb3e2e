// Write-transaction plumbing shared by the assets repositories: one session per mutation, and the
// graph's uniqueness violations turned into errors a client can act on.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { config } from '../../../lib/config.js';
import { badInput } from '../../../lib/subgraph/errors.js';

const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

export const isConstraintViolation = (error: unknown): boolean =>
  (error as { code?: string } | null)?.code === CONSTRAINT_FAILED;

/**
 * Runs `work` in one write transaction. A uniqueness violation that slipped past the in-transaction
 * checks (two writers racing) becomes BAD_USER_INPUT with `onConflict`'s message.
 */
export async function inWriteTx<T>(
  driver: Driver,
  work: (tx: ManagedTransaction) => Promise<T>,
  onConflict: () => { message: string; field?: string },
): Promise<T> {
  const session = driver.session({ database: config.neo4j.database });
  try {
    return await session.executeWrite(work);
  } catch (error) {
    if (isConstraintViolation(error)) {
      const { message, field } = onConflict();
      throw badInput(message, field);
    }
    throw error;
  } finally {
    await session.close();
  }
}

/** Takes the node's write lock until commit, so read-check-write sequences see no concurrent change. */
export const LOCK = (alias: string): string => `SET ${alias}._lock = true REMOVE ${alias}._lock`;
