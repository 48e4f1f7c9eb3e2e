// Opaque Relay cursors. Offset cursors ("offset:N") serve lists that are built in memory (a lineage
// graph's nodes, the audit chain's windows); keyset cursors carry the last row's order key and id, so the
// next page seeks past them in an index instead of counting rows from the start; search cursors carry the
// position among the visible hits and the position in the raw full-text ranking, so the next page asks the
// index to skip the hits already read.
// The raw rank counts hits the viewer may not see, so a search cursor is sealed (AES-256-GCM): its content
// is unreadable, and it opens only for the viewer and the search (query text and filters) it was issued
// for, so it can be neither read, forged, nor replayed by another user or another query.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GraphQLError } from 'graphql';
import { paths } from '../config.js';
import { badInput } from './errors.js';

const foreign = (cursor: string): GraphQLError =>
  new GraphQLError(`cursor "${cursor}" is not a cursor this API issued`, { extensions: { code: 'BAD_USER_INPUT' } });

const decode = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');
const encode = (text: string): string => Buffer.from(text).toString('base64url');

export const encodeOffsetCursor = (offset: number): string => encode(`offset:${offset}`);

export function decodeOffsetCursor(cursor: string): number {
  const match = /^offset:(\d{1,15})$/.exec(decode(cursor));
  if (!match) throw foreign(cursor);
  return Number(match[1]);
}

/** The position after which a keyset page starts: the last row's order key (as text) and id. */
export interface Keyset {
  key: string;
  id: string;
}

export const encodeKeysetCursor = (keyset: Keyset): string => encode(`key:${JSON.stringify([keyset.key, keyset.id])}`);

export function decodeKeysetCursor(cursor: string): Keyset {
  const text = decode(cursor);
  if (!text.startsWith('key:')) throw foreign(cursor);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(4));
  } catch {
    throw foreign(cursor);
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string')
    throw foreign(cursor);
  return { key: parsed[0], id: parsed[1] };
}

/** A search position: `visible` rows listed so far (0-based index of the last), `raw` its rank among all hits. */
export interface SearchPosition {
  visible: number;
  raw: number;
}

let sealKey: Buffer | undefined;

/**
 * The sealing key: PLINTH_CURSOR_KEY (base64 of 32 bytes; processes that share no disk, docker-compose),
 * else a file created once with mode 600. The key is written whole to a file of this process's own and then
 * hard-linked into place: the link fails if the file exists, so the first writer wins when several processes
 * start at once (every assets process seals and opens with the same key), and no process can read the file
 * between its creation and its content (with `wx` on the file itself, one could, and failed once on "").
 */
export function cursorKey(): Buffer {
  if (sealKey) return sealKey;
  const fromEnv = process.env.PLINTH_CURSOR_KEY;
  const file = paths.cursorKeyFile;
  if (!fromEnv && !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const own = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeFileSync(own, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    try {
      linkSync(own, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(own, { force: true });
    }
  }
  const key = Buffer.from(fromEnv ?? readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32)
    throw new Error(
      fromEnv
        ? 'PLINTH_CURSOR_KEY must be 32 bytes in base64'
        : `${file} holds no 32-byte key (delete it to have one generated)`,
    );
  return (sealKey = key);
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** `scope` (the viewer and the search) is authenticated with the position but not stored in the cursor. */
function seal(text: string, scope: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), nonce);
  cipher.setAAD(Buffer.from(scope, 'utf8'));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
}

function open(cursor: string, scope: string): string | undefined {
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length <= NONCE_BYTES + TAG_BYTES || bytes.length > 256) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', cursorKey(), bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(scope, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, -TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined; // altered, made up, or issued to another viewer or search
  }
}

/** What a search cursor is bound to: the viewer's subject and the search (query text and filters). */
export interface SearchScope {
  viewer: string;
  search: unknown;
}

const scopeText = (scope: SearchScope): string => JSON.stringify(['search', scope.viewer, scope.search]);

export const encodeSearchCursor = (position: SearchPosition, scope: SearchScope): string =>
  seal(`hit:${position.visible}:${position.raw}`, scopeText(scope));

export function decodeSearchCursor(cursor: string, scope: SearchScope): SearchPosition {
  const match = /^hit:(\d{1,15}):(\d{1,15})$/.exec(open(cursor, scopeText(scope)) ?? '');
  if (!match)
    throw badInput(
      'after is not a cursor this search issued to you: a search cursor is valid only for the user and the query it came with',
      'after',
    );
  return { visible: Number(match[1]), raw: Number(match[2]) };
}
