// One answer: the text, the procedure steps in order, what the question was understood to be about, and
// the evidence path (nodes and the relationships between them). AI assets in the evidence link to their pages.
import { Alert, Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { AskPageAskQuery } from '../../gql/graphql';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { darkTitle } from '../compliance/targets';

type Answer = AskPageAskQuery['ask'];

const m = defineMessages({
  answer: { en: 'Answer', zh: '答案' },
  noAnswer: { en: 'No answer', zh: '无法回答' },
  confidence: { en: 'confidence {value}', zh: '置信度 {value}' },
  understood: { en: 'What was understood', zh: '理解到的内容' },
  intent: { en: 'Kind of question: {intent}', zh: '问题类型：{intent}' },
  linkedNone: { en: 'No known entity was recognised in the question.', zh: '问题中未识别到已知实体。' },
  steps: { en: 'Steps', zh: '处置步骤' },
  evidence: { en: 'Evidence path', zh: '证据路径' },
  nodes: { en: 'Entities', zh: '实体' },
  relationships: { en: 'Relations', zh: '关系' },
  truncated: { en: 'The evidence was cut to its first part.', zh: '证据仅显示前一部分。' },
});

export const INTENTS = defineMessages({
  HANDLE_FAULT: { en: 'how to handle a fault', zh: '故障处置' },
  LIKELY_CAUSES: { en: 'likely causes', zh: '可能原因' },
  DIAGNOSE: { en: 'which fault fits the symptoms', zh: '故障诊断' },
  DETECTORS: { en: 'detecting models and services', zh: '检测模型与服务' },
  DOWNSTREAM: { en: 'downstream equipment', zh: '下游设备' },
  SAFETY_RULE: { en: 'safety rule requirements', zh: '安全规程要求' },
  RESPONSIBLE: { en: 'responsible roles', zh: '责任岗位' },
  UNKNOWN: { en: 'not recognised', zh: '未识别' },
});

// Knowledge labels whose entities are AI assets with pages of their own.
const ASSET_KIND: Record<string, string> = { Model: 'MODEL', Service: 'SERVICE', Deployment: 'DEPLOYMENT' };

function EntityName({ id, kind, name }: { id: string; kind: string; name: string }) {
  const asset = ASSET_KIND[kind];
  return asset ? (
    <Anchor component={Link} to={entityPath(asset, id)}>
      {name}
    </Anchor>
  ) : (
    <Text span>{name}</Text>
  );
}

export function AnswerView({ answer }: { answer: Answer }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  const names = new Map(answer.evidence.nodes.map((n) => [n.id, n]));
  // Steps without text carry nothing to do: they are left out rather than shown as empty bullets.
  const steps = answer.steps
    .map((s) => ({ order: s.order, text: (lang === 'en' ? s.textEn || s.text : s.text || s.textEn).trim() }))
    .filter((s) => s.text !== '');
  const understood = (
    <Stack gap={4}>
      <Title order={2} size="h4">
        {t(m.understood)}
      </Title>
      <Text size="sm">{t(m.intent, { intent: t(INTENTS[answer.intent]) })}</Text>
      {answer.linked.length === 0 ? (
        <Text size="sm">{t(m.linkedNone)}</Text>
      ) : (
        <Group gap="xs" data-testid="ask-linked">
          {answer.linked.map((e) => (
            <Badge key={e.id} variant="outline" color="gray" tt="none">
              {e.kind}: {lang === 'en' ? e.nameEn || e.name : e.name}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
  if (answer.noAnswer)
    return (
      <Stack data-testid="ask-no-answer">
        <Alert color="orange" styles={darkTitle} title={t(m.noAnswer)} role="status">
          {answer.answer}
        </Alert>
        {understood}
      </Stack>
    );
  return (
    <Stack data-testid="ask-answer">
      <Card withBorder>
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t(m.answer)}
          </Title>
          <Text size="sm" c="gray.7">
            {t(m.confidence, { value: f.number(answer.confidence, 2) })}
          </Text>
        </Group>
        <Text mt="xs" data-testid="ask-answer-text">
          {answer.answer}
        </Text>
      </Card>
      {steps.length > 0 ? (
        <section>
          <Title order={2} size="h4" mb="xs">
            {t(m.steps)}
          </Title>
          <List type="ordered" data-testid="ask-steps">
            {steps.map((s) => (
              <List.Item key={s.order}>{s.text}</List.Item>
            ))}
          </List>
        </section>
      ) : null}
      {understood}
      <section data-testid="ask-evidence">
        <Title order={2} size="h4" mb="xs">
          {t(m.evidence)}
        </Title>
        {answer.truncated ? <Text size="sm">{t(m.truncated)}</Text> : null}
        <Title order={3} size="h5">
          {t(m.nodes)}
        </Title>
        <List size="sm">
          {answer.evidence.nodes.map((n) => (
            <List.Item key={n.id} data-testid="ask-evidence-node">
              <Badge size="xs" variant="light" mr={6} tt="none">
                {n.label}
              </Badge>
              <EntityName id={n.id} kind={n.label} name={n.name} />
            </List.Item>
          ))}
        </List>
        <Title order={3} size="h5" mt="xs">
          {t(m.relationships)}
        </Title>
        <List size="sm">
          {answer.evidence.relationships.map((r, i) => {
            const from = names.get(r.from);
            const to = names.get(r.to);
            return (
              <List.Item key={`${r.from}-${r.type}-${r.to}-${i}`} data-testid="ask-evidence-relation">
                {from ? <EntityName id={from.id} kind={from.label} name={from.name} /> : r.from}{' '}
                <Badge size="xs" variant="outline" tt="none">
                  {r.type}
                  {r.order != null ? ` #${r.order}` : ''}
                </Badge>{' '}
                → {to ? <EntityName id={to.id} kind={to.label} name={to.name} /> : r.to}
              </List.Item>
            );
          })}
        </List>
      </section>
    </Stack>
  );
}
