// Procedure steps as a checklist: tick what is done, see how far along the procedure is. Ticks are kept
// per question (or per candidate fault) in sessionStorage: a dispatcher who re-asks the question or
// reloads the page mid-incident finds the procedure where they left it, and a new session starts clean.
import { Checkbox, Group, List, Progress, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useI18n } from '../../lib/i18n';
import { pick, shared } from './messages';

export interface ChecklistStep {
  order: number;
  text: string;
  textEn: string;
  procedureId: string;
}

const STORAGE_PREFIX = 'plinth.dispatcher.ticks:';

function readTicks(key: string): string[] {
  try {
    const raw: unknown = JSON.parse(window.sessionStorage.getItem(STORAGE_PREFIX + key) ?? '[]');
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Mount it with `key={memoryKey}`: the ticks are read once per question, when the checklist mounts.
 * `testId` names the list (the journey and tests find the steps by it).
 */
export function StepChecklist({
  steps,
  memoryKey,
  testId,
  headingOrder = 2,
}: {
  steps: ChecklistStep[];
  memoryKey: string;
  testId: string;
  headingOrder?: 2 | 3 | 4;
}) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const [ticked, setTicked] = useState<string[]>(() => readTicks(memoryKey));
  // Steps without text carry nothing to do: they are left out rather than shown as empty boxes.
  const items = steps
    .map((s) => ({ key: `${s.procedureId}#${s.order}`, order: s.order, text: pick(lang, s.text, s.textEn) }))
    .filter((s) => s.text !== '');
  if (items.length === 0) return null;
  const done = items.filter((i) => ticked.includes(i.key)).length;
  const toggle = (key: string, on: boolean) => {
    const next = on ? [...ticked.filter((k) => k !== key), key] : ticked.filter((k) => k !== key);
    setTicked(next);
    window.sessionStorage.setItem(STORAGE_PREFIX + memoryKey, JSON.stringify(next));
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="baseline">
        <Title order={headingOrder} size="h4" id={headingId}>
          {t(shared.steps)}
        </Title>
        <Text size="sm" fw={600} data-testid={`${testId}-progress`}>
          {t(shared.progress, { done, total: items.length })}
        </Text>
      </Group>
      <Progress
        value={(done / items.length) * 100}
        color={done === items.length ? 'teal.8' : 'blue.8'}
        aria-label={t(shared.progressLabel)}
      />
      <List listStyleType="none" spacing={6} data-testid={testId}>
        {items.map((i) => (
          <List.Item key={i.key}>
            <Checkbox
              checked={ticked.includes(i.key)}
              onChange={(e) => toggle(i.key, e.currentTarget.checked)}
              label={`${i.order}. ${i.text}`}
              styles={{ label: ticked.includes(i.key) ? { textDecoration: 'line-through', color: '#495057' } : {} }}
            />
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
