// Request bodies under a size limit that holds before and while they are read (issue #12: a 45 MB body
// without a token took a subgraph from 109 to 441 MB before its 401, a 40 MB one took serving past 1 GB).
// - A body whose Content-Length is over the limit is refused at once, before any token check or read.
// - A body without a length (chunked) is counted while it streams and cut off at the limit; a
//   compressed one is counted after decompression too, so a zip bomb stops at the limit.
// - The 413 goes out as JSON; what is left of the body is then discarded unread for a short grace time
//   and the connection closed after it, so clients read the answer instead of a connection reset, and a
//   client that keeps sending cannot hold the connection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate, createBrotliDecompress } from 'node:zlib';

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DISCARD_GRACE_MS = 2_000;

/** The Content-Length a request declares, or undefined (chunked, or none). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length'];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export const tooLarge = (limit: number, what = 'request body'): BodyError =>
  new BodyError(413, `${what} larger than the limit of ${limit} bytes`);

/** A BodyError (413) when the request declares more than `limit` bytes; null otherwise. Reads nothing. */
export function declaredTooLarge(req: IncomingMessage, limit: number, what?: string): BodyError | null {
  const n = declaredLength(req);
  return n !== undefined && n > limit ? tooLarge(limit, what) : null;
}

/**
 * After an answer sent before the body was read (413, 401, 404): discard the rest of the body without
 * keeping it, so the connection can carry the client's next request; a client still sending after the
 * grace time has its connection closed.
 */
export function discardBody(req: IncomingMessage, res: ServerResponse, graceMs = DISCARD_GRACE_MS): void {
  if (req.complete) return;
  req.removeAllListeners('data');
  req.unpipe();
  req.resume();
  const close = (): void => {
    if (req.complete) return;
    const timer = setTimeout(() => req.socket.destroy(), graceMs);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
  };
  if (res.writableFinished) close();
  else res.once('finish', close);
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export interface ReadBodyOptions {
  /**
   * A body with a Content-Encoding: `refuse` it (415, the default), `decode` gzip/deflate/br (`limit`
   * then bounds the decoded bytes too: zip bombs stop there), or `keep` the bytes as sent (a proxy that
   * forwards the header; the receiver decodes under its own limit).
   */
  encoded?: 'refuse' | 'decode' | 'keep';
  /** Names the body in the 413 message (e.g. "OpenLineage event"). */
  what?: string;
}

/**
 * The whole body, at most `limit` bytes (415 for an encoding it does not decode, 400 for a corrupt one).
 * On 413 the request is switched to discarding, so the caller only has to send its answer.
 */
export function readBody(req: IncomingMessage, limit: number, options: ReadBodyOptions = {}): Promise<Buffer> {
  const early = declaredTooLarge(req, limit, options.what);
  if (early) return Promise.reject(early);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  let source: Readable | NodeJS.ReadWriteStream = req;
  const encoded = options.encoded ?? 'refuse';
  if (encoding !== 'identity' && encoding !== '' && encoded !== 'keep') {
    const decoder = encoded === 'decode' ? DECODERS[encoding] : undefined;
    if (!decoder)
      return Promise.reject(
        new BodyError(
          415,
          `Content-Encoding "${encoding}" is not accepted here${encoded === 'decode' ? '; use gzip, deflate or br' : ''}`,
        ),
      );
    source = req.pipe(decoder());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (error: BodyError): void => {
      if (done) return;
      done = true;
      chunks.length = 0;
      if (source !== req) {
        req.unpipe();
        (source as Readable).destroy();
      }
      req.removeAllListeners('data');
      req.resume();
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return fail(tooLarge(limit, options.what));
      chunks.push(chunk);
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    const broken = (error: Error): void => fail(new BodyError(400, `request body could not be read: ${error.message}`));
    source.on('error', broken);
    if (source !== req) req.on('error', broken);
    // A client that goes away mid-body: settle, so nothing waits on it.
    req.on('close', () => {
      if (!req.complete) broken(new Error('the connection closed before the body ended'));
    });
  });
}
