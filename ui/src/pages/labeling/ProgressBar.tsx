// A project's progress: accepted, in review and open tasks as one stacked bar with its figures in words.
import { Progress, Stack, Text } from '@mantine/core';
import { useI18n } from '../../lib/i18n';
import { m } from './messages';

export interface ProgressFigures {
  total: number;
  open: number;
  inReview: number;
  accepted: number;
}

export function ProgressBar({ progress }: { progress: ProgressFigures }) {
  const { t } = useI18n();
  const pct = (n: number) => (progress.total === 0 ? 0 : (n / progress.total) * 100);
  const words = t(m.progressLabel, { ...progress });
  return (
    <Stack gap={2} data-testid="progress" data-accepted={progress.accepted} data-total={progress.total}>
      <Progress.Root size="lg" aria-label={words}>
        <Progress.Section value={pct(progress.accepted)} color="#1b5e20" aria-label={t(m.ACCEPTED)} />
        <Progress.Section value={pct(progress.inReview)} color="yellow.6" aria-label={t(m.IN_REVIEW)} />
      </Progress.Root>
      <Text size="xs">{words}</Text>
    </Stack>
  );
}
