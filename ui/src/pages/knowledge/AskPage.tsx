// The dispatcher console (/knowledge): ask in Chinese or English and read the answer with its evidence
// path drawn as a graph, the procedure as a checklist, the safety rules and the responsible team as
// callouts; build a list of symptom chips (autocomplete from the knowledge graph) for ranked candidate
// faults; re-ask recent questions. The question, answer language and chips are in the URL (?q=, ?reply=,
// ?s=), as is the knowledge base asked (?base=; by default the org's), so a console state can be shared. Dispatchers and compliance officers (who audit the guidance).
//
// Latency: on mount the answer, the symptom suggestions and the evidence-graph module load side by side;
// answers stay fresh in the cache for five minutes and history entries prefetch on hover, so re-asking
// is instant.
import { Grid, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorState, PageLoader } from '../../components/PageState';
import { requestGraphQL, useAccessToken, useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { useCan } from '../../lib/viewer';
import { NotAllowed } from '../compliance/NotAllowed';
import { AskPageAsk } from './api';
import { AnswerView, INTENTS } from './AnswerView';
import { AskForm } from './AskForm';
import { BaseSelect } from './BaseSelect';
import { preloadEvidenceGraph } from './EvidencePath';
import { History } from './History';
import { useQuestionHistory, type ReplyLang } from './history';
import { SymptomPanel } from './SymptomPanel';

const m = defineMessages({
  title: { en: 'Dispatcher console', zh: '调度员控制台' },
  who: { en: 'dispatchers and compliance officers', zh: '调度员和合规审计员' },
});

const ANSWER_FRESH_MS = 5 * 60_000;
const replyOf = (v: string | null): ReplyLang => (v === 'zh' || v === 'en' ? v : '');
const askVars = (question: string, reply: ReplyLang, base: string) => ({
  question,
  language: reply || null,
  base: base || null,
});

export function AskPage() {
  const allowed = useCan('knowledge');
  const { t } = useI18n();
  if (!allowed) return <NotAllowed who={t(m.who)} />;
  return <Console />;
}

function Console() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const asked = params.get('q') ?? '';
  const reply = replyOf(params.get('reply'));
  const chips = params.getAll('s');
  const base = params.get('base') ?? '';
  const answer = useGql(AskPageAsk, askVars(asked, reply, base), {
    enabled: asked.trim() !== '',
    staleTime: ANSWER_FRESH_MS,
  });
  const history = useQuestionHistory();
  const { record } = history;
  useEffect(preloadEvidenceGraph, []);
  useEffect(() => {
    if (answer.data && asked) record(asked, reply);
  }, [answer.data, asked, reply, record]);

  const client = useQueryClient();
  const token = useAccessToken();
  const prefetch = useCallback(
    (q: string, r: ReplyLang) => {
      const vars = askVars(q, r, base);
      // The same key useGql builds, so the click finds the answer already in the cache.
      void client.prefetchQuery({
        queryKey: ['AskPageAsk', vars],
        queryFn: () => requestGraphQL(AskPageAsk, vars, token),
        staleTime: ANSWER_FRESH_MS,
      });
    },
    [client, token, base],
  );

  const update = (change: (p: URLSearchParams) => void) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      change(next);
      return next;
    });
  const ask = (q: string, r: ReplyLang) =>
    update((p) => {
      p.set('q', q);
      if (r) p.set('reply', r);
      else p.delete('reply');
    });
  const setBase = (next: string) =>
    update((p) => {
      if (next) p.set('base', next);
      else p.delete('base');
    });
  const setChips = (next: string[]) =>
    update((p) => {
      p.delete('s');
      for (const s of next) p.append('s', s);
    });

  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <BaseSelect value={base} onChange={setBase} />
            <AskForm
              key={`${asked}|${reply}`}
              initial={asked}
              reply={reply}
              busy={answer.isFetching}
              intent={answer.data ? t(INTENTS[answer.data.ask.intent]) : null}
              onAsk={ask}
            />
            {answer.error ? <ErrorState error={answer.error} /> : null}
            {asked && answer.isPending && !answer.error ? <PageLoader /> : null}
            {answer.data ? (
              // data-asked: which question this answer is for (a test waits for its own, not the previous).
              <div data-testid="ask-result" data-asked={asked} data-reply={reply} data-base={base}>
                <AnswerView answer={answer.data.ask} memoryKey={answer.data.ask.question} />
              </div>
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="xl">
            <SymptomPanel base={base} chips={chips} onChange={setChips} />
            <History entries={history.entries} onAsk={ask} onPrefetch={prefetch} onClear={history.clear} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
