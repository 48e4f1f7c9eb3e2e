// A workflow round trip through the real Temporal dev server: client → server → worker → activity →
// Neo4j → back. The worker polls a task queue of its own so it never steals another test's tasks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createDriver } from '../lib/graph/driver.js';
import { config } from '../lib/config.js';
import { createWorker } from '../workflows/worker.js';
import { graphHealthWorkflow } from '../workflows/workflows.js';

test('graphHealthWorkflow runs on a worker and reads the graph', { timeout: 180_000 }, async () => {
  const driver = createDriver();
  const taskQueue = `test-${randomUUID()}`;
  const { worker, connection: workerConnection } = await createWorker(driver, taskQueue);
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const workflowId = `graph-health-${randomUUID()}`;
    const report = await worker.runUntil(
      client.workflow.execute(graphHealthWorkflow, { taskQueue, workflowId, workflowExecutionTimeout: '2 minutes' }),
    );
    assert.match(report.neo4jVersion, /^5\./);
    assert.ok(report.migrationsApplied >= 3);
    assert.equal(report.workflowId, workflowId);
    const described = await client.workflow.getHandle(workflowId).describe();
    assert.equal(described.status.name, 'COMPLETED');
    assert.equal(described.runId, report.runId);
  } finally {
    await connection.close();
    await workerConnection.close();
    await driver.close();
  }
});
