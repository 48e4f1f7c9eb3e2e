// Image and text classification: one class per task, picked with its button, a digit (by position) or
// its hotkey. The suggestion (pre-annotation) is shown with its confidence; the page's A accepts it.
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect, type MutableRefObject } from 'react';
import { useI18n } from '../../lib/i18n';
import { ItemImageView } from './ItemImageView';
import { m } from './messages';
import { classFill } from './palette';
import { classForKey, className, keysOf, type LabelClass } from './values';

export type KeyHandler = (event: KeyboardEvent) => boolean;

export function ClassifyEditor({
  classes,
  label,
  onChange,
  text,
  itemUrl,
  item,
  keyRef,
}: {
  classes: LabelClass[];
  label: string | null;
  onChange: (label: string) => void;
  text: string | null;
  itemUrl: string | null;
  item: string;
  keyRef: MutableRefObject<KeyHandler | null>;
}) {
  const { t, lang } = useI18n();
  useEffect(() => {
    keyRef.current = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return false;
      const c = classForKey(classes, event.key);
      if (!c) return false;
      onChange(c.value);
      return true;
    };
    return () => {
      keyRef.current = null;
    };
  }, [classes, onChange, keyRef]);
  return (
    <Stack gap="sm">
      {text !== null ? (
        <Paper withBorder p="md" data-testid="task-text">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{text}</Text>
        </Paper>
      ) : (
        <ItemImageView itemUrl={itemUrl} item={item} />
      )}
      <Group gap="xs" role="group" aria-label={t(m.yourLabel)}>
        {classes.map((c, i) => (
          <Button
            key={c.value}
            variant={label === c.value ? 'filled' : 'default'}
            color="blue.9"
            aria-pressed={label === c.value}
            onClick={() => onChange(c.value)}
            data-testid={`class-${c.value}`}
            styles={label === c.value ? undefined : { root: { background: classFill(i), color: '#1a1a1a' } }}
          >
            {className(classes, c.value, lang)} ({keysOf(classes, i)})
          </Button>
        ))}
      </Group>
      <Text size="sm" data-testid="chosen-label" data-value={label ?? ''}>
        {t(m.yourLabel)}: {label ? className(classes, label, lang) : t(m.noLabelYet)}
      </Text>
    </Stack>
  );
}
