// "Request deployment", shown to those who may (serving.write), on the service and model version pages:
// the form opens prefilled with what the page knows.
import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { requestDeploymentPath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { dm } from './messages';

export function RequestDeploymentLink(prefill: { serviceId?: string; modelVersionId?: string }) {
  const { t } = useI18n();
  if (!useCan('serving.write')) return null;
  return (
    <Button
      component={Link}
      to={requestDeploymentPath(prefill)}
      size="xs"
      color="blue.9"
      data-testid="request-deployment"
    >
      {t(dm.requestTitle)}
    </Button>
  );
}
