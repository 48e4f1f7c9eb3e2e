// Temporal's time-skipping test server for workflow tests (`@temporalio/testing`): timers of minutes fire
// as soon as the workflow has nothing else to wait for. The server is the real Temporal test server (Java,
// from Maven Central, fetched by the launcher); its own download site is not reachable from every machine.
// Each call starts one server on a free port; `teardown()` stops it.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { installTemporalTestServer } from '../../scripts/stack/temporal-test-server.js';

export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  // Fetched on `npm run stack -- up`; a no-op then, a one-time download (with a log line) otherwise.
  const path = await installTemporalTestServer();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
