// Subgraph calls: forward the caller's token (subgraphs verify it again) over a keep-alive agent,
// which avoids a TCP handshake per subgraph request.
import { Agent } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import fetch from 'node-fetch';
import type { GatewayContext } from './context.js';

const agent = new Agent({ keepAlive: true, maxSockets: 128, keepAliveMsecs: 10_000 });

export class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string) {
    super({
      url,
      fetcher: ((input: string, init?: Record<string, unknown>) => fetch(input, { ...init, agent })) as unknown as Fetcher,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const token = 'token' in context ? context.token : undefined;
    if (token) request.http?.headers.set('authorization', `Bearer ${token}`);
  }
}
