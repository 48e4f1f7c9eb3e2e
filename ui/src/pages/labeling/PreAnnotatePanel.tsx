// "Pre-annotate with a deployed model": owners pick a service they can see (an OCR pipeline's text
// detector for boxes, a model service's classifier for classes), start a run, and follow the runs: status,
// a done/total bar polled while RUNNING, failures with their errors, the model version that ran.
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { lm } from './loop-messages';
import { LabelingPreAnnotate, LabelingPreAnnotateServices, LabelingPreAnnotationRuns } from './loop-queries';

export const statusColor = (s: string): string =>
  s === 'SUCCEEDED' ? '#1b5e20' : s === 'FAILED' ? '#b71c1c' : s === 'RUNNING' ? 'blue.9' : 'gray.7';

export function PreAnnotatePanel({ projectId, taskType }: { projectId: string; taskType: string }) {
  const { t } = useI18n();
  const boxes = taskType === 'BOUNDING_BOX';
  const services = useGql(LabelingPreAnnotateServices, {});
  // Boxes come from a text detector (OCR pipelines); classes from a classifier behind a model service.
  const fitting = (services.data?.services.edges ?? [])
    .map((e) => e.node)
    .filter((s) => (boxes ? s.kind === 'OCR_PIPELINE' : s.kind !== 'OCR_PIPELINE'));
  const names = new Map(fitting.map((s) => [s.id, s.name]));
  const [chosen, setChosen] = useState('');
  const serviceId = chosen || fitting[0]?.id || '';
  const queryClient = useQueryClient();
  const start = useGqlMutation(LabelingPreAnnotate);
  return (
    <Stack gap="xs" data-testid="pre-annotate">
      <Title order={2}>{t(lm.preTitle)}</Title>
      <Text size="sm">
        {t(lm.preIntro)} {t(boxes ? lm.preIntroBoxes : lm.preIntroClasses)}
      </Text>
      {services.isSuccess && fitting.length === 0 ? (
        <Text>{t(lm.noService)}</Text>
      ) : (
        <Group align="end">
          <NativeSelect
            label={t(lm.service)}
            data-testid="pre-service"
            value={serviceId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={fitting.map((s) => ({ value: s.id, label: s.name }))}
          />
          <Button
            color="blue.9"
            disabled={!serviceId}
            loading={start.isPending}
            data-testid="pre-start"
            onClick={() =>
              start.mutate(
                { projectId, serviceId },
                {
                  onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['LabelingPreAnnotationRuns'] }),
                },
              )
            }
          >
            {t(lm.start)}
          </Button>
        </Group>
      )}
      {start.error && (
        <Alert color="red" role="alert" title={t(lm.preFailed)} data-testid="pre-error">
          {start.error.message}
        </Alert>
      )}
      <PreRuns projectId={projectId} names={names} />
    </Stack>
  );
}

function PreRuns({ projectId, names }: { projectId: string; names: Map<string, string> }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const runs = useGql(
    LabelingPreAnnotationRuns,
    { id: projectId },
    {
      refetchInterval: (q) =>
        q.state.data?.labelingProject?.preAnnotationRuns.some((r) => r.status === 'RUNNING') ? 1000 : false,
    },
  );
  const list = runs.data?.labelingProject?.preAnnotationRuns ?? [];
  const anyRunning = list.some((r) => r.status === 'RUNNING');
  const [wasRunning, setWasRunning] = useState(false);
  // When a run ends, the tasks now carry suggestions: refresh the project's task table.
  if (wasRunning !== anyRunning) {
    setWasRunning(anyRunning);
    if (!anyRunning) void queryClient.invalidateQueries({ queryKey: ['LabelingProjectTasks'] });
  }
  if (runs.error)
    return (
      <Alert color="red" role="alert">
        {runs.error.message}
      </Alert>
    );
  return (
    <Stack gap="xs">
      <Title order={3}>{t(lm.preRuns)}</Title>
      {list.length === 0 ? (
        <Text>{t(lm.noPreRuns)}</Text>
      ) : (
        <Table aria-label={t(lm.preRuns)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t(lm.colStarted)}</Table.Th>
              <Table.Th>{t(lm.colStatus)}</Table.Th>
              <Table.Th>{t(lm.colService)}</Table.Th>
              <Table.Th>{t(lm.colModel)}</Table.Th>
              <Table.Th>{t(lm.colDone)}</Table.Th>
              <Table.Th>{t(lm.colFailed)}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r) => {
              const words =
                r.total === null || r.total === undefined
                  ? t(lm.doneUnknown, { done: r.done })
                  : t(lm.doneOf, { done: r.done, total: r.total });
              return (
                <Table.Tr
                  key={r.id}
                  data-testid="pre-run"
                  data-status={r.status}
                  data-done={r.done}
                  data-total={r.total ?? ''}
                >
                  <Table.Td>{fmt.dateTime(r.createdAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor(r.status)}>{t(lm[r.status])}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={entityPath('SERVICE', r.serviceId)}>
                      {names.get(r.serviceId) ?? r.serviceId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {r.modelVersionId ? (
                      <Anchor component={Link} to={entityPath('MODEL_VERSION', r.modelVersionId)}>
                        {r.modelVersionId}
                      </Anchor>
                    ) : (
                      '–'
                    )}
                  </Table.Td>
                  <Table.Td style={{ minWidth: 180 }}>
                    <Progress
                      size="md"
                      color="#1b5e20"
                      value={r.total ? (r.done / r.total) * 100 : 0}
                      aria-label={words}
                    />
                    <Text size="xs" data-testid="pre-done">
                      {words}
                    </Text>
                    {r.error && (
                      <Text size="xs" c="red.9" role="alert">
                        {r.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td data-testid="pre-failed">{r.failed}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {list
        .filter((r) => r.failures.length > 0)
        .map((r) => (
          <Table key={r.id} data-testid="pre-failures">
            <Table.Caption>{t(lm.failuresOf, { at: fmt.dateTime(r.createdAt) })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(lm.colItem)}</Table.Th>
                <Table.Th>{t(lm.colError)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.failures.map((f) => (
                <Table.Tr key={f.taskId}>
                  <Table.Td>{f.item}</Table.Td>
                  <Table.Td>{f.error}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </Stack>
  );
}
