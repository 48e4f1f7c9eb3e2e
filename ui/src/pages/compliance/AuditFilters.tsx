// The audit explorer's filters. Applied on submit: every filter lives in the URL, so a filtered view can
// be bookmarked, shared and reloaded, and applying new filters starts again at the first page.
import { Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { defineMessages, useI18n } from '../../lib/i18n';

export const FILTER_KEYS = ['actor', 'action', 'target', 'from', 'to', 'org'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

const m = defineMessages({
  actor: { en: 'Actor (username or id)', zh: '操作人（用户名或 ID）' },
  action: { en: 'Action (exact or prefix)', zh: '操作（完整或前缀）' },
  target: { en: 'Target id', zh: '对象 ID' },
  from: { en: 'From', zh: '开始时间' },
  to: { en: 'To', zh: '结束时间' },
  org: { en: 'Org id', zh: '组织 ID' },
  apply: { en: 'Apply filters', zh: '应用筛选' },
  clear: { en: 'Clear', zh: '清除' },
});

// The URL keeps instants in ISO-8601 (UTC); the datetime-local input shows and takes the browser's local time.
const pad = (n: number) => String(n).padStart(2, '0');
function isoToLocal(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const localToIso = (local: string): string => (local ? new Date(local).toISOString() : '');

export function AuditFilters({ value, onApply }: { value: Filters; onApply(filters: Filters): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(value);
  // The value is read now: React clears currentTarget before a state updater would run.
  const set = (key: FilterKey) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} aria-label={t(m.apply)}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label={t(m.actor)} name="actor" value={draft.actor ?? ''} onChange={set('actor')} />
        <TextInput label={t(m.action)} name="action" value={draft.action ?? ''} onChange={set('action')} />
        <TextInput label={t(m.target)} name="target" value={draft.target ?? ''} onChange={set('target')} />
        <TextInput
          label={t(m.from)}
          type="datetime-local"
          value={isoToLocal(draft.from)}
          onChange={(e) => {
            const from = localToIso(e.currentTarget.value);
            setDraft((d) => ({ ...d, from }));
          }}
        />
        <TextInput
          label={t(m.to)}
          type="datetime-local"
          value={isoToLocal(draft.to)}
          onChange={(e) => {
            const to = localToIso(e.currentTarget.value);
            setDraft((d) => ({ ...d, to }));
          }}
        />
        <TextInput label={t(m.org)} name="org" value={draft.org ?? ''} onChange={set('org')} />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit">{t(m.apply)}</Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t(m.clear)}
        </Button>
      </Group>
    </form>
  );
}
