// The predict playground (/deployments/:id/predict, /services/:id/predict): a form built from the model
// signature (one input per named column, rows added and removed), JSON as the predict mutation takes it, or
// a CSV/JSON file; the outputs as a table with the latency and execution provider the serving host reports.
// Anyone who may see the deployment or service may call it (predict: any signed-in user, org visibility).
import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { Playground } from './Playground';
import { PredictPageDeployment, PredictPageService } from './queries';
import { pm } from './messages';

export function DeploymentPredictPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(PredictPageDeployment, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.deployment }} what={t(pm.deploymentWhat)}>
      {(d) => (
        <Stack>
          <Title order={1}>{t(pm.title, { name: d.name })}</Title>
          <Group gap="md">
            <Anchor component={Link} to={entityPath('DEPLOYMENT', d.id)}>
              {t(pm.back, { name: d.name })}
            </Anchor>
            {d.modelVersion ? (
              <Anchor component={Link} to={entityPath('MODEL_VERSION', d.modelVersion.id, d.modelVersion.model.id)}>
                {t(pm.model)}: {d.modelVersion.model.name} v{d.modelVersion.version}
              </Anchor>
            ) : null}
          </Group>
          {d.status !== 'READY' ? (
            <Alert color="yellow" role="status">
              {t(pm.notReady, { status: d.status })}
            </Alert>
          ) : null}
          {d.modelVersion ? null : <Text>{t(pm.hiddenVersion)}</Text>}
          <Playground
            target={{ deploymentId: d.id }}
            signature={d.modelVersion?.signature ?? null}
            deployments={{ [d.id]: d.name }}
          />
        </Stack>
      )}
    </QueryState>
  );
}

export function ServicePredictPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(PredictPageService, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.service }} what={t(pm.serviceWhat)}>
      {(s) => {
        const ready = s.routes.flatMap((r) => (r.weight > 0 && r.deployment?.status === 'READY' ? [r.deployment] : []));
        // The routed deployments serve versions of one model as a rule (a canary is a new version of it);
        // the heaviest route's signature shapes the form, and the API validates against whichever answers.
        const signature = ready.find((d) => d.modelVersion)?.modelVersion?.signature ?? null;
        const names = Object.fromEntries(
          s.routes.flatMap((r) => (r.deployment ? [[r.deployment.id, r.deployment.name]] : [])),
        );
        return (
          <Stack>
            <Title order={1}>{t(pm.title, { name: s.name })}</Title>
            <Anchor component={Link} to={entityPath('SERVICE', s.id)}>
              {t(pm.back, { name: s.name })}
            </Anchor>
            {s.kind === 'OCR_PIPELINE' ? (
              <Alert color="blue" role="status">
                <Stack gap="xs">
                  <Text>{t(pm.pipeline)}</Text>
                  <Button component={Link} to="/ocr" w="fit-content">
                    {t(pm.openOcr)}
                  </Button>
                </Stack>
              </Alert>
            ) : (
              <>
                <Text>{t(pm.routedBy)}</Text>
                {ready.length === 0 ? (
                  <Alert color="yellow" role="status">
                    {t(pm.noRoute)}
                  </Alert>
                ) : null}
                <Playground target={{ serviceId: s.id }} signature={signature} deployments={names} />
              </>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}
