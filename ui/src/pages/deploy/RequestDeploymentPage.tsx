// The request-deployment form: service, model version, an accelerator from the version's placement
// suggestions (ModelVersion.compatibleAccelerators, most preferred first), canary weight, window and
// health limits; submitting starts the request (requestDeployment) and opens its page. Prefilled from the
// query string (?serviceId=…&modelVersionId=…) by the service and model version pages that link here.
import { Alert, Button, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { useGql, useGqlMutation } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { deploymentRequestPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { ErrorState } from '../../components/PageState';
import { PlacementPicker } from './PlacementPicker';
import { dm } from './messages';

const RequestDeploymentOptions = graphql(`
  query RequestDeploymentOptions {
    services(first: 50) {
      edges {
        node {
          id
          name
          kind
        }
      }
    }
    models(first: 50) {
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
    }
  }
`);

// What the linking page named may lie beyond the first page of the lists: asked for by id.
const RequestDeploymentPrefillVersion = graphql(`
  query RequestDeploymentPrefillVersion($id: ID!) {
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

const RequestDeploymentPrefillService = graphql(`
  query RequestDeploymentPrefillService($id: ID!) {
    service(id: $id) {
      id
      name
      kind
    }
  }
`);

/** The list with `extra` added unless already in it. */
const withItem = <T extends { id: string }>(list: T[], extra: T | null | undefined): T[] =>
  extra && !list.some((x) => x.id === extra.id) ? [extra, ...list] : list;

const RequestDeploymentSubmit = graphql(`
  mutation RequestDeploymentSubmit($input: RequestDeploymentInput!) {
    requestDeployment(input: $input) {
      workflowId
    }
  }
`);

export function RequestDeploymentPage() {
  const { t } = useI18n();
  const allowed = useCan('serving.write');
  return (
    <Stack maw={900}>
      <Title order={1}>{t(dm.requestTitle)}</Title>
      <Text>{t(dm.requestIntro)}</Text>
      {allowed ? (
        <RequestForm />
      ) : (
        <Alert variant="outline" color="dark">
          {t(dm.notAllowed)}
        </Alert>
      )}
    </Stack>
  );
}

function RequestForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const options = useGql(RequestDeploymentOptions, {});
  const prefillVersion = params.get('modelVersionId') ?? '';
  const prefillService = params.get('serviceId') ?? '';
  const prefill = useGql(RequestDeploymentPrefillVersion, { id: prefillVersion }, { enabled: prefillVersion !== '' });
  const prefilledService = useGql(
    RequestDeploymentPrefillService,
    { id: prefillService },
    { enabled: prefillService !== '' },
  );
  const [serviceId, setServiceId] = useState<string | null>(params.get('serviceId'));
  const [modelId, setModelId] = useState<string | null>(null);
  const [versionId, setVersionId] = useState<string | null>(prefillVersion || null);
  const [acceleratorId, setAcceleratorId] = useState<string | null>(null);
  const [canaryWeight, setCanaryWeight] = useState<number | string>(20);
  const [windowSeconds, setWindowSeconds] = useState<number | string>(30);
  const [maxErrorRate, setMaxErrorRate] = useState<number | string>(0.05);
  const [maxP99Ms, setMaxP99Ms] = useState<number | string>(1000);
  const [missing, setMissing] = useState(false);
  const submit = useGqlMutation(RequestDeploymentSubmit);

  // The model of a prefilled version, once known, selects its model (the user may still change both).
  const model = modelId ?? prefill.data?.modelVersion?.model.id ?? null;
  const services = withItem(
    (options.data?.services.edges ?? []).map((e) => e.node),
    prefilledService.data?.service,
  ).filter((s) => s.kind === 'MODEL');
  const models = withItem(
    (options.data?.models.edges ?? []).map((e) => e.node),
    prefill.data?.modelVersion?.model,
  );
  const versions = models.find((m) => m.id === model)?.versions ?? [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!serviceId || !versionId || !acceleratorId) {
      setMissing(true);
      return;
    }
    setMissing(false);
    submit.mutate(
      {
        input: {
          serviceId,
          modelVersionId: versionId,
          acceleratorId,
          canaryWeight: Number(canaryWeight),
          windowSeconds: Number(windowSeconds),
          thresholds: { maxErrorRate: Number(maxErrorRate), maxP99Ms: Number(maxP99Ms) },
        },
      },
      { onSuccess: (data) => void navigate(deploymentRequestPath(data.requestDeployment.workflowId)) },
    );
  };

  if (options.error) return <ErrorState error={options.error} />;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="request-deployment-form">
      <Stack>
        <Select
          label={t(dm.service)}
          placeholder={t(dm.servicePlaceholder)}
          data={services.map((s) => ({ value: s.id, label: s.name }))}
          value={serviceId}
          onChange={setServiceId}
          searchable
          required
        />
        <Group grow align="flex-start">
          <Select
            label={t(dm.model)}
            placeholder={t(dm.modelPlaceholder)}
            data={models.map((m) => ({ value: m.id, label: m.name }))}
            value={model}
            onChange={(id) => {
              setModelId(id);
              setVersionId(null);
              setAcceleratorId(null);
            }}
            searchable
          />
          <Select
            label={t(dm.modelVersion)}
            placeholder={t(dm.versionPlaceholder)}
            data={versions.map((v) => ({ value: v.id, label: t(dm.versionLabel, { n: v.version }) }))}
            value={versionId}
            onChange={(id) => {
              setVersionId(id);
              setAcceleratorId(null);
            }}
            required
          />
        </Group>
        <PlacementPicker versionId={versionId} value={acceleratorId} onChange={setAcceleratorId} />
        <Group grow align="flex-start">
          <NumberInput
            label={t(dm.canaryWeight)}
            description={t(dm.canaryWeightHelp)}
            min={1}
            max={50}
            value={canaryWeight}
            onChange={setCanaryWeight}
            required
          />
          <NumberInput
            label={t(dm.window)}
            description={t(dm.windowHelp)}
            min={1}
            max={86_400}
            value={windowSeconds}
            onChange={setWindowSeconds}
            required
          />
        </Group>
        <Group grow align="flex-start">
          <NumberInput
            label={t(dm.maxErrorRate)}
            min={0}
            max={1}
            step={0.01}
            decimalScale={4}
            value={maxErrorRate}
            onChange={setMaxErrorRate}
            required
          />
          <NumberInput label={t(dm.maxP99)} min={0} value={maxP99Ms} onChange={setMaxP99Ms} required />
        </Group>
        {missing ? (
          <Alert color="red" role="alert">
            {t(dm.missing)}
          </Alert>
        ) : null}
        {submit.error ? (
          <Alert color="red" role="alert" data-testid="request-error">
            {t(dm.requestFailed, { message: submit.error.message })}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={submit.isPending} color="blue.9">
            {t(dm.submit)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
