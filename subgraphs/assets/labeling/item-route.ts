// GET /api/labeling/tasks/:taskId/item — the image a labeling task shows (LabelTask.itemUrl), read from
// the project's source version through the verified path (domain/labeling/items.ts). Same authentication
// as GraphQL: a verified bearer token (401). Who sees the task sees its image: its assignees and the
// project's owners (data scientists and admins of its org tree), decided in the query (getTask); anyone
// else, and a task that does not exist, get the same 404, so the route says nothing of what it holds.
// The content type comes from the bytes, nosniff and a sandboxing CSP keep a browser from treating them
// as anything else, and Cache-Control: private keeps them out of shared caches.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { bearerToken, verifyAccessToken } from '../../../lib/auth/verify-token.js';
import { authFailure } from '../../../lib/auth/unavailable.js';
import { createLogger } from '../../../lib/logger.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable } from '../../../lib/subgraph/errors.js';
import { IntegrityError } from '../../../domain/integrity.js';
import { DataFormatError } from '../../../domain/datasets/profile.js';
import { getProject, getTask } from '../../../domain/labeling/store.js';
import { ItemNotFoundError, readItemBytes } from '../../../domain/labeling/items.js';

export const LABELING_ITEM_PATH = '/api/labeling/tasks/:taskId/item';

const log = createLogger('assets');

const CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

function fail(res: express.Response, status: number, message: string, extra: Record<string, unknown> = {}): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="plinth"');
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
    .json({ errors: [{ message, extensions: { code: CODES[status] ?? 'ERROR', ...extra } }] });
}

export function labelingItemRoutes(app: express.Express, { driver }: { driver: Driver }): void {
  const handle = (req: express.Request, res: express.Response): void => {
    const taskId = String(req.params.taskId);
    void (async () => {
      let identity: Identity;
      try {
        identity = await verifyAccessToken(bearerToken(req.headers.authorization));
      } catch (error) {
        const failure = authFailure(error);
        if (failure.status === 503) res.set(failure.headers);
        return fail(res, failure.status, failure.message);
      }
      const missing = `labeling task ${taskId.slice(0, 100)} not found`;
      const task = await getTask(driver, identity, taskId);
      if (!task) return fail(res, 404, missing);
      const project = await getProject(driver, task.projectId);
      if (!project) return fail(res, 404, missing);
      let item;
      try {
        item = await readItemBytes(driver, project.sourceVersionId, task.item, `labeling item ${identity.username}`);
      } catch (error) {
        if (error instanceof ItemNotFoundError) return fail(res, 404, `task ${taskId} has no image: ${error.message}`);
        // The source's bytes are not the ones registered (or a damaged archive): said, not served.
        if (error instanceof IntegrityError || error instanceof DataFormatError) return fail(res, 409, error.message);
        throw error;
      }
      res.status(200).set({
        'Content-Type': item.contentType,
        'Content-Length': String(item.bytes.length),
        'Cache-Control': 'private, max-age=300',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      });
      if (req.method === 'HEAD') res.end();
      else res.end(item.bytes);
    })().catch((error: Error) => {
      if (isGraphUnavailable(error)) return fail(res, 503, GRAPH_UNAVAILABLE);
      const reference = randomUUID();
      log.error(`labeling item failed ${reference}: ${error.message}`);
      fail(res, 500, `internal error; reference ${reference}`, { reference });
    });
  };
  app.get(LABELING_ITEM_PATH, handle);
  app.head(LABELING_ITEM_PATH, handle);
}
