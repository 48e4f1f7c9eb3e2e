// The label classes of a new project: value, Chinese and English names, an optional letter hotkey.
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useI18n } from '../../lib/i18n';
import { m } from './messages';

export interface ClassRow {
  value: string;
  name: string;
  nameEn: string;
  hotkey: string;
}

export function ClassRows({ rows, onChange }: { rows: ClassRow[]; onChange: (rows: ClassRow[]) => void }) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<ClassRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs" role="group" aria-labelledby="classes-title">
      <Text id="classes-title" fw={600}>
        {t(m.classes)}
      </Text>
      <Text size="sm">{t(m.hotkeyHint)}</Text>
      {rows.map((r, i) => (
        <Group key={i} gap="xs" align="end" data-testid="class-row">
          <Text size="sm" w={70}>
            {t(m.classN, { n: i + 1 })}
          </Text>
          <TextInput
            label={t(m.classValue)}
            value={r.value}
            onChange={(e) => set(i, { value: e.currentTarget.value })}
            required
            w={140}
            data-testid={`class-value-${i}`}
          />
          <TextInput
            label={t(m.className)}
            value={r.name}
            onChange={(e) => set(i, { name: e.currentTarget.value })}
            required
            w={160}
            data-testid={`class-name-${i}`}
          />
          <TextInput
            label={t(m.classNameEn)}
            value={r.nameEn}
            onChange={(e) => set(i, { nameEn: e.currentTarget.value })}
            w={160}
            data-testid={`class-name-en-${i}`}
          />
          <TextInput
            label={t(m.classHotkey)}
            value={r.hotkey}
            onChange={(e) => set(i, { hotkey: e.currentTarget.value.slice(0, 1) })}
            w={80}
            data-testid={`class-hotkey-${i}`}
          />
          <Button
            variant="subtle"
            color="red.9"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            disabled={rows.length <= 2}
          >
            {t(m.removeClass, { n: i + 1 })}
          </Button>
        </Group>
      ))}
      <div>
        <Button
          variant="default"
          onClick={() => onChange([...rows, { value: '', name: '', nameEn: '', hotkey: '' }])}
          data-testid="add-class"
        >
          {t(m.addClass)}
        </Button>
      </div>
    </Stack>
  );
}
