// How deployment activities reach the hub: GraphQL and /metrics on the gateway, as the worker's own
// confidential client plinth-worker (client_credentials; its service account is ml-engineer at hq,
// not approver nor platform-admin; the secret is generated at first start). The inference runtime
// lives in the serving process, so its effects go through its API rather than the graph.
import { ApplicationFailure } from '@temporalio/activity';
import { config, realmUrl } from '../../lib/config.js';
import type { MetricsSample } from '../../domain/deployment/shared.js';

let cached: { token: string; exp: number } | undefined;

export async function serviceToken(): Promise<string> {
  if (cached && cached.exp > Date.now() + 30_000) return cached.token;
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: config.keycloak.workerClientId,
    client_secret: config.keycloak.workerSecret,
  });
  const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, { method: 'POST', body });
  if (!res.ok) throw new Error(`service-account token: HTTP ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { access_token: string; expires_in: number };
  cached = { token: json.access_token, exp: Date.now() + json.expires_in * 1000 };
  return json.access_token;
}

/** Errors the caller caused (bad input, missing or forbidden things) would fail again: no retry. */
const FINAL_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED']);

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

export class HubClient {
  constructor(readonly graphqlUrl: string) {}

  get metricsUrl(): string {
    return new URL('/metrics', this.graphqlUrl).toString();
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await fetch(this.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${await serviceToken()}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as {
      data?: T;
      errors?: GraphQLErrorBody[];
    };
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      if (FINAL_CODES.has(code)) throw ApplicationFailure.nonRetryable(error.message, code);
      throw ApplicationFailure.retryable(error.message, code);
    }
    if (!body.data) throw new Error(`no data from ${this.graphqlUrl} (HTTP ${res.status})`);
    return body.data;
  }

  async metrics(deploymentId: string): Promise<MetricsSample> {
    // /metrics is behind a token and shows the deployments the caller's org may see.
    const res = await fetch(this.metricsUrl, { headers: { authorization: `Bearer ${await serviceToken()}` } });
    if (!res.ok) throw new Error(`${this.metricsUrl}: HTTP ${res.status}`);
    return parseMetrics(await res.text(), deploymentId);
  }
}

const LINE = /^(\w+)\{([^}]*)\}\s+(\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** One deployment's request, error and latency counters from Prometheus text (format 0.0.4). */
export function parseMetrics(text: string, deploymentId: string, prefix = 'plinth_inference'): MetricsSample {
  const sample: MetricsSample = { requests: 0, errors: 0, latencyBuckets: [] };
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const [, name, rawLabels, rawValue] = m;
    const labels = Object.fromEntries(
      [...rawLabels!.matchAll(LABEL)].map(([, k, v]) => [k!, v!.replace(/\\(.)/g, '$1')]),
    );
    if (labels.deployment !== deploymentId) continue;
    const value = Number(rawValue);
    if (name === `${prefix}_requests_total`) sample.requests = value;
    else if (name === `${prefix}_errors_total`) sample.errors += value;
    else if (name === `${prefix}_request_duration_seconds_bucket` && labels.le !== '+Inf')
      sample.latencyBuckets.push([Number(labels.le), value]);
  }
  sample.latencyBuckets.sort((a, b) => a[0] - b[0]);
  return sample;
}
