// Knowledge Q&A (/knowledge), first version: ask in Chinese or English, read the answer, its procedure
// steps and the evidence path in the knowledge graph; "no answer" says what was understood. The question
// is in the URL (?q=), so an answer can be shared. Dispatchers and compliance officers.
import { Alert, Badge, Button, Group, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { useCan } from '../../lib/viewer';
import { NotAllowed } from '../compliance/NotAllowed';
import { AnswerView, INTENTS } from './AnswerView';

const AskPageAsk = graphql(`
  query AskPageAsk($question: String!) {
    ask(question: $question) {
      question
      language
      intent
      answer
      confidence
      noAnswer
      truncated
      linked {
        id
        kind
        name
        nameEn
      }
      entities {
        id
        kind
        name
        nameEn
        score
      }
      steps {
        order
        text
        textEn
      }
      evidence {
        nodes {
          id
          label
          name
        }
        relationships {
          type
          from
          to
          order
        }
      }
    }
  }
`);

const m = defineMessages({
  title: { en: 'Knowledge Q&A', zh: '知识问答' },
  question: { en: 'Your question (Chinese or English)', zh: '您的问题（中文或英文）' },
  placeholder: {
    en: 'e.g. 主变油温过高怎么处理？ / How to handle SF6 low pressure?',
    zh: '例如：主变油温过高怎么处理？',
  },
  ask: { en: 'Ask', zh: '提问' },
  who: { en: 'dispatchers and compliance officers', zh: '调度员和合规审计员' },
});

export function AskPage() {
  const allowed = useCan('knowledge');
  const { t } = useI18n();
  if (!allowed) return <NotAllowed who={t(m.who)} />;
  return <Ask />;
}

function Ask() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get('q') ?? '';
  const [draft, setDraft] = useState(asked);
  const answer = useGql(AskPageAsk, { question: asked }, { enabled: asked.trim() !== '' });
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (draft.trim()) setParams({ q: draft.trim() });
  };
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Textarea
            label={t(m.question)}
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
          <Group>
            <Button type="submit" loading={answer.isFetching} disabled={!draft.trim()}>
              {t(m.ask)}
            </Button>
            {answer.data ? (
              <Badge variant="light" tt="none">
                {t(INTENTS[answer.data.ask.intent])}
              </Badge>
            ) : null}
          </Group>
        </Stack>
      </form>
      {answer.error ? <ErrorState error={answer.error} /> : null}
      {asked && answer.isPending && !answer.error ? <PageLoader /> : null}
      {answer.data ? <AnswerView answer={answer.data.ask} /> : null}
      {!asked ? <Alert variant="light">{t(m.placeholder)}</Alert> : null}
    </Stack>
  );
}
