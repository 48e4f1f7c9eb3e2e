// Signed out (or the session could not be renewed): the landing page with a Sign in button that comes
// back to the page asked for. Signed in: the viewer is loaded from the API, then the app.
import { Alert, Button, Center, Container, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAuth } from 'react-oidc-context';
import { useLocation } from 'react-router';
import { CALLBACK_PATH, SESSION_ENDED, sessionEvents } from '../lib/auth';
import { defineMessages, useI18n } from '../lib/i18n';
import { ViewerProvider } from '../lib/viewer';
import { LanguageSwitch } from './LanguageSwitch';

const m = defineMessages({
  tagline: {
    en: 'Datasets, models, services and hardware as one governed graph: follow any asset from raw data to the accelerator it runs on.',
    zh: '数据集、模型、服务与算力汇成一张受治理的图谱：追溯任何资产，从原始数据直到运行它的加速卡。',
  },
  signIn: { en: 'Sign in', zh: '登录' },
  signingIn: { en: 'Signing in…', zh: '正在登录…' },
  failed: { en: 'Sign-in failed', zh: '登录失败' },
  expired: { en: 'Your session ended. Sign in again to continue.', zh: '会话已结束，请重新登录。' },
  loadingProfile: { en: 'Loading your profile…', zh: '正在加载用户信息…' },
  profileFailed: { en: 'Could not load your profile', zh: '无法加载用户信息' },
});

function Centered({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh">
      <Container size="sm">{children}</Container>
    </Center>
  );
}

export function AuthGate({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  // react-oidc-context keeps isAuthenticated true after the access token expires when renewal failed (the
  // Keycloak session ended): the app then showed API errors and no way to sign in. An expired token ends
  // the session here: the user is removed and the landing page offers Sign in, saying why.
  const [ended, setEnded] = useState(false);
  // A tab reopened after its access token expired (a laptop that slept) may still hold a refresh token
  // that Keycloak honours: an expired token first tries one renewal, and only when that fails does the
  // session end.
  const [renewing, setRenewing] = useState(false);
  const { events, removeUser, signinSilent } = auth;
  const inFlight = useRef(false);
  const renewOrEnd = useRef<() => void>(() => {});
  renewOrEnd.current = () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRenewing(true);
    const done = () => {
      inFlight.current = false;
      setRenewing(false);
    };
    const end = () => {
      setEnded(true);
      void removeUser().finally(done);
    };
    signinSilent().then((user) => (user && !user.expired ? done() : end()), end);
  };
  useEffect(() => events.addAccessTokenExpired(() => renewOrEnd.current()), [events]);
  const staleUser = !auth.isLoading && auth.user?.expired === true;
  useEffect(() => {
    if (staleUser) renewOrEnd.current();
  }, [staleUser]);
  // The API refused the token and renewal failed (lib/graphql.ts → onUnauthenticated).
  useEffect(() => {
    const onEnded = () => setEnded(true);
    sessionEvents.addEventListener(SESSION_ENDED, onEnded);
    return () => sessionEvents.removeEventListener(SESSION_ENDED, onEnded);
  }, []);
  const busy =
    auth.isLoading ||
    renewing ||
    staleUser ||
    auth.activeNavigator === 'signinRedirect' ||
    location.pathname === CALLBACK_PATH;
  if (busy && !auth.error) {
    return (
      <Centered>
        <Stack align="center">
          <Loader aria-label={t(m.signingIn)} />
          <Text>{t(m.signingIn)}</Text>
        </Stack>
      </Centered>
    );
  }
  if (!auth.isAuthenticated) {
    const here = `${location.pathname}${location.search}`;
    return (
      <Centered>
        <main>
          <Stack align="center" gap="lg">
            <Title order={1}>Plinth</Title>
            <Text ta="center">{t(m.tagline)}</Text>
            {auth.error && (
              <Alert color="red" title={t(m.failed)} role="alert">
                {auth.error.message}
              </Alert>
            )}
            {(ended || auth.user?.expired) && <Text>{t(m.expired)}</Text>}
            <Button size="md" onClick={() => void auth.signinRedirect({ state: here === CALLBACK_PATH ? '/' : here })}>
              {t(m.signIn)}
            </Button>
            <LanguageSwitch />
          </Stack>
        </main>
      </Centered>
    );
  }
  return (
    <ViewerProvider
      fallback={(error) => (
        <Centered>
          {error ? (
            <Alert color="red" title={t(m.profileFailed)} role="alert">
              {error.message}
            </Alert>
          ) : (
            <Loader aria-label={t(m.loadingProfile)} />
          )}
        </Centered>
      )}
    >
      {children}
    </ViewerProvider>
  );
}
