// POST /api/models/:modelId/versions — the raw ONNX bytes of a new model version
// (Content-Type: application/octet-stream). Query parameters (or x-plinth-* headers): framework,
// metrics (JSON object), trainedOn (dataset version ids, comma-separated or repeated), algorithm.
// Same authentication as GraphQL: a verified Keycloak bearer token (401 otherwise), role
// data-scientist or platform-admin (403 otherwise). The body is streamed to a temp file with a size
// limit (413) and hashed on the way; then registerModelVersionFromFile does the rest.
import { randomUUID } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type express from 'express';
import type { Driver } from 'neo4j-driver';
import { GraphQLError } from 'graphql';
import { config } from '../../../lib/config.js';
import { createLogger } from '../../../lib/logger.js';
import { UploadError, authenticate, formatBytes, receiveBody, sendJsonError } from '../../../lib/http/upload.js';
import { parseMetrics } from '../../../domain/models/signature.js';
import {
  assertMayAddVersion,
  mayRegisterVersions,
  registerModelVersionFromFile,
  statusOf,
  type RegisterVersionOptions,
} from '../../../domain/models/register.js';
import { uploadTempDir } from '../../../domain/models/artifacts.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable } from '../../../lib/subgraph/errors.js';

export const UPLOAD_PATH = '/api/models/:modelId/versions';

const log = createLogger('models');

const param = (req: express.Request, name: string, header: string): string | undefined => {
  const q = req.query[name];
  if (typeof q === 'string') return q;
  if (Array.isArray(q)) return q.map(String).join(',');
  const h = req.headers[header];
  return typeof h === 'string' ? h : undefined;
};

function optionsFrom(req: express.Request): RegisterVersionOptions {
  let metrics: Record<string, unknown>;
  try {
    metrics = parseMetrics(param(req, 'metrics', 'x-plinth-metrics'));
  } catch (error) {
    throw new UploadError(400, (error as Error).message);
  }
  const trainedOn = (param(req, 'trainedOn', 'x-plinth-trained-on') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    framework: param(req, 'framework', 'x-plinth-framework') ?? null,
    algorithm: param(req, 'algorithm', 'x-plinth-algorithm') ?? null,
    metrics,
    trainedOn,
  };
}

export function uploadHandler(driver: Driver) {
  return async (req: express.Request<{ modelId: string }>, res: express.Response): Promise<void> => {
    let temp: string | undefined;
    try {
      const identity = await authenticate(req, 'models');
      if (!mayRegisterVersions(identity))
        throw new UploadError(
          403,
          `${identity.username} (${identity.roles.join(', ') || 'no roles'}) may not register model versions`,
        );
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/octet-stream')
        throw new UploadError(415, 'send the ONNX file as the raw body with Content-Type: application/octet-stream');
      const limit = config.uploads.maxBytes;
      const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
      if (declared !== undefined && declared > limit)
        throw new UploadError(
          413,
          `model artifact of ${formatBytes(declared)} is larger than the limit of ${formatBytes(limit)} (PLINTH_MAX_UPLOAD_BYTES)`,
        );
      const options = optionsFrom(req);
      // Unknown, invisible, foreign or archived model: answer before receiving megabytes.
      await assertMayAddVersion(driver, identity, req.params.modelId);
      await mkdir(uploadTempDir(), { recursive: true });
      temp = join(uploadTempDir(), `${randomUUID()}.upload`);
      const { digest, size } = await receiveBody(req, temp, limit);
      if (size === 0) throw new UploadError(400, 'not a loadable ONNX model: the request body is empty');
      const created = await registerModelVersionFromFile(driver, identity, req.params.modelId, temp, {
        ...options,
        move: true,
        digest,
        size,
      });
      res.status(201).json(created);
    } catch (error) {
      if (error instanceof UploadError) {
        sendJsonError(res, error.status, error.message);
      } else if (isGraphUnavailable(error)) {
        sendJsonError(res, 503, GRAPH_UNAVAILABLE);
      } else if (error instanceof GraphQLError && statusOf(error) !== 500) {
        const { code: _code, ...extra } = error.extensions;
        sendJsonError(res, statusOf(error), error.message, extra);
      } else {
        const reference = randomUUID();
        log.error(`upload failed, reference ${reference}: ${(error as Error).message}`);
        sendJsonError(res, 500, `internal error; reference ${reference}`, { reference });
      }
    } finally {
      if (temp) await unlink(temp).catch(() => undefined);
    }
  };
}

/** The models subgraph's extra routes (see lib/subgraph/server.ts). */
export const modelRoutes = (app: express.Express, deps: { driver: Driver }): void => {
  const handle = uploadHandler(deps.driver);
  app.post(UPLOAD_PATH, (req, res, next) => void handle(req, res).catch(next));
};
