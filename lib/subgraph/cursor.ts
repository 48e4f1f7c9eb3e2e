// Opaque Relay cursors over an ordered result: base64 of "offset:N".
import { GraphQLError } from 'graphql';

export const encodeOffsetCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64url');

export function decodeOffsetCursor(cursor: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new GraphQLError(`cursor "${cursor}" is not a cursor this API issued`, { extensions: { code: 'BAD_USER_INPUT' } });
  return Number(match[1]);
}
