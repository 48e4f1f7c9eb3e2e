// The page a signed-in user sees at a URL their role may not use: a clear statement instead of an API error.
import { Alert, Stack, Title } from '@mantine/core';
import { defineMessages, useI18n } from '../../lib/i18n';
import { useViewer } from '../../lib/viewer';

const m = defineMessages({
  title: { en: 'Not allowed', zh: '无权访问' },
  body: {
    en: '{user} ({roles}) may not use this page. It is for {who}.',
    zh: '{user}（{roles}）无权使用此页面，此页面仅供{who}使用。',
  },
  noRoles: { en: 'no roles', zh: '无角色' },
});

export function NotAllowed({ who }: { who: string }) {
  const { t } = useI18n();
  const viewer = useViewer();
  return (
    <Stack data-testid="not-allowed">
      <Title order={1}>{t(m.title)}</Title>
      <Alert color="orange" role="alert">
        {t(m.body, { user: viewer.username, roles: viewer.roles.join(', ') || t(m.noRoles), who })}
      </Alert>
    </Stack>
  );
}

export const complianceOfficers = defineMessages({
  who: { en: 'compliance officers', zh: '合规审计员' },
}).who;
