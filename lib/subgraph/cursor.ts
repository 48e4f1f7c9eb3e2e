// Opaque Relay cursors. Offset cursors ("offset:N") serve lists that are built in memory (a lineage
// graph's nodes, the audit chain's windows); keyset cursors carry the last row's order key and id, so the
// next page seeks past them in an index instead of counting rows from the start; search cursors carry the
// position among the visible hits and the position in the raw full-text ranking, so the next page asks the
// index to skip the hits already read.
import { GraphQLError } from 'graphql';

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

export const encodeSearchCursor = (position: SearchPosition): string =>
  encode(`hit:${position.visible}:${position.raw}`);

export function decodeSearchCursor(cursor: string): SearchPosition {
  const match = /^hit:(\d+):(\d+)$/.exec(decode(cursor));
  if (!match) throw foreign(cursor);
  return { visible: Number(match[1]), raw: Number(match[2]) };
}
