// Candidate faults for the chosen symptoms, best first: how well each fits (score, symptoms matched of the
// fault's own), and its handling: safety rules, responsible team and the procedure as a checklist.
import { Accordion, Badge, Group, Progress, Stack, Text } from '@mantine/core';
import type { DispatcherFaultPathQuery } from '../../gql/graphql';
import { defineMessages, useFormat, useI18n } from '../../lib/i18n';
import { SafetyCallout, TeamCallout } from './Callouts';
import { StepChecklist } from './Checklist';
import { pick } from './messages';

type Candidate = DispatcherFaultPathQuery['faultHandlingPath']['candidates'][number];

const m = defineMessages({
  score: { en: 'score {value}', zh: '得分 {value}' },
  matched: { en: '{n} of its {total} symptoms', zh: '匹配其 {total} 个症状中的 {n} 个' },
  fit: { en: 'How well it fits', zh: '匹配度' },
});

/** `symptomsKey`: the chips these candidates answer, joined by '|' (tests wait for their own). */
export function FaultCandidates({ candidates, symptomsKey }: { candidates: Candidate[]; symptomsKey: string }) {
  const { t, lang } = useI18n();
  const f = useFormat();
  const first = candidates[0]?.fault.id;
  return (
    <Accordion
      key={first}
      defaultValue={first ?? null}
      variant="separated"
      order={3}
      data-testid="fault-candidates"
      data-symptoms={symptomsKey}
    >
      {candidates.map((c, i) => (
        <Accordion.Item key={c.fault.id} value={c.fault.id} data-testid="fault-candidate" data-fault-id={c.fault.id}>
          <Accordion.Control>
            <Stack gap={2}>
              <Text fw={700} size="sm">
                {i + 1}. {pick(lang, c.fault.name, c.fault.nameEn)}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Progress w={70} value={c.score * 100} color="blue.8" aria-label={t(m.fit)} />
                <Text size="xs" c="gray.8">
                  {t(m.score, { value: f.number(c.score, 2) })} ·{' '}
                  {t(m.matched, { n: c.matchedSymptoms.length, total: c.totalSymptoms })}
                </Text>
              </Group>
            </Stack>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack gap="sm">
              <Group gap={4}>
                {c.matchedSymptoms.map((s) => (
                  <Badge key={s.id} color="pink.9" variant="outline" tt="none">
                    {pick(lang, s.name, s.nameEn)}
                  </Badge>
                ))}
              </Group>
              <SafetyCallout rules={c.safetyRules} testId="candidate-safety" />
              <TeamCallout roles={c.responsible} testId="candidate-team" />
              <StepChecklist
                key={c.fault.id}
                steps={c.steps}
                memoryKey={`fault:${c.fault.id}`}
                testId="candidate-steps"
                headingOrder={4}
              />
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
