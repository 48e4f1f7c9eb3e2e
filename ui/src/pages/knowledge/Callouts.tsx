// The two things a dispatcher must not miss, set apart from the steps and from each other: the safety
// rules (red, with the requirement spelled out) and the team responsible (blue).
import { Alert, Badge, Group, List, Text } from '@mantine/core';
import { useI18n } from '../../lib/i18n';
import { darkTitle } from '../compliance/targets';
import { pick, shared } from './messages';

export interface Rule {
  id: string;
  name: string;
  nameEn: string;
  requirement?: string | null;
  requirementEn?: string | null;
}
export interface Team {
  id: string;
  name: string;
  nameEn: string;
}

export function SafetyCallout({ rules, testId = 'callout-safety' }: { rules: Rule[]; testId?: string }) {
  const { t, lang } = useI18n();
  if (rules.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      styles={darkTitle}
      title={`⚠ ${t(shared.safety)}`}
      data-testid={testId}
      style={{ borderLeft: '4px solid var(--mantine-color-red-8)' }}
    >
      <List size="sm" spacing={4}>
        {rules.map((r) => {
          const requirement = pick(lang, r.requirement ?? '', r.requirementEn ?? '');
          return (
            <List.Item key={r.id}>
              <Text span fw={700} size="sm">
                {pick(lang, r.name, r.nameEn)}
              </Text>
              {requirement ? `: ${requirement}` : null}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}

export function TeamCallout({ roles, testId = 'callout-team' }: { roles: Team[]; testId?: string }) {
  const { t, lang } = useI18n();
  if (roles.length === 0) return null;
  return (
    <Alert
      color="blue"
      variant="light"
      styles={darkTitle}
      title={t(shared.team)}
      data-testid={testId}
      style={{ borderLeft: '4px solid var(--mantine-color-blue-8)' }}
    >
      <Group gap="xs">
        {roles.map((r) => (
          <Badge key={r.id} color="blue.9" variant="filled" tt="none" size="lg">
            {pick(lang, r.name, r.nameEn)}
          </Badge>
        ))}
      </Group>
    </Alert>
  );
}
