// Providers (Mantine, language, OIDC, TanStack Query), the router and the signed-in shell.
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
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

// Shade 8 in light mode: links and filled buttons in indigo.6 (#4c6ef5) are 4.3:1 on white, under
// WCAG AA's 4.5:1 (axe color-contrast, serious); indigo.8 (#3b5bdb) is 5.7:1.
const theme = createTheme({ primaryColor: 'indigo', primaryShade: { light: 8, dark: 6 }, defaultRadius: 'sm' });
// Mantine's "dimmed" text (gray.6, 3.3:1 on white) fails WCAG AA's 4.5:1 too (axe color-contrast on secondary
// text and input descriptions of many pages): gray.7 (8:1) keeps it secondary and readable.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

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
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
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
