// Which knowledge base the console asks: by default the one the server picks for the signed-in user's org
// (its org's base, else the demo grid), or any imported base (knowledgeBases). The choice is in the URL
// (?base=), so a console state with its base can be shared.
import { Select } from '@mantine/core';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { AskPageBases } from './api';
import { pick } from './messages';

const m = defineMessages({
  label: { en: 'Knowledge base', zh: '知识库' },
  orgDefault: { en: "My organisation's base", zh: '本单位默认知识库' },
  loadFailed: { en: 'The list of knowledge bases could not be loaded.', zh: '无法加载知识库列表。' },
});

/** The value of the org-default choice ('' in the URL: no ?base=). */
const ORG_DEFAULT = 'org-default';

export function BaseSelect({ value, onChange }: { value: string; onChange: (base: string) => void }) {
  const { t, lang } = useI18n();
  const bases = useGql(AskPageBases, {}, { staleTime: 5 * 60_000 });
  const list = bases.data?.knowledgeBases ?? [];
  const data = [
    { value: ORG_DEFAULT, label: t(m.orgDefault) },
    ...list.map((b) => ({ value: b.id, label: `${pick(lang, b.name, b.nameEn)} (${b.id})` })),
    // A base in the URL that is not (or not yet) listed stays selectable rather than vanishing.
    ...(value && !list.some((b) => b.id === value) ? [{ value, label: value }] : []),
  ];
  const chosen = list.find((b) => b.id === value);
  return (
    <Select
      label={t(m.label)}
      data-testid="base-select"
      data={data}
      value={value || ORG_DEFAULT}
      allowDeselect={false}
      onChange={(v) => onChange(!v || v === ORG_DEFAULT ? '' : v)}
      description={chosen ? pick(lang, chosen.description, chosen.descriptionEn) : undefined}
      error={bases.error ? t(m.loadFailed) : undefined}
      comboboxProps={{ withinPortal: true }}
      w={{ base: '100%', sm: 420 }}
    />
  );
}
