// The model page (/models/:id?version=<version id>&compare=<n>,<n>): the model, its versions with
// their metrics, the selected version's detail, and two versions compared side by side.
import { Anchor, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import type { ModelPageModelQuery } from '../../gql/graphql';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { ComparePanel } from './ComparePanel';
import { m } from './messages';
import { ModelPageModel, ModelPageVersionParent } from './queries';
import { VersionDetail } from './VersionDetail';
import { VersionsTable } from './VersionsTable';
import { StatusBadge } from '../dataset/widgets';

export type Model = NonNullable<ModelPageModelQuery['model']>;

export function ModelPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useGql(ModelPageModel, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.model }} what={t(m.model)}>
      {(model) => <ModelView model={model} />}
    </QueryState>
  );
}

/** `?compare=` names two versions by number ("1,2"); ids are accepted too. */
function parseCompare(raw: string | null, versions: Model['versions']): [string, string] | null {
  const picks = (raw ?? '')
    .split(',')
    .map((token) => versions.find((v) => String(v.version) === token || v.id === token));
  const [a, b] = picks;
  return picks.length === 2 && a && b ? [a.id, b.id] : null;
}

function ModelView({ model }: { model: Model }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const compliance = useCan('compliance');
  const [params, setParams] = useSearchParams();
  const asked = params.get('version');
  // No version named: the latest (versions come oldest first).
  const selected = model.versions.find((v) => v.id === asked) ?? model.versions.at(-1) ?? null;
  const compare = parseCompare(params.get('compare'), model.versions);
  const update = (key: string, value: string | null) =>
    setParams((p) => {
      if (value === null) p.delete(key);
      else p.set(key, value);
      return p;
    });
  const number = (id: string) => model.versions.find((v) => v.id === id)?.version;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{model.name}</Title>
        <Group gap="xs">
          <StatusBadge tone={model.archived ? 'neutral' : 'good'}>
            {t(model.archived ? m.archived : m.active)}
          </StatusBadge>
          <Text size="sm">
            {t(m.task)}: {model.task}
          </Text>
          <Text size="sm">
            {t(m.owner)}:{' '}
            <Anchor component={Link} to={entityPath('ORG', model.owner.id)}>
              {model.owner.name}
            </Anchor>
          </Text>
          <Text size="sm" c="gray.7">
            {t(m.created, { at: fmt.dateTime(model.createdAt), by: model.createdBy })}
          </Text>
          {compliance && (
            <Anchor component={Link} to={lineagePath(model.id)} size="sm">
              {t(m.lineage)}
            </Anchor>
          )}
        </Group>
        {model.description && <Text>{model.description}</Text>}
        <Group gap={4} aria-label={t(m.tags)}>
          {model.tags.map((tag) => (
            <Badge key={tag} variant="outline" color="#3b4a9e" tt="none">
              {tag}
            </Badge>
          ))}
        </Group>
        {model.sharedWith.length > 0 && (
          <Group gap="xs">
            <Text size="sm">{t(m.sharedWith)}:</Text>
            {model.sharedWith.map((org) => (
              <Anchor key={org.id} component={Link} to={entityPath('ORG', org.id)} size="sm">
                {org.name}
              </Anchor>
            ))}
          </Group>
        )}
      </Stack>
      <VersionsTable
        versions={model.versions}
        selectedId={selected?.id ?? null}
        onSelect={(id) => update('version', id)}
      />
      <ComparePanel
        versions={model.versions}
        picked={compare}
        onPick={(a, b) => {
          const na = a ? number(a) : undefined;
          const nb = b ? number(b) : undefined;
          update('compare', na !== undefined && nb !== undefined ? `${na},${nb}` : null);
        }}
      />
      {selected && <VersionDetail key={selected.id} versionId={selected.id} />}
    </Stack>
  );
}

/** /model-versions/:id: finds the version's model, then shows it on the model page. */
export function ModelVersionRedirect() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const query = useGql(ModelPageVersionParent, { id });
  const version = query.data?.modelVersion;
  useEffect(() => {
    if (version) void navigate(entityPath('MODEL_VERSION', version.id, version.model.id), { replace: true });
  }, [version, navigate]);
  return (
    <QueryState query={{ ...query, data: query.data?.modelVersion }} what={t(m.modelVersion)}>
      {() => null}
    </QueryState>
  );
}
