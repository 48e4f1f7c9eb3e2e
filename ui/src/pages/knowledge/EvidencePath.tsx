// The evidence path: the graph picture (lazy xyflow module, preloaded when the console mounts) and the
// same nodes and relations as text, which screen readers and copy-paste use. AI assets link to their pages.
import { Anchor, Badge, List, Skeleton, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { defineMessages, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import type { EvidenceInput } from './evidenceLayout';
import { ASSET_KIND, kindStyle } from './kinds';
import { evidenceName } from './messages';

const loadGraph = () => import('./EvidenceGraph');
const EvidenceGraph = lazy(loadGraph);
/** Starts fetching the graph module; called as the console mounts, so it is ready when the answer is. */
export const preloadEvidenceGraph = (): void => void loadGraph().catch(() => undefined);

const m = defineMessages({
  evidence: { en: 'Evidence path', zh: '证据路径' },
  picture: { en: 'Evidence path in the knowledge graph', zh: '知识图谱中的证据路径' },
  nodes: { en: 'Entities', zh: '实体' },
  relationships: { en: 'Relations', zh: '关系' },
  truncated: { en: 'The question was cut to its first 500 characters.', zh: '问题仅取前 500 个字符。' },
  none: { en: 'No evidence to draw.', zh: '没有可绘制的证据。' },
});

/** A knowledge entity's name; AI assets (models, services) link to their pages. */
export function EntityName({ id, kind, name }: { id: string; kind: string; name: string }) {
  const asset = ASSET_KIND[kind];
  return asset ? (
    <Anchor component={Link} to={entityPath(asset, id)}>
      {name}
    </Anchor>
  ) : (
    <Text span>{name}</Text>
  );
}

export function EvidencePath({
  evidence,
  linkedIds,
  truncated,
}: {
  evidence: EvidenceInput;
  linkedIds: string[];
  truncated: boolean;
}) {
  const { t, lang } = useI18n();
  const byId = new Map(evidence.nodes.map((n) => [n.id, n]));
  return (
    <Stack gap="xs" component="section" data-testid="ask-evidence">
      <Title order={2} size="h4">
        {t(m.evidence)}
      </Title>
      {truncated ? <Text size="sm">{t(m.truncated)}</Text> : null}
      {evidence.nodes.length === 0 ? (
        <Text size="sm">{t(m.none)}</Text>
      ) : (
        <Suspense fallback={<Skeleton height={260} />}>
          <EvidenceGraph evidence={evidence} linkedIds={linkedIds} label={t(m.picture)} />
        </Suspense>
      )}
      <Title order={3} size="h6">
        {t(m.nodes)}
      </Title>
      <List size="xs" spacing={2}>
        {evidence.nodes.map((n) => (
          <List.Item key={n.id} data-testid="ask-evidence-node">
            <Text span size="xs" fw={700} c={kindStyle(n.label).color}>
              {t(kindStyle(n.label).name)}
            </Text>{' '}
            <EntityName id={n.id} kind={n.label} name={evidenceName(lang, n.name)} />
          </List.Item>
        ))}
      </List>
      <Title order={3} size="h6">
        {t(m.relationships)}
      </Title>
      <List size="xs" spacing={2}>
        {evidence.relationships.map((r, i) => {
          const from = byId.get(r.from);
          const to = byId.get(r.to);
          return (
            <List.Item key={`${r.from}-${r.type}-${r.to}-${i}`} data-testid="ask-evidence-relation">
              {from ? <EntityName id={from.id} kind={from.label} name={evidenceName(lang, from.name)} /> : r.from}{' '}
              <Badge size="xs" variant="outline" color="gray.8" tt="none">
                {r.type}
                {r.order != null ? ` #${r.order}` : ''}
              </Badge>{' '}
              → {to ? <EntityName id={to.id} kind={to.label} name={evidenceName(lang, to.name)} /> : r.to}
            </List.Item>
          );
        })}
      </List>
    </Stack>
  );
}
