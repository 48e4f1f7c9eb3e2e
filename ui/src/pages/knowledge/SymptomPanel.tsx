// Symptom chips for the fault-handling path: type in Chinese or English, pick from what the knowledge graph
// knows (names and aliases, knowledgeSymptoms), or keep free text; the chips (in the URL, ?s=) go to
// faultHandlingPath and the ranked candidate faults appear below. Suggestions for the empty box load with
// the page, and a change of text keeps the previous list until the new one arrives, so typing never blanks.
import { Alert, Badge, Group, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { darkTitle } from '../compliance/targets';
import { DispatcherFaultPath, DispatcherSymptoms } from './api';
import { FaultCandidates } from './FaultCandidates';
import { pick } from './messages';

const m = defineMessages({
  title: { en: 'Symptoms → candidate faults', zh: '症状 → 候选故障' },
  label: { en: 'Observed symptoms or alarms', zh: '观察到的症状或告警' },
  placeholder: { en: 'Type e.g. 油温 or SF6, Enter to add', zh: '输入如“油温”或“SF6”，回车添加' },
  hint: {
    en: 'Add the symptoms in front of you; the knowledge graph ranks the faults that fit them.',
    zh: '添加现场观察到的症状，知识图谱按证据给出匹配的故障。',
  },
  alarm: { en: 'alarm', zh: '告警' },
  symptom: { en: 'symptom', zh: '症状' },
  via: { en: 'matches “{text}”', zh: '匹配“{text}”' },
  faults: { en: '{n} faults', zh: '{n} 种故障' },
  unrecognized: { en: 'Not found in the knowledge graph', zh: '知识图谱中未找到' },
  none: { en: 'No fault in the knowledge graph has these symptoms.', zh: '知识图谱中没有具有这些症状的故障。' },
});

export const MAX_CHIPS = 20;

export function SymptomPanel({
  base,
  chips,
  onChange,
}: {
  /** The knowledge base asked ('' = the org's default). */
  base: string;
  chips: string[];
  onChange: (chips: string[]) => void;
}) {
  const { t, lang } = useI18n();
  const [search, setSearch] = useState('');
  const [prefix] = useDebouncedValue(search.trim(), 120);
  const suggestions = useGql(
    DispatcherSymptoms,
    { prefix, first: 8, base: base || null },
    { staleTime: 5 * 60_000, placeholderData: keepPreviousData },
  );
  const path = useGql(
    DispatcherFaultPath,
    { symptoms: chips, base: base || null },
    { enabled: chips.length > 0, staleTime: 60_000, placeholderData: keepPreviousData },
  );
  const found = suggestions.data?.knowledgeSymptoms ?? [];
  const byValue = new Map(found.map((s) => [pick(lang, s.name, s.nameEn), s]));
  return (
    <Stack gap="xs" component="section" data-testid="symptom-panel">
      <Title order={2} size="h4">
        {t(m.title)}
      </Title>
      <Text size="sm">{t(m.hint)}</Text>
      <TagsInput
        label={t(m.label)}
        placeholder={t(m.placeholder)}
        data-testid="symptom-input"
        value={chips}
        onChange={(next) => onChange(next.slice(0, MAX_CHIPS))}
        searchValue={search}
        onSearchChange={setSearch}
        data={[...byValue.keys()]}
        // The server already matched names and aliases; a client-side filter would drop alias hits.
        filter={({ options }) => options}
        maxTags={MAX_CHIPS}
        acceptValueOnBlur={false}
        clearable
        maxLength={100}
        renderOption={({ option }) => {
          const s = byValue.get(option.value);
          if (!s) return option.value;
          const shown = pick(lang, s.name, s.nameEn);
          return (
            // data-prefix: the text these suggestions answer (empty while the previous list stands in).
            <Stack gap={0} data-testid="symptom-option" data-prefix={suggestions.isPlaceholderData ? '' : prefix}>
              <Group gap={6}>
                <Text size="sm">{shown}</Text>
                <Badge size="xs" variant="outline" color={s.kind === 'alarm' ? 'red.9' : 'gray.8'} tt="none">
                  {t(s.kind === 'alarm' ? m.alarm : m.symptom)}
                </Badge>
              </Group>
              <Text size="xs" c="gray.7">
                {s.matched && s.matched !== shown ? `${t(m.via, { text: s.matched })} · ` : ''}
                {t(m.faults, { n: s.faults })}
              </Text>
            </Stack>
          );
        }}
      />
      {suggestions.error ? <ErrorState error={suggestions.error} /> : null}
      {path.error ? <ErrorState error={path.error} /> : null}
      {chips.length > 0 && path.isPending && !path.error ? <PageLoader /> : null}
      {chips.length > 0 && path.data ? (
        <Stack gap="xs" style={{ opacity: path.isPlaceholderData ? 0.6 : 1 }}>
          {path.data.faultHandlingPath.unrecognized.length > 0 ? (
            <Alert color="orange" styles={darkTitle} title={t(m.unrecognized)} data-testid="symptoms-unrecognized">
              {path.data.faultHandlingPath.unrecognized.join(lang === 'zh' ? '、' : ', ')}
            </Alert>
          ) : null}
          {path.data.faultHandlingPath.candidates.length === 0 ? (
            <Text size="sm">{t(m.none)}</Text>
          ) : (
            <FaultCandidates
              candidates={path.data.faultHandlingPath.candidates}
              symptomsKey={path.isPlaceholderData ? '' : chips.join('|')}
            />
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}
