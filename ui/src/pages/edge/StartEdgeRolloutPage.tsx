// The form that starts an edge rollout (startEdgeRollout, ML engineers): a model version, the edge nodes
// in push order, batch size, failure budget and report timeout, with the API's own limits. On success
// it opens the rollout's progress page. ?modelVersion=<id> and ?edgeNode=<id> preselect, so the model
// version and edge node pages can link here.
import { Alert, Button, Group, MultiSelect, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { edgeRolloutPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { NotAllowed } from '../compliance/NotAllowed';
import { em } from './messages';

// Models are searched by name as the user types, a short page at a time: a long page of models with their
// versions is costly (models(first: 100) costs 5,404 by lib/graphql/cost.ts; it was refused while the
// gateway's GRAPHQL_MAX_COST was 5,000).
const MODEL_PAGE = 20;
const StartEdgeRolloutModels = graphql(`
  query StartEdgeRolloutModels($first: Int!, $name: String) {
    models(first: $first, filter: { nameContains: $name }) {
      edges {
        node {
          id
          name
          versions {
            id
            version
          }
        }
      }
      totalCount
    }
  }
`);

const StartEdgeRolloutNodes = graphql(`
  query StartEdgeRolloutNodes {
    edgeNodes(first: 100) {
      edges {
        node {
          id
          name
          site
          status
        }
      }
    }
  }
`);

// A preset version's model, whether or not it is among the first models listed.
const StartEdgeRolloutPreset = graphql(`
  query StartEdgeRolloutPreset($id: ID!) {
    modelVersion(id: $id) {
      id
      model {
        id
        name
        versions {
          id
          version
        }
      }
    }
  }
`);

const StartEdgeRolloutStart = graphql(`
  mutation StartEdgeRolloutStart($input: StartEdgeRolloutInput!) {
    startEdgeRollout(input: $input) {
      workflowId
      runId
      rolloutId
    }
  }
`);

export function StartEdgeRolloutPage() {
  const { t } = useI18n();
  if (!useCan('serving.write')) return <NotAllowed who={t(em.engineers)} />;
  return <StartForm />;
}

interface Choice {
  id: string;
  name: string;
  versions: { id: string; version: number }[];
}

function StartForm() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [name] = useDebouncedValue(search.trim(), 200);
  const found = useGql(
    StartEdgeRolloutModels,
    { first: MODEL_PAGE, name: name || null },
    { placeholderData: keepPreviousData },
  );
  const choices = useGql(StartEdgeRolloutNodes, {});
  const start = useGqlMutation(StartEdgeRolloutStart);
  const presetVersion = params.get('modelVersion');
  const preset = useGql(StartEdgeRolloutPreset, { id: presetVersion ?? '' }, { enabled: !!presetVersion });
  const presetModel = preset.data?.modelVersion?.model ?? null;
  const [picked, setPicked] = useState<Choice | null>(null);
  const model = picked ?? presetModel ?? undefined;
  const listed = found.data?.models.edges.map((e) => e.node) ?? [];
  // The chosen model stays among the options whatever the search lists, so the picker can show it.
  const models = model && !listed.some((m) => m.id === model.id) ? [model, ...listed] : listed;
  const [versionId, setVersionId] = useState<string | null>(presetVersion);
  const [nodes, setNodes] = useState<string[]>(params.getAll('edgeNode'));
  const [batchSize, setBatchSize] = useState<number | string>(1);
  const [budget, setBudget] = useState<number | string>(0);
  const [timeoutSeconds, setTimeoutSeconds] = useState<number | string>(600);
  const [problem, setProblem] = useState<string | null>(null);
  // Preset nodes beyond the first page listed stay choosable, named by id.
  const listedNodes = (choices.data?.edgeNodes.edges ?? []).map((e) => ({
    value: e.node.id,
    label: `${e.node.name} · ${e.node.site} · ${e.node.status}`,
  }));
  const nodeOptions = [
    ...listedNodes,
    ...params
      .getAll('edgeNode')
      .filter((id) => !listedNodes.some((o) => o.value === id))
      .map((id) => ({ value: id, label: id })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!versionId || nodes.length === 0) return setProblem(t(em.needed));
    setProblem(null);
    start.mutate(
      {
        input: {
          modelVersionId: versionId,
          edgeNodeIds: nodes,
          batchSize: Number(batchSize),
          failureBudget: Number(budget),
          reportTimeoutSeconds: Number(timeoutSeconds),
        },
      },
      { onSuccess: (data) => void navigate(edgeRolloutPath(data.startEdgeRollout.workflowId)) },
    );
  };

  return (
    <Stack maw={720}>
      <Title order={1}>{t(em.start)}</Title>
      <Text>{t(em.startIntro)}</Text>
      {found.error || choices.error ? (
        <Alert color="red" role="alert" data-testid="start-rollout-load-error">
          {(found.error ?? choices.error)?.message}
        </Alert>
      ) : null}
      <form
        onSubmit={submit}
        aria-label={t(em.start)}
        data-testid="start-rollout-form"
        data-ready={!!model && !!versionId && model.versions.some((v) => v.id === versionId)}
      >
        <Stack>
          <Group grow align="flex-start">
            <Select
              label={t(em.model)}
              placeholder={t(em.chooseModel)}
              description={
                found.data && found.data.models.totalCount > listed.length
                  ? t(em.typeToSearch, { shown: listed.length, total: found.data.models.totalCount })
                  : undefined
              }
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              nothingFoundMessage={found.isFetching ? t(em.searching) : t(em.noModel)}
              data={models.map((m) => ({ value: m.id, label: m.name }))}
              value={model?.id ?? null}
              onChange={(id) => {
                setPicked(models.find((m) => m.id === id) ?? null);
                setVersionId(null);
              }}
            />
            <Select
              label={t(em.version)}
              placeholder={t(em.chooseVersion)}
              data={(model?.versions ?? []).map((v) => ({
                value: v.id,
                label: t(em.versionLabel, { version: v.version }),
              }))}
              value={versionId}
              onChange={setVersionId}
              disabled={!model}
            />
          </Group>
          <MultiSelect
            label={t(em.edgeNodes)}
            placeholder={t(em.chooseNodes)}
            searchable
            data={nodeOptions}
            value={nodes}
            onChange={setNodes}
          />
          <Group grow>
            <NumberInput label={t(em.batchSize)} min={1} max={1000} value={batchSize} onChange={setBatchSize} />
            <NumberInput label={t(em.failureBudget)} min={0} max={1000} value={budget} onChange={setBudget} />
            <NumberInput
              label={t(em.timeout)}
              min={1}
              max={86_400}
              value={timeoutSeconds}
              onChange={setTimeoutSeconds}
            />
          </Group>
          {problem || start.error ? (
            <Alert color="red" role="alert" data-testid="start-rollout-error">
              {problem ?? start.error?.message}
            </Alert>
          ) : null}
          <Group>
            <Button type="submit" loading={start.isPending}>
              {t(em.submit)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
