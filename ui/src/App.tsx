// Providers (Mantine, language, OIDC, TanStack Query), the router and the signed-in shell.
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AuthProvider } from 'react-oidc-context';
import { RouterProvider, createBrowserRouter } from 'react-router';
import { AuthGate } from './components/AuthGate';
import { Layout } from './components/Layout';
import { oidcSettings, returnPath } from './lib/auth';
import type { PortalConfig } from './lib/config';
import { I18nProvider } from './lib/i18n';
import { routes } from './routes';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'sm' });

export function App({ config }: { config: PortalConfig }) {
  const router = useMemo(
    () =>
      createBrowserRouter([
        {
          element: (
            <AuthGate>
              <Layout />
            </AuthGate>
          ),
          children: routes,
        },
      ]),
    [],
  );
  const queryClient = useMemo(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 30_000,
            refetchOnWindowFocus: false,
            // An error the API gave on purpose (not found, forbidden, bad input) is not retried.
            retry: (count, error) => count < 2 && !(error as { code?: string }).code,
          },
        },
      }),
    [],
  );
  return (
    <MantineProvider theme={theme}>
      <I18nProvider>
        <AuthProvider
          {...oidcSettings(config)}
          onSigninCallback={(user) => void router.navigate(returnPath(user?.state), { replace: true })}
        >
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AuthProvider>
      </I18nProvider>
    </MantineProvider>
  );
}
