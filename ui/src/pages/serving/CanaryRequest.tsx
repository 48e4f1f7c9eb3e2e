// The live state of a deployment request (its Temporal workflow, read through the API): step, the
// approval attempts (accepted or refused, four eyes), the decision and the canary's health. Used by
// the service page (for each routed canary), the deployment page (for its own request) and the request's
// own page (/deployment-requests/…), which the heading links.
import { Alert, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { CanaryRequestStatusQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { deploymentRequestPath } from '../../lib/links';
import { PageLoader } from '../../components/PageState';
import { EntityLink, Facts } from './parts';
import { sm } from './messages';

const CanaryRequestStatus = graphql(`
  query CanaryRequestStatus($workflowId: ID!) {
    deploymentRequest(workflowId: $workflowId) {
      workflowId
      step
      requestedBy
      approvals {
        kind
        approverName
        comment
        accepted
        reason
      }
      decision {
        outcome
        byName
        comment
        reason
      }
      canary {
        id
        name
      }
      health {
        requests
        errors
        errorRate
        p99Ms
        healthy
        reason
      }
    }
  }
`);

const ACTIVE_STEPS = new Set(['VALIDATING', 'AWAITING_APPROVAL', 'DEPLOYING_CANARY', 'WATCHING_CANARY', 'PROMOTING']);

export function CanaryRequest({
  workflowId,
  startedAt,
  headingOrder = 3,
}: {
  workflowId: string;
  startedAt?: string;
  headingOrder?: 2 | 3 | 4;
}) {
  const { t } = useI18n();
  const f = useFormat();
  // A request in flight moves on by itself (approval, canary window): poll while it is active.
  const query = useGql(
    CanaryRequestStatus,
    { workflowId },
    {
      refetchInterval: (q) =>
        q.state.data?.deploymentRequest && ACTIVE_STEPS.has(q.state.data.deploymentRequest.step) ? 10_000 : false,
    },
  );
  const r = query.data?.deploymentRequest;
  // The heading comes from what the caller already knows, so the request is named even when its
  // workflow cannot be read (no worker answering): the error then shows under it.
  return (
    <Stack gap="xs" data-testid="canary-request" data-workflow-id={workflowId}>
      <Group gap="xs">
        <Title order={headingOrder}>
          <Anchor component={Link} to={deploymentRequestPath(workflowId)} inherit>
            {t(sm.canaryOf, { id: workflowId })}
          </Anchor>
        </Title>
        {r ? (
          <Badge color={ACTIVE_STEPS.has(r.step) ? 'blue.9' : 'gray.7'} data-testid="canary-step">
            {r.step}
          </Badge>
        ) : null}
      </Group>
      {startedAt ? <Text size="sm">{t(sm.startedAt, { at: f.dateTime(startedAt) })}</Text> : null}
      {query.error ? (
        <Alert color="red" role="alert">
          {t(sm.requestUnavailable, { message: query.error.message })}
        </Alert>
      ) : query.isPending ? (
        <PageLoader />
      ) : !r ? (
        <Text>{t(sm.requestGone)}</Text>
      ) : (
        <RequestDetail request={r} />
      )}
    </Stack>
  );
}

type Request = NonNullable<CanaryRequestStatusQuery['deploymentRequest']>;

function RequestDetail({ request: r }: { request: Request }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Stack gap="xs">
      <Facts
        label={t(sm.request)}
        rows={[
          [t(sm.requestedBy), r.requestedBy],
          [
            t(sm.canary),
            r.canary ? (
              <EntityLink kind="DEPLOYMENT" id={r.canary.id}>
                {r.canary.name}
              </EntityLink>
            ) : null,
          ],
          [
            t(sm.decision),
            r.decision
              ? [r.decision.outcome, r.decision.byName, r.decision.comment, r.decision.reason]
                  .filter(Boolean)
                  .join(' · ')
              : null,
          ],
          [
            t(sm.health),
            r.health
              ? `${r.health.healthy ? t(sm.healthy) : t(sm.unhealthy)} · ${t(sm.requests)} ${f.number(r.health.requests)} · ${t(sm.errors)} ${f.number(r.health.errors)} · ${t(sm.errorRate)} ${f.number(r.health.errorRate * 100, 2)}%${r.health.p99Ms !== null && r.health.p99Ms !== undefined ? ` · ${t(sm.p99)} ≤ ${f.number(r.health.p99Ms, 1)} ms` : ''} · ${r.health.reason}`
              : null,
          ],
        ]}
      />
      {r.approvals.length === 0 ? (
        <Text>{t(sm.noApprovals)}</Text>
      ) : (
        <Table aria-label={t(sm.approvals)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(sm.approver)}</Table.Th>
              <Table.Th>{t(sm.decision)}</Table.Th>
              <Table.Th>{t(sm.comment)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.approvals.map((a, i) => (
              <Table.Tr key={i}>
                <Table.Td>{a.approverName}</Table.Td>
                <Table.Td>
                  {a.kind} · {a.accepted ? t(sm.accepted) : t(sm.refused, { reason: a.reason ?? '' })}
                </Table.Td>
                <Table.Td>{a.comment}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
