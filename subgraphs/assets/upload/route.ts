// POST /api/datasets/:datasetId/versions — the raw bytes of a new dataset version. The format comes
// from `?format=` (csv, tsv, parquet, jsonl, zip, tar) or the Content-Type, and is checked against the
// bytes themselves. Same authentication and roles as a model upload: a verified Keycloak bearer token
// (401), role data-scientist or platform-admin (403), a dataset the caller's org owns (404/403). The body
// is streamed to a temp file with a size limit (413) and hashed on the way; DuckDB then reads it, the
// bytes go into the content-addressed store and the version is registered: 201 with the version as JSON.
// Any failure leaves no version, no node and no bytes.
import { randomUUID } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type express from 'express';
import type { Driver } from 'neo4j-driver';
import { GraphQLError } from 'graphql';
import { config } from '../../../lib/config.js';
import { createLogger } from '../../../lib/logger.js';
import { UploadError, authenticate, formatBytes, receiveBody, sendJsonError } from '../../../lib/http/upload.js';
import { blobStore } from '../../../lib/storage/index.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable } from '../../../lib/subgraph/errors.js';
import { declaredFormat, type DatasetFormat } from '../../../domain/datasets/formats.js';
import { ingestDatasetFile } from '../../../domain/datasets/ingest.js';
import { resumePendingProfiles } from '../../../domain/datasets/profile-job.js';
import { DataFormatError } from '../../../domain/datasets/profile.js';
import { assertMayAddDatasetVersion } from '../../../domain/datasets/versions.js';
import { labelingItemRoutes } from '../labeling/item-route.js';

export const DATASET_UPLOAD_PATH = '/api/datasets/:datasetId/versions';

const log = createLogger('assets');

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

const query = (req: express.Request, name: string): string | undefined => {
  const value = req.query[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.map(String).join(',') : undefined;
};

export function datasetUploadHandler(driver: Driver) {
  return async (req: express.Request<{ datasetId: string }>, res: express.Response): Promise<void> => {
    let temp: string | undefined;
    try {
      const identity = await authenticate(req, 'assets');
      if (!identity.roles.includes('data-scientist') && !identity.roles.includes('platform-admin'))
        throw new UploadError(
          403,
          `${identity.username} (${identity.roles.join(', ') || 'no roles'}) may not add dataset versions: data-scientist or platform-admin only`,
        );
      let declared: DatasetFormat | null;
      try {
        declared = declaredFormat(query(req, 'format'), req.headers['content-type']);
      } catch (error) {
        throw new UploadError(415, (error as Error).message);
      }
      const limit = config.uploads.maxDatasetBytes;
      const length = req.headers['content-length'];
      if (length !== undefined && Number(length) > limit)
        throw new UploadError(
          413,
          `dataset version of ${formatBytes(Number(length))} is larger than the limit of ${formatBytes(limit)} (PLINTH_MAX_DATASET_BYTES)`,
        );
      // Compressed bodies are not decoded: what is hashed and stored must be what the client means.
      const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity')
        throw new UploadError(
          415,
          `Content-Encoding "${encoding}" is not accepted: send the dataset's bytes as they are (compress the transfer, not the body)`,
        );
      // Unknown, invisible, foreign or archived dataset: answer before receiving a gigabyte.
      await assertMayAddDatasetVersion(driver, identity, req.params.datasetId);
      const tempDir = blobStore().tempDir();
      await mkdir(tempDir, { recursive: true });
      temp = join(tempDir, `${randomUUID()}.upload`);
      const started = Date.now();
      const { digest, size } = await receiveBody(req, temp, limit, 'dataset version', 'PLINTH_MAX_DATASET_BYTES');
      const received = Date.now();
      const version = await ingestDatasetFile(driver, identity, {
        datasetId: req.params.datasetId,
        file: temp,
        digest,
        size,
        declared,
        origin: 'UPLOAD',
      });
      temp = undefined;
      log.info(
        `dataset ${req.params.datasetId} v${version.version} by ${identity.username}: ${formatBytes(size)} ${version.format}, ${version.rowCount} rows, sha256 ${digest} (received in ${received - started} ms, checked and stored in ${Date.now() - received} ms)`,
      );
      res.status(201).json({ ...version, schema: JSON.parse(version.schema) as unknown });
    } catch (error) {
      if (error instanceof UploadError) {
        sendJsonError(res, error.status, error.message);
      } else if (error instanceof DataFormatError) {
        sendJsonError(res, 400, error.message);
      } else if (isGraphUnavailable(error)) {
        sendJsonError(res, 503, GRAPH_UNAVAILABLE);
      } else if (error instanceof GraphQLError && STATUS[String(error.extensions.code)]) {
        const { code: _code, ...extra } = error.extensions;
        sendJsonError(res, STATUS[String(error.extensions.code)]!, error.message, extra);
      } else {
        const reference = randomUUID();
        log.error(`dataset upload failed, reference ${reference}: ${(error as Error).message}`);
        sendJsonError(res, 500, `internal error; reference ${reference}`, { reference });
      }
    } finally {
      if (temp) await unlink(temp).catch(() => undefined);
    }
  };
}

/** The assets subgraph's extra routes (see lib/subgraph/server.ts). */
export const assetRoutes = (app: express.Express, deps: { driver: Driver }): void => {
  const handle = datasetUploadHandler(deps.driver);
  // Profiles a stopped process left PENDING.
  void resumePendingProfiles(deps.driver).catch((error: Error) =>
    log.warn(`could not resume pending dataset profiles: ${error.message}`),
  );
  app.post(DATASET_UPLOAD_PATH, (req, res, next) => void handle(req, res).catch(next));
  labelingItemRoutes(app, deps);
};
