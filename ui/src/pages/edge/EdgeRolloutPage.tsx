// An edge rollout's progress, read from its workflow through edgeRollout(workflowId): state, batch i of
// n, the failure budget and every node in push order (pending / pushed / active / failed with the
// node's message / rolled back), each linking to its edge node page. Polls while the rollout runs.
// The URL carries the workflow id as is (it holds slashes): /edge-rollouts/edge-rollout/<version>/<id>.
import { Alert, Anchor, Badge, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { EdgeRolloutPageRolloutQuery } from '../../gql/graphql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { Facts } from '../serving/parts';
import { em } from './messages';
import { nodeStates, RUNNING, STATE_COLORS, type NodeState } from './states';

const EdgeRolloutPageRollout = graphql(`
  query EdgeRolloutPageRollout($workflowId: ID!) {
    edgeRollout(workflowId: $workflowId) {
      workflowId
      runId
      rolloutId
      modelVersionId
      requestedBy
      state
      batch
      batches
      failureBudget
      edgeNodeIds
      pushed
      active
      failed {
        edgeNodeId
        reason
      }
      rolledBack
      stopReason
    }
  }
`);

// Names for the grid: the edge nodes the viewer may see (a node missing here shows its id).
const EdgeRolloutPageNames = graphql(`
  query EdgeRolloutPageNames {
    edgeNodes(first: 100) {
      edges {
        node {
          id
          name
          site
        }
      }
    }
  }
`);

const EdgeRolloutPageVersion = graphql(`
  query EdgeRolloutPageVersion($id: ID!) {
    modelVersion(id: $id) {
      id
      version
      model {
        id
        name
      }
    }
  }
`);

const POLL_MS = 2_000;
type Rollout = NonNullable<EdgeRolloutPageRolloutQuery['edgeRollout']>;

export function EdgeRolloutPage() {
  const workflowId = useParams()['*'] ?? '';
  const { t } = useI18n();
  const query = useGql(
    EdgeRolloutPageRollout,
    { workflowId },
    {
      // A running rollout moves as nodes report: poll until it ends.
      refetchInterval: (q) =>
        q.state.data?.edgeRollout && RUNNING.has(q.state.data.edgeRollout.state) ? POLL_MS : false,
    },
  );
  return (
    <QueryState query={{ ...query, data: query.data?.edgeRollout }} what={t(em.rolloutWhat)}>
      {(rollout) => <RolloutView rollout={rollout} />}
    </QueryState>
  );
}

function RolloutView({ rollout: r }: { rollout: Rollout }) {
  const { t } = useI18n();
  const f = useFormat();
  const names = useGql(EdgeRolloutPageNames, {});
  const version = useGql(EdgeRolloutPageVersion, { id: r.modelVersionId });
  const byId = new Map((names.data?.edgeNodes.edges ?? []).map((e) => [e.node.id, e.node]));
  const states = nodeStates(r);
  const mv = version.data?.modelVersion;
  const reported = r.active.length + r.failed.length;
  const running = RUNNING.has(r.state);
  return (
    <Stack data-testid="edge-rollout" data-state={r.state}>
      <Group gap="sm">
        <Title order={1}>{t(em.rollout)}</Title>
        <Badge color={running ? 'blue.9' : r.state === 'COMPLETED' ? '#1b5e20' : 'red.9'} data-testid="rollout-state">
          {r.state}
        </Badge>
      </Group>
      {running ? <Text size="sm">{t(em.live, { seconds: POLL_MS / 1000 })}</Text> : null}
      {r.stopReason ? (
        <Alert color="red" role="alert" title={t(em.stopReason)}>
          {r.stopReason}
        </Alert>
      ) : null}
      <Facts
        label={t(em.rollout)}
        rows={[
          [t(em.workflow), <code data-testid="rollout-workflow-id">{r.workflowId}</code>],
          [
            t(em.modelVersion),
            <Anchor component={Link} to={entityPath('MODEL_VERSION', r.modelVersionId, mv?.model.id)}>
              {mv ? `${mv.model.name} v${mv.version}` : r.modelVersionId}
            </Anchor>,
          ],
          [t(em.requestedBy), r.requestedBy],
          [
            t(em.state),
            <span data-testid="rollout-batch">
              {r.batch > 0 ? t(em.batchOf, { batch: r.batch, batches: r.batches }) : t(em.notStarted)}
            </span>,
          ],
          [
            t(em.budget),
            <span data-testid="rollout-budget">
              {t(em.budgetUsed, { failed: r.failed.length, budget: r.failureBudget })}
            </span>,
          ],
        ]}
      />
      <Title order={2}>{t(em.nodes)}</Title>
      <Text size="sm">{t(em.progress, { done: f.number(reported), total: f.number(r.edgeNodeIds.length) })}</Text>
      <Progress
        value={r.edgeNodeIds.length ? (100 * reported) / r.edgeNodeIds.length : 0}
        aria-label={t(em.progress, { done: reported, total: r.edgeNodeIds.length })}
      />
      <Table aria-label={t(em.nodesGrid)} striped data-testid="rollout-nodes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t(em.nodes)}</Table.Th>
            <Table.Th>{t(em.state)}</Table.Th>
            <Table.Th>{t(em.message)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {states.map((n, i) => {
            const node = byId.get(n.id);
            return (
              <Table.Tr key={n.id} data-testid="rollout-node" data-node-id={n.id} data-state={n.state}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={entityPath('EDGE_NODE', n.id)}>
                    {node?.name ?? n.id}
                  </Anchor>
                  {node ? (
                    <Text size="xs" c="dimmed">
                      {node.site}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <NodeBadge state={n.state} />
                  {n.rolledBackToo ? (
                    <Text size="xs" span ml={6}>
                      {t(em.alsoRolledBack)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td data-testid="rollout-node-message">{n.message ?? ''}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function NodeBadge({ state }: { state: NodeState }) {
  const { t } = useI18n();
  return (
    <Badge color={STATE_COLORS[state]} variant="filled">
      {t(em[state])}
    </Badge>
  );
}
