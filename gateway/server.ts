// Entry point of the gateway process.
import { config } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { startGateway } from './app.js';

const log = createLogger('gateway');
try {
  const gateway = await startGateway({ port: config.gateway.port });
  const shutdown = async (): Promise<void> => {
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
} catch (error) {
  log.error(`gateway failed to start: ${(error as Error).message}`);
  process.exit(1);
}
