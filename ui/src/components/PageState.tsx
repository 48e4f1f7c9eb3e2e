// Loading, error and not-found states shared by every page, so each reads the same to the user.
import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { defineMessages, useI18n } from '../lib/i18n';

const m = defineMessages({
  loading: { en: 'Loading…', zh: '加载中…' },
  error: { en: 'Something went wrong', zh: '出错了' },
  notFound: { en: 'Not found', zh: '未找到' },
  notFoundBody: {
    en: 'There is no such {what}, or it belongs to an organisation whose assets you may not see.',
    zh: '不存在该{what}，或它属于您无权查看的组织。',
  },
});

export function PageLoader() {
  const { t } = useI18n();
  return (
    <Center p="xl">
      {/* role=status: axe refuses aria-label on the loader's bare span, and a status is announced. */}
      <Loader role="status" aria-label={t(m.loading)} />
    </Center>
  );
}

export function ErrorState({ error }: { error: Error }) {
  const { t } = useI18n();
  return (
    <Alert color="red" title={t(m.error)} role="alert">
      {error.message}
    </Alert>
  );
}

export function NotFound({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <Stack data-testid="not-found">
      <Title order={1}>{t(m.notFound)}</Title>
      <Text>{t(m.notFoundBody, { what })}</Text>
    </Stack>
  );
}

/** Renders loading/error/not-found for a query whose entity may be null (absent or invisible). */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: { data?: T; error: Error | null; isPending: boolean };
  what: string;
  children: (data: NonNullable<T>) => ReactNode;
}) {
  if (query.error) return <ErrorState error={query.error} />;
  if (query.isPending || query.data === undefined) return <PageLoader />;
  if (query.data === null) return <NotFound what={what} />;
  return <>{children(query.data as NonNullable<T>)}</>;
}
