// The request's steps in order, each reached one with its time (from the graph record the workflow keeps
// current); the usual steps not reached yet follow, marked so, until the request ends.
import { List, Text, ThemeIcon } from '@mantine/core';
import { useFormat, useI18n } from '../../lib/i18n';
import { STEP_ORDER, dm, stepLabel } from './messages';

const ENDED = new Set(['PROMOTED', 'ROLLED_BACK', 'REJECTED', 'FAILED', 'CANCELLED']);

export function Timeline({ step, reached }: { step: string; reached: { step: string; at: string }[] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const seen = new Set(reached.map((s) => s.step));
  // The live step may be a moment ahead of the record: shown reached, without a time yet.
  const rows: { step: string; at: string | null }[] = [...reached];
  if (!seen.has(step)) rows.push({ step, at: null });
  const current = rows.at(-1)!.step;
  const ahead = ENDED.has(step) ? [] : STEP_ORDER.slice(STEP_ORDER.indexOf(current) + 1);
  const upcoming = [...ahead, ...(ENDED.has(step) ? [] : ['PROMOTED'])];
  return (
    <List aria-label={t(dm.timelineLabel)} data-testid="timeline" spacing={4} listStyleType="none">
      {rows.map((s, i) => (
        <List.Item
          key={`${s.step}-${i}`}
          data-testid="timeline-step"
          data-step={s.step}
          data-reached="true"
          icon={
            <ThemeIcon size={14} radius="xl" color={s.step === current && !ENDED.has(s.step) ? 'blue.9' : 'dark'}>
              {' '}
            </ThemeIcon>
          }
        >
          <Text size="sm" fw={s.step === current ? 700 : 400}>
            {t(stepLabel(s.step))} · {s.at ? fmt.dateTime(s.at) : '…'}
          </Text>
        </List.Item>
      ))}
      {upcoming.map((s) => (
        <List.Item
          key={s}
          data-testid="timeline-step"
          data-step={s}
          data-reached="false"
          icon={
            <ThemeIcon size={14} radius="xl" color="gray.3" variant="outline">
              {' '}
            </ThemeIcon>
          }
        >
          <Text size="sm">
            {t(stepLabel(s))} · {t(dm.pending)}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
