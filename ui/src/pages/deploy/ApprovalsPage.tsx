// The approver's inbox: deployment requests on services the viewer may see (deploymentRequests, keyset
// paged newest first), filtered by state (in the URL, so a filtered inbox has a stable address). Each row
// links the request page, where it is decided; one's own requests say so and offer no decision.
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import type { DeploymentRequestState } from '../../gql/graphql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n, type Message } from '../../lib/i18n';
import { deploymentRequestPath, entityPath } from '../../lib/links';
import { dm, stepLabel } from './messages';

const ApprovalsPageRequests = graphql(`
  query ApprovalsPageRequests($state: DeploymentRequestState, $after: String) {
    deploymentRequests(state: $state, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          workflowId
          createdAt
          step
          requestedBy
          mine
          canDecide
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
        }
      }
    }
  }
`);

const STATES = ['AWAITING_APPROVAL', 'IN_PROGRESS', 'FINISHED', 'ALL'] as const;
type Filter = (typeof STATES)[number];

/** How long ago, in the largest whole unit. */
function useAge(): (iso: string) => string {
  const { t } = useI18n();
  return (iso) => {
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    const [unit, n]: [Message, number] =
      s < 60
        ? [dm.ageSeconds, s]
        : s < 3600
          ? [dm.ageMinutes, Math.floor(s / 60)]
          : s < 86_400
            ? [dm.ageHours, Math.floor(s / 3600)]
            : [dm.ageDays, Math.floor(s / 86_400)];
    return t(unit, { n });
  };
}

export function ApprovalsPage() {
  const { t } = useI18n();
  const fmt = useFormat();
  const age = useAge();
  const [params, setParams] = useSearchParams();
  const filter = (STATES as readonly string[]).includes(params.get('state') ?? '')
    ? (params.get('state') as Filter)
    : 'AWAITING_APPROVAL';
  // Cursors of the pages before this one: "Newer" goes back to the previous one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const query = useGql(
    ApprovalsPageRequests,
    { state: filter === 'ALL' ? null : (filter as DeploymentRequestState), after },
    { refetchInterval: 10_000 },
  );
  const page = query.data?.deploymentRequests;

  return (
    <Stack>
      <Title order={1}>{t(dm.approvalsTitle)}</Title>
      <Text>{t(dm.approvalsIntro)}</Text>
      <Group>
        <Text id="approvals-state" size="sm" fw={600}>
          {t(dm.stateFilter)}
        </Text>
        <SegmentedControl
          aria-labelledby="approvals-state"
          data-testid="state-filter"
          value={filter}
          onChange={(value) => {
            setCursors([null]);
            setParams(value === 'AWAITING_APPROVAL' ? {} : { state: value });
          }}
          data={STATES.map((s) => ({ value: s, label: t(dm[s]) }))}
        />
      </Group>
      {query.error ? (
        <ErrorState error={query.error} />
      ) : !page ? (
        <PageLoader />
      ) : page.edges.length === 0 ? (
        <Text data-testid="inbox-empty">{t(dm.noneInState)}</Text>
      ) : (
        <Table aria-label={t(dm.inboxTable)} data-testid="inbox">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(dm.service)}</Table.Th>
              <Table.Th>{t(dm.modelVersion)}</Table.Th>
              <Table.Th>{t(dm.requester)}</Table.Th>
              <Table.Th>{t(dm.age)}</Table.Th>
              <Table.Th>{t(dm.step)}</Table.Th>
              <Table.Th>{t(dm.request)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.edges.map(({ node: r }) => (
              <Table.Tr key={r.workflowId} data-testid="inbox-row" data-workflow-id={r.workflowId}>
                <Table.Td>
                  {r.service ? (
                    <Anchor component={Link} to={entityPath('SERVICE', r.service.id)}>
                      {r.service.name}
                    </Anchor>
                  ) : (
                    t(dm.hidden)
                  )}
                </Table.Td>
                <Table.Td>
                  {r.modelVersion ? (
                    <Anchor
                      component={Link}
                      to={entityPath('MODEL_VERSION', r.modelVersion.id, r.modelVersion.model.id)}
                    >
                      {r.modelVersion.model.name} v{r.modelVersion.version}
                    </Anchor>
                  ) : (
                    t(dm.hidden)
                  )}
                </Table.Td>
                <Table.Td>{r.mine ? t(dm.you, { name: r.requestedBy }) : r.requestedBy}</Table.Td>
                <Table.Td title={fmt.dateTime(r.createdAt)}>{age(r.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge color={r.canDecide ? 'blue.9' : 'gray.7'} data-testid="inbox-step" miw="max-content">
                    {t(stepLabel(r.step))}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={deploymentRequestPath(r.workflowId)} data-testid="open-request">
                    {r.canDecide ? t(dm.decide) : t(dm.open)}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {page ? (
        <Group>
          <Text size="sm">{t(dm.pageOf, { n: page.totalCount })}</Text>
          <Button variant="default" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t(dm.previousPage)}
          </Button>
          <Button
            variant="default"
            disabled={!page.pageInfo.hasNextPage}
            onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
          >
            {t(dm.nextPage)}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
