// The way from a deployment or service page to its playground (an OCR pipeline service: to the OCR page).
import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { predictPath } from '../../lib/links';
import { pm } from './messages';

export function PredictLink({
  kind,
  id,
  pipeline = false,
}: {
  kind: 'DEPLOYMENT' | 'SERVICE';
  id: string;
  pipeline?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Button
      component={Link}
      to={pipeline ? '/ocr' : predictPath(kind, id)}
      variant="light"
      w="fit-content"
      data-testid="predict-link"
    >
      {pipeline ? t(pm.openOcr) : t(pm.tryIt)}
    </Button>
  );
}
