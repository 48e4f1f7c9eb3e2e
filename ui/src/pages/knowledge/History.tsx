// Recent questions: a click asks again (from the cache when the answer is fresh, so it is instant);
// hovering or focusing an entry already fetches its answer.
import { Button, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import type { HistoryEntry, ReplyLang } from './history';

const m = defineMessages({
  title: { en: 'Recent questions', zh: '最近的问题' },
  empty: { en: 'Questions you ask appear here.', zh: '您提出的问题会显示在这里。' },
  clear: { en: 'Clear history', zh: '清除历史' },
  reply: { en: 'answer in {lang}', zh: '以{lang}回答' },
  zh: { en: 'Chinese', zh: '中文' },
  en: { en: 'English', zh: '英文' },
});

export function History({
  entries,
  onAsk,
  onPrefetch,
  onClear,
}: {
  entries: HistoryEntry[];
  onAsk: (q: string, reply: ReplyLang) => void;
  onPrefetch: (q: string, reply: ReplyLang) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <Stack gap="xs" component="section" data-testid="ask-history">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t(m.title)}
        </Title>
        {entries.length > 0 ? (
          <Button variant="subtle" size="compact-sm" onClick={onClear}>
            {t(m.clear)}
          </Button>
        ) : null}
      </Group>
      {entries.length === 0 ? <Text size="sm">{t(m.empty)}</Text> : null}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {entries.map((e) => (
          <li key={`${e.reply}:${e.q}`}>
            <UnstyledButton
              data-testid="history-item"
              onClick={() => onAsk(e.q, e.reply)}
              onMouseEnter={() => onPrefetch(e.q, e.reply)}
              onFocus={() => onPrefetch(e.q, e.reply)}
              p={6}
              w="100%"
              style={{ borderRadius: 4, border: '1px solid var(--mantine-color-gray-3)' }}
            >
              <Text size="sm" lineClamp={2}>
                {e.q}
              </Text>
              <Text size="xs" c="gray.7">
                {f.dateTime(e.at)}
                {e.reply ? ` · ${t(m.reply, { lang: t(m[e.reply]) })}` : ''}
              </Text>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
    </Stack>
  );
}
