// The signed-in shell: header (search, language, who you are, sign out) and navigation by role.
import { AppShell, Burger, Button, Group, NavLink, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useState, type FormEvent } from 'react';
import { useAuth } from 'react-oidc-context';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { defineMessages, useI18n } from '../lib/i18n';
import { can } from '../lib/roles';
import { useViewer } from '../lib/viewer';
import { NAV } from '../nav';
import { LanguageSwitch } from './LanguageSwitch';
import { PageLoader } from './PageState';

const m = defineMessages({
  search: { en: 'Search datasets, models, services, hardware…', zh: '搜索数据集、模型、服务、算力…' },
  searchLabel: { en: 'Search the catalog', zh: '搜索目录' },
  signOut: { en: 'Sign out', zh: '退出登录' },
  navigation: { en: 'Navigation', zh: '导航' },
  toggleNav: { en: 'Toggle navigation', zh: '展开或收起导航' },
});

export function Layout() {
  const [opened, { toggle }] = useDisclosure();
  const { t } = useI18n();
  const auth = useAuth();
  const viewer = useViewer();
  const location = useLocation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(query.trim() ? `/?q=${encodeURIComponent(query.trim())}` : '/');
  };
  const items = NAV.filter((item) => can(viewer.roles, item.capability));
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t(m.toggleNav)} />
            {/* The brand is a link, not a heading: each page's own <h1> is its first heading. */}
            <Text component={Link} to="/" fw={700} fz="h3" c="inherit" td="none">
              Plinth
            </Text>
          </Group>
          <form role="search" onSubmit={submit} style={{ flex: 1, maxWidth: 520 }}>
            <TextInput
              maxLength={200}
              aria-label={t(m.searchLabel)}
              placeholder={t(m.search)}
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
            />
          </form>
          <Group wrap="nowrap" gap="sm">
            <LanguageSwitch />
            <Text size="sm" data-testid="viewer">
              {viewer.username}
              {viewer.org ? ` · ${viewer.org.name}` : ''}
            </Text>
            <Button
              variant="default"
              size="xs"
              onClick={() => void auth.signoutRedirect({ id_token_hint: auth.user?.id_token })}
            >
              {t(m.signOut)}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t(m.navigation)}>
        {items.map((item) => (
          <NavLink
            key={item.path}
            component={Link}
            to={item.path}
            label={t(item.label)}
            active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
