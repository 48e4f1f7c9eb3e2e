// One answer on the dispatcher console: the knowledge base that answered, the verdict of a yes/no question,
// the text with its confidence, the safety rules and the responsible team as callouts, the procedure steps
// as a checklist, what the question was understood to be (the kind with the classifier's confidence, the
// entities recognised with the words they were found from, how and how surely), the ranked answer
// entities, and the evidence path. A question with no answer still says what was understood.
import { Alert, Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { AskPageAskQuery } from '../../gql/graphql';
import { defineMessages, useFormat, useI18n, type Lang } from '../../lib/i18n';
import { darkTitle } from '../compliance/targets';
import { SafetyCallout, TeamCallout, type Rule, type Team } from './Callouts';
import { StepChecklist } from './Checklist';
import { EntityName, EvidencePath } from './EvidencePath';
import { kindStyle } from './kinds';
import { evidenceName, pick } from './messages';

export type Answer = AskPageAskQuery['ask'];

const m = defineMessages({
  answer: { en: 'Answer', zh: '答案' },
  noAnswer: { en: 'No answer', zh: '无法回答' },
  confidence: { en: 'Confidence {value}', zh: '置信度 {value}' },
  understood: { en: 'What was understood', zh: '理解到的内容' },
  intent: { en: 'Kind of question: {intent} ({confidence})', zh: '问题类型：{intent}（{confidence}）' },
  runnerUp: { en: 'next most likely: {intent} ({confidence})', zh: '其次可能：{intent}（{confidence}）' },
  linkedNone: { en: 'No known entity was recognised in the question.', zh: '问题中未识别到已知实体。' },
  base: { en: 'Knowledge base: {name}', zh: '知识库：{name}' },
  verdictYes: { en: 'Yes: allowed', zh: '是：允许' },
  verdictNo: { en: 'No: not allowed', zh: '否：不允许' },
  verdictBy: { en: 'as {name} says', zh: '依据：{name}' },
  matchedFrom: { en: 'from “{text}”', zh: '来自“{text}”' },
  synonym: { en: 'synonym', zh: '同义词' },
  alias: { en: 'alias', zh: '别名' },
  pinyin: { en: 'pinyin', zh: '拼音' },
  edit: { en: 'spelling', zh: '拼写容错' },
  partial: { en: 'partial name', zh: '部分名称' },
  entities: { en: 'Answer entities', zh: '答案实体' },
  kind: { en: 'Kind', zh: '类型' },
  name: { en: 'Name', zh: '名称' },
  score: { en: 'Score', zh: '得分' },
  exact: { en: 'exact', zh: '精确匹配' },
  fuzzy: { en: 'typo-tolerant', zh: '容错匹配' },
  fulltext: { en: 'full-text', zh: '全文检索' },
});

export const INTENTS = defineMessages({
  HANDLE_FAULT: { en: 'how to handle a fault', zh: '故障处置' },
  LIKELY_CAUSES: { en: 'likely causes', zh: '可能原因' },
  DIAGNOSE: { en: 'which fault fits the symptoms', zh: '故障诊断' },
  DETECTORS: { en: 'detecting models and services', zh: '检测模型与服务' },
  DOWNSTREAM: { en: 'downstream equipment', zh: '下游设备' },
  SAFETY_RULE: { en: 'safety rule requirements', zh: '安全规程要求' },
  RESPONSIBLE: { en: 'responsible roles', zh: '责任岗位' },
  ALLOWED: { en: 'whether it is allowed', zh: '是否允许' },
  LIMIT: { en: 'a limit (how long, how much)', zh: '限值（时长、数量）' },
  UNKNOWN: { en: 'not recognised', zh: '未识别' },
});

// How an entity was recognised (KnowledgeUnderstoodEntity.how), in the reader's language.
const HOW: Record<string, (typeof m)[keyof typeof m]> = {
  exact: m.exact,
  synonym: m.synonym,
  alias: m.alias,
  pinyin: m.pinyin,
  edit: m.edit,
  fuzzy: m.fuzzy,
  partial: m.partial,
  fulltext: m.fulltext,
};

/** Safety rules and duty roles of the answer: its entities first (they carry requirements), then evidence nodes. */
function calloutsOf(answer: Answer, lang: Lang): { rules: Rule[]; roles: Team[] } {
  const rules: Rule[] = [];
  const roles: Team[] = [];
  const seen = new Set<string>();
  for (const e of answer.entities) {
    if (seen.has(e.id)) continue;
    if (e.kind === 'SafetyRule') rules.push(e);
    if (e.kind === 'DutyRole') roles.push(e);
    seen.add(e.id);
  }
  for (const n of answer.evidence.nodes) {
    if (seen.has(n.id) || (n.label !== 'SafetyRule' && n.label !== 'DutyRole')) continue;
    const name = evidenceName(lang, n.name);
    (n.label === 'SafetyRule' ? rules : roles).push({ id: n.id, name, nameEn: name });
    seen.add(n.id);
  }
  return { rules, roles };
}

function Understood({ answer }: { answer: Answer }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  const u = answer.understood;
  return (
    <Stack gap={4} component="section" data-testid="ask-understood">
      <Title order={2} size="h4">
        {t(m.understood)}
      </Title>
      <Text size="sm" data-testid="ask-understood-intent" data-intent={u.intent}>
        {t(m.intent, { intent: t(INTENTS[u.intent]), confidence: f.number(u.intentConfidence, 2) })}
        {u.runnerUp !== u.intent ? (
          <Text span size="sm" c="gray.8">
            {' · '}
            {t(m.runnerUp, { intent: t(INTENTS[u.runnerUp]), confidence: f.number(u.runnerUpConfidence, 2) })}
          </Text>
        ) : null}
      </Text>
      {u.entities.length === 0 ? (
        <Text size="sm">{t(m.linkedNone)}</Text>
      ) : (
        <Group gap="xs" data-testid="ask-linked">
          {u.entities.map((e) => (
            <Badge
              key={`${e.id}-${e.matchedText}`}
              variant="outline"
              color="gray.8"
              tt="none"
              size="lg"
              data-testid="ask-linked-entity"
              data-id={e.id}
              data-how={e.how}
            >
              {t(kindStyle(e.kind).name)}: {pick(lang, e.name, e.nameEn)} · {t(m.matchedFrom, { text: e.matchedText })}{' '}
              · {t(HOW[e.how] ?? m.exact)} {f.number(e.confidence, 2)}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/** The YES / NO of an ALLOWED question, with the rule or step that decides it (the answer's top entity). */
function Verdict({ answer }: { answer: Answer }) {
  const { t, lang } = useI18n();
  if (!answer.verdict) return null;
  const yes = answer.verdict === 'YES';
  const by = answer.entities[0];
  return (
    <Alert
      color={yes ? 'teal' : 'red'}
      variant="light"
      styles={darkTitle}
      title={t(yes ? m.verdictYes : m.verdictNo)}
      data-testid="ask-verdict"
      data-verdict={answer.verdict}
    >
      {by ? t(m.verdictBy, { name: pick(lang, by.name, by.nameEn) }) : null}
    </Alert>
  );
}

function BaseLine({ answer }: { answer: Answer }) {
  const { t, lang } = useI18n();
  return (
    <Text size="sm" c="gray.8" data-testid="ask-base" data-base={answer.base.id}>
      {t(m.base, { name: `${pick(lang, answer.base.name, answer.base.nameEn)} (${answer.base.id})` })}
    </Text>
  );
}

export function AnswerView({ answer, memoryKey }: { answer: Answer; memoryKey: string }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  if (answer.noAnswer)
    return (
      <Stack data-testid="ask-no-answer">
        <Alert color="orange" styles={darkTitle} title={t(m.noAnswer)} role="status">
          {answer.answer}
        </Alert>
        <BaseLine answer={answer} />
        <Understood answer={answer} />
      </Stack>
    );
  const { rules, roles } = calloutsOf(answer, lang);
  const ranked = answer.entities.filter((e) => e.kind !== 'SafetyRule' && e.kind !== 'DutyRole');
  return (
    <Stack data-testid="ask-answer">
      <Verdict answer={answer} />
      <Card withBorder>
        <Group justify="space-between" align="center">
          <Title order={2} size="h4">
            {t(m.answer)}
          </Title>
          <Group gap="xs" align="center" data-testid="ask-confidence">
            <Text size="sm" c="gray.8">
              {t(m.confidence, { value: f.number(answer.confidence, 2) })}
            </Text>
            <Progress
              w={90}
              value={answer.confidence * 100}
              color={answer.confidence >= 0.8 ? 'teal.8' : 'orange.8'}
              aria-label={t(m.confidence, { value: f.number(answer.confidence, 2) })}
            />
          </Group>
        </Group>
        <Text mt="xs" data-testid="ask-answer-text" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {answer.answer}
        </Text>
        <BaseLine answer={answer} />
      </Card>
      {rules.length + roles.length > 0 ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <SafetyCallout rules={rules} />
          <TeamCallout roles={roles} />
        </SimpleGrid>
      ) : null}
      <StepChecklist key={memoryKey} steps={answer.steps} memoryKey={memoryKey} testId="ask-steps" />
      <Understood answer={answer} />
      {ranked.length > 0 ? (
        <section>
          <Title order={2} size="h4" mb="xs">
            {t(m.entities)}
          </Title>
          <Table striped withTableBorder data-testid="ask-entities">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(m.kind)}</Table.Th>
                <Table.Th>{t(m.name)}</Table.Th>
                <Table.Th>{t(m.score)}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ranked.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{t(kindStyle(e.kind).name)}</Table.Td>
                  <Table.Td>
                    <EntityName id={e.id} kind={e.kind} name={pick(lang, e.name, e.nameEn)} />
                  </Table.Td>
                  <Table.Td>{e.score != null ? f.number(e.score, 3) : '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      ) : null}
      <EvidencePath
        evidence={answer.evidence}
        linkedIds={answer.linked.map((l) => l.id)}
        truncated={answer.truncated}
      />
    </Stack>
  );
}
