// Signed statements: how a verified caller's decision reaches a workflow. Anyone who can reach
// Temporal's port can send a signal with any payload, so a workflow never believes an identity in a
// payload; the serving subgraph (which verified the caller's token) signs what the caller decided,
// and a workflow activity verifies it before the workflow acts on it.
// Ed25519 key generated at first use under $PLINTH_HOME (mode 600), or PLINTH_STATEMENT_KEY (PKCS#8,
// PEM or base64 DER) where processes do not share a disk (docker-compose).
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { paths } from '../config.js';

export const statementKeyFile = join(paths.data, 'signing', 'statement-ed25519.pem');

/** Who made the statement, as the signer's token verification established it. */
export interface StatementSubject {
  sub: string;
  username: string;
  roles: string[];
  org: string;
  kind: 'user' | 'service';
}

export interface Statement<Body> {
  /** What the statement is for, so one kind can never pass for another. */
  purpose: string;
  /** The workflow it is addressed to: a statement for one request is worthless for another. */
  workflowId: string;
  subject: StatementSubject;
  body: Body;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  /** Unique per statement: the workflow accepts each nonce once. */
  nonce: string;
}

/** What travels in the signal: the statement's exact bytes and their signature, both base64url. */
export interface SignedStatement {
  statement: string;
  signature: string;
}

/** How old a statement may be when a worker verifies it. */
export const STATEMENT_MAX_AGE_MS = 10 * 60_000;

let privateKey: KeyObject | undefined;

/**
 * The key from PLINTH_STATEMENT_KEY, or the file, or a new key written to the file. A new key is
 * written under a private name and hard-linked into place: link fails when another process got there
 * first, and then that process's key is read, so every process ends up with the same key.
 */
function key(): KeyObject {
  if (privateKey) return privateKey;
  const fromEnv = process.env.PLINTH_STATEMENT_KEY;
  if (fromEnv) {
    // PEM, or base64 PKCS#8 DER (one line, as .env files hold it).
    privateKey = fromEnv.startsWith('-----BEGIN')
      ? createPrivateKey(fromEnv)
      : createPrivateKey({ key: Buffer.from(fromEnv, 'base64'), format: 'der', type: 'pkcs8' });
    return privateKey;
  }
  if (!existsSync(statementKeyFile)) {
    mkdirSync(dirname(statementKeyFile), { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const tmp = `${statementKeyFile}.${process.pid}.${randomUUID()}`;
    writeFileSync(tmp, pem, { mode: 0o600 });
    try {
      linkSync(tmp, statementKeyFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(tmp);
    }
  }
  return (privateKey = createPrivateKey(readFileSync(statementKeyFile, 'utf8')));
}

export function signStatement<Body>(
  purpose: string,
  workflowId: string,
  subject: StatementSubject,
  body: Body,
): SignedStatement {
  const statement: Statement<Body> = { purpose, workflowId, subject, body, issuedAt: Date.now(), nonce: randomUUID() };
  const bytes = Buffer.from(JSON.stringify(statement), 'utf8');
  return { statement: bytes.toString('base64url'), signature: sign(null, bytes, key()).toString('base64url') };
}

export type Verified<Body> = { ok: true; statement: Statement<Body> } | { ok: false; reason: string };

/**
 * Checks the signature, the purpose, the workflow it is addressed to and its age. Never throws on
 * bad input: whatever arrived in a signal is untrusted, and the reason is recorded.
 */
export function verifyStatement<Body>(
  signed: unknown,
  purpose: string,
  workflowId: string,
  now = Date.now(),
): Verified<Body> {
  const candidate = signed as Partial<SignedStatement> | null;
  if (typeof candidate?.statement !== 'string' || typeof candidate.signature !== 'string') {
    return { ok: false, reason: 'unsigned: the signal carries no signed statement' };
  }
  const bytes = Buffer.from(candidate.statement, 'base64url');
  let valid: boolean;
  try {
    valid = verify(null, bytes, createPublicKey(key()), Buffer.from(candidate.signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad signature: the statement was not signed by the hub' };
  const statement = JSON.parse(bytes.toString('utf8')) as Statement<Body>;
  if (statement.purpose !== purpose)
    return { ok: false, reason: `wrong purpose: a ${statement.purpose} statement is not a ${purpose}` };
  if (statement.workflowId !== workflowId)
    return { ok: false, reason: `wrong workflow: the statement is addressed to ${statement.workflowId}` };
  const age = now - statement.issuedAt;
  if (!(age >= -60_000 && age <= STATEMENT_MAX_AGE_MS)) {
    return {
      ok: false,
      reason: `stale: issued ${Math.round(age / 1000)} s ago (at most ${STATEMENT_MAX_AGE_MS / 1000} s)`,
    };
  }
  return { ok: true, statement };
}
