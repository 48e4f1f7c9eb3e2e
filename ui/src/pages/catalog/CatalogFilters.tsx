// The catalog's search box and its kind / org / status filters; every change goes to the URL.
import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { ASSET_KINDS, ASSET_STATUSES, KIND_LABELS, STATUS_LABELS, asKinds, asStatuses } from './labels';
import type { CatalogParams } from './params';

const CatalogOrgs = graphql(`
  query CatalogOrgs {
    orgs {
      id
      name
    }
  }
`);

const m = defineMessages({
  search: { en: 'Search', zh: '搜索' },
  placeholder: {
    en: 'Name, description or tag, in Chinese or English',
    zh: '名称、描述或标签，中文或英文均可',
  },
  kind: { en: 'Kind', zh: '类型' },
  org: { en: 'Owner organisation', zh: '所属组织' },
  status: { en: 'Status', zh: '状态' },
  anyKind: { en: 'All kinds', zh: '全部类型' },
  anyOrg: { en: 'All organisations', zh: '全部组织' },
  anyStatus: { en: 'Not archived', zh: '未归档' },
  clear: { en: 'Clear filters', zh: '清除筛选' },
});

export function CatalogFilters({
  params,
  update,
}: {
  params: CatalogParams;
  update: (next: Partial<CatalogParams>) => void;
}) {
  const { t } = useI18n();
  const orgs = useGql(CatalogOrgs, {}, { staleTime: 5 * 60_000 });
  // The box follows the URL, so the header's search (which navigates to /?q=…) fills it too.
  const [text, setText] = useState(params.q);
  useEffect(() => setText(params.q), [params.q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: text.trim() });
  };
  const filtered = params.kinds.length > 0 || params.org !== null || params.statuses.length > 0;
  return (
    <>
      <form role="search" onSubmit={submit} aria-label={t(m.search)}>
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            maxLength={200}
            label={t(m.search)}
            placeholder={t(m.placeholder)}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: 1 }}
            data-testid="catalog-query"
          />
          <Button type="submit">{t(m.search)}</Button>
        </Group>
      </form>
      <Group align="flex-end">
        <MultiSelect
          label={t(m.kind)}
          placeholder={params.kinds.length === 0 ? t(m.anyKind) : undefined}
          data={ASSET_KINDS.map((kind) => ({ value: kind, label: t(KIND_LABELS[kind]) }))}
          value={params.kinds}
          onChange={(values) => update({ kinds: asKinds(values) })}
          clearable
          w={260}
        />
        <Select
          label={t(m.org)}
          placeholder={t(m.anyOrg)}
          data={(orgs.data?.orgs ?? []).map((org) => ({ value: org.id, label: org.name }))}
          value={params.org}
          onChange={(value) => update({ org: value })}
          error={orgs.error?.message}
          clearable
          w={240}
        />
        <MultiSelect
          label={t(m.status)}
          placeholder={params.statuses.length === 0 ? t(m.anyStatus) : undefined}
          data={ASSET_STATUSES.map((status) => ({ value: status, label: t(STATUS_LABELS[status]) }))}
          value={params.statuses}
          onChange={(values) => update({ statuses: asStatuses(values) })}
          clearable
          w={260}
        />
        {filtered && (
          <Button variant="subtle" onClick={() => update({ kinds: [], org: null, statuses: [] })}>
            {t(m.clear)}
          </Button>
        )}
      </Group>
    </>
  );
}
