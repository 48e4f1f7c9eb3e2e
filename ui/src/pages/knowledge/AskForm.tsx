// The question box: Chinese or English, answered in the question's language or the one chosen.
import { Badge, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { defineMessages, useI18n } from '../../lib/i18n';
import type { ReplyLang } from './history';

const m = defineMessages({
  question: { en: 'Your question (Chinese or English)', zh: '您的问题（中文或英文）' },
  placeholder: {
    en: 'e.g. 主变油温过高怎么处理？ / How to handle SF6 low pressure?',
    zh: '例如：主变油温过高怎么处理？',
  },
  ask: { en: 'Ask', zh: '提问' },
  reply: { en: 'Answer language', zh: '回答语言' },
  auto: { en: 'Auto', zh: '自动' },
  zh: { en: '中文', zh: '中文' },
  en: { en: 'English', zh: 'English' },
  examples: { en: 'Try:', zh: '试试：' },
});

export const EXAMPLES = ['主变油温过高怎么处理？', 'How to handle SF6 low pressure?', '重瓦斯动作由谁负责？'];

export function AskForm({
  initial,
  reply,
  busy,
  intent,
  onAsk,
}: {
  initial: string;
  reply: ReplyLang;
  busy: boolean;
  intent: string | null;
  onAsk: (q: string, reply: ReplyLang) => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [lang, setLang] = useState<ReplyLang>(reply);
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (draft.trim()) onAsk(draft.trim(), lang);
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label={t(m.question)}
          data-testid="ask-question"
          placeholder={t(m.placeholder)}
          autosize
          minRows={2}
          maxLength={500}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter asks; Shift+Enter keeps a new line.
            if (e.key === 'Enter' && !e.shiftKey) submit(e);
          }}
        />
        <Group justify="space-between">
          <Group>
            <Button type="submit" data-testid="ask-submit" loading={busy} disabled={!draft.trim()}>
              {t(m.ask)}
            </Button>
            {intent ? (
              <Badge variant="outline" color="blue.9" tt="none" data-testid="ask-intent">
                {intent}
              </Badge>
            ) : null}
          </Group>
          <Group gap="xs">
            <Text size="sm" id="reply-lang-label">
              {t(m.reply)}
            </Text>
            <SegmentedControl
              aria-labelledby="reply-lang-label"
              size="xs"
              value={lang || 'auto'}
              onChange={(v) => {
                const next = v === 'auto' ? '' : (v as ReplyLang);
                setLang(next);
                // A question already asked is answered again in the new language at once.
                if (draft.trim() && draft.trim() === initial) onAsk(draft.trim(), next);
              }}
              data={[
                { value: 'auto', label: t(m.auto) },
                { value: 'zh', label: <span data-testid="reply-zh">{t(m.zh)}</span> },
                { value: 'en', label: <span data-testid="reply-en">{t(m.en)}</span> },
              ]}
            />
          </Group>
        </Group>
        <Group gap={6}>
          <Text size="xs" c="gray.7">
            {t(m.examples)}
          </Text>
          {EXAMPLES.map((q) => (
            <Button
              key={q}
              variant="default"
              size="compact-xs"
              onClick={() => {
                setDraft(q);
                onAsk(q, lang);
              }}
            >
              {q}
            </Button>
          ))}
        </Group>
      </Stack>
    </form>
  );
}
