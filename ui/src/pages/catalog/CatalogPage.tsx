// The catalog, the first page after sign-in: one search box across every asset kind (Chinese or English),
// kind / owner org / status filters, the server's highlight spans, cursor paging; an empty query lists the
// newest assets. Everything is in the URL. It is in the first-load bundle, so Mantine only, no charts.
import { Alert, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import { ErrorState, PageLoader } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { CatalogFilters } from './CatalogFilters';
import { CatalogResults } from './CatalogResults';
import { useCatalogParams } from './params';

const CatalogSearch = graphql(`
  query CatalogSearch(
    $query: String!
    $kinds: [AssetKind!]
    $orgs: [ID!]
    $statuses: [AssetStatus!]
    $first: Int
    $after: String
  ) {
    search(query: $query, kinds: $kinds, orgs: $orgs, statuses: $statuses, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          kind
          id
          name
          description
          archived
          status
          parentId
          ownerOrg {
            id
            name
          }
          nameHighlights {
            start
            length
          }
          descriptionHighlights {
            start
            length
          }
        }
      }
    }
  }
`);

const m = defineMessages({
  title: { en: 'Catalog', zh: '资产目录' },
  browse: { en: 'The newest assets you may see, of every kind.', zh: '您可查看的最新资产（全部类型）。' },
  searching: { en: 'Assets matching “{q}”, best match first.', zh: '与“{q}”匹配的资产，最相关的在前。' },
  restarted: {
    en: 'The page positions in this link belong to another user or another search, so the results start again from the first page.',
    zh: '此链接中的分页位置属于其他用户或其他搜索，结果已从第一页重新开始。',
  },
});

const PAGE_SIZE = 20;

export function CatalogPage() {
  const { t } = useI18n();
  const [params, update] = useCatalogParams();
  const search = useGql(
    CatalogSearch,
    {
      query: params.q,
      kinds: params.kinds.length > 0 ? params.kinds : null,
      orgs: params.org ? [params.org] : null,
      statuses: params.statuses.length > 0 ? params.statuses : null,
      first: PAGE_SIZE,
      after: params.trail.at(-1) ?? null,
    },
    // The old page stays on screen while the next loads, so the filters and pager do not jump.
    { placeholderData: keepPreviousData },
  );
  // A search cursor opens only for the user and the search it was issued to: a shared link that carries
  // someone else's page positions is refused with BAD_USER_INPUT on `after`; start that search again.
  const foreignTrail =
    params.trail.length > 0 && search.error?.code === 'BAD_USER_INPUT' && /\bafter\b/.test(search.error.message);
  const [restarted, setRestarted] = useState(false);
  useEffect(() => {
    if (!foreignTrail) return;
    setRestarted(true);
    update({ trail: [] });
  }, [foreignTrail, update]);
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <CatalogFilters params={params} update={update} />
      <Text c="dimmed">{params.q ? t(m.searching, { q: params.q }) : t(m.browse)}</Text>
      {restarted && params.trail.length === 0 && (
        <Alert color="yellow" data-testid="pages-restarted">
          {t(m.restarted)}
        </Alert>
      )}
      {foreignTrail ? (
        <PageLoader />
      ) : search.error ? (
        <ErrorState error={search.error} />
      ) : !search.data ? (
        <PageLoader />
      ) : (
        <CatalogResults
          search={search.data.search}
          busy={search.isPlaceholderData || search.isFetching}
          trail={params.trail}
          onPage={(trail) => {
            setRestarted(false);
            update({ trail });
          }}
        />
      )}
    </Stack>
  );
}
