// Apollo's RemoteGraphQLDataSource as documented, forwarding the caller's token: the reference the
// benchmark compares the tuned SubgraphDataSource against (GATEWAY_MODE=stock).
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context.js';

export class StockDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const token = (context as Partial<GatewayContext>).token;
    if (token) request.http?.headers.set('authorization', `Bearer ${token}`);
  }
}
