// A deployment request's page (/deployment-requests/<workflow id>): what was asked, the step timeline
// with times, approve or reject with a required comment (never one's own: the requester reads why
// instead of buttons), the service's traffic split and the canary's health, live while it runs, and
// cancel for those allowed. The approvals and decision come from CanaryRequest (the workflow's state).
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { graphql } from '../../gql';
import type { RequestPageRequestQuery } from '../../gql/graphql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { CanaryRequest } from '../serving/CanaryRequest';
import { EntityLink, Facts } from '../serving/parts';
import { DecisionPanel } from './DecisionPanel';
import { CanaryHealthView, TrafficSplit } from './LiveCanary';
import { Timeline } from './Timeline';
import { dm, stepLabel } from './messages';

const RequestPageRequest = graphql(`
  query RequestPageRequest($workflowId: ID!) {
    deploymentRequest(workflowId: $workflowId) {
      workflowId
      step
      requestedBy
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
      entry {
        createdAt
        canaryWeight
        windowSeconds
        mine
        canDecide
        state
        outcome
        outcomeReason
        decidedBy
        decisionComment
        timeline {
          step
          at
        }
        service {
          id
          name
        }
        modelVersion {
          id
          version
          model {
            id
            name
          }
        }
        accelerator {
          id
          name
          kind
        }
      }
    }
  }
`);

export type RequestView = NonNullable<RequestPageRequestQuery['deploymentRequest']>;

const ENDED = new Set(['PROMOTED', 'ROLLED_BACK', 'REJECTED', 'FAILED', 'CANCELLED']);

export function RequestPage() {
  const workflowId = useParams()['*'] ?? '';
  const { t } = useI18n();
  // A request in flight moves by itself (approval, canary window): poll until it has ended.
  const query = useGql(
    RequestPageRequest,
    { workflowId },
    {
      refetchInterval: (q) => {
        const step = q.state.data?.deploymentRequest?.step;
        return step && ENDED.has(step) ? false : 3_000;
      },
    },
  );
  return (
    <QueryState query={{ ...query, data: query.data?.deploymentRequest }} what={t(dm.requestWhat)}>
      {(request) => <RequestView request={request} onChange={() => void query.refetch()} />}
    </QueryState>
  );
}

function RequestView({ request: r, onChange }: { request: RequestView; onChange: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const e = r.entry;
  const ended = ENDED.has(r.step);
  return (
    <Stack data-testid="deployment-request" data-workflow-id={r.workflowId} data-step={r.step}>
      <Group gap="sm">
        <Title order={1}>{t(dm.requestPageTitle)}</Title>
        <Badge color={ended ? 'gray.7' : 'blue.9'} data-testid="request-step">
          {t(stepLabel(r.step))}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        {r.workflowId}
      </Text>
      <Facts
        label={t(dm.facts)}
        rows={[
          [
            t(dm.service),
            e?.service ? (
              <EntityLink kind="SERVICE" id={e.service.id}>
                {e.service.name}
              </EntityLink>
            ) : null,
          ],
          [
            t(dm.modelVersion),
            e?.modelVersion ? (
              <EntityLink kind="MODEL_VERSION" id={e.modelVersion.id} parentId={e.modelVersion.model.id}>
                {e.modelVersion.model.name} v{e.modelVersion.version}
              </EntityLink>
            ) : null,
          ],
          [
            t(dm.accelerator),
            e?.accelerator ? (
              <EntityLink kind="ACCELERATOR" id={e.accelerator.id}>
                {e.accelerator.name} ({e.accelerator.kind})
              </EntityLink>
            ) : null,
          ],
          [t(dm.requester), e?.mine ? t(dm.you, { name: r.requestedBy }) : r.requestedBy],
          [t(dm.created), e ? fmt.dateTime(e.createdAt) : null],
          [t(dm.canaryWeight), e ? t(dm.weightValue, { n: e.canaryWeight }) : null],
          [t(dm.window), e ? t(dm.windowValue, { n: e.windowSeconds }) : null],
        ]}
      />

      <Title order={2}>{t(dm.timeline)}</Title>
      <Timeline step={r.step} reached={e?.timeline ?? []} />

      <Title order={2}>{t(dm.decision)}</Title>
      <DecisionPanel request={r} onChange={onChange} />

      {e?.service ? (
        <>
          <Title order={2}>{t(dm.traffic)}</Title>
          <TrafficSplit serviceId={e.service.id} canaryId={r.canary?.id ?? null} live={!ended} />
        </>
      ) : null}

      <Title order={2}>{t(dm.health)}</Title>
      <CanaryHealthView
        health={r.health ?? null}
        step={r.step}
        windowSeconds={e?.windowSeconds ?? null}
        canaryId={r.canary?.id ?? null}
      />

      <CanaryRequest workflowId={r.workflowId} headingOrder={2} />
    </Stack>
  );
}
