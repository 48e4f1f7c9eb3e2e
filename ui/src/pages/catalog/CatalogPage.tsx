// The catalog, the first page after sign-in: one search box across every asset kind (Chinese or English),
// kind / owner org / status filters, the server's highlight spans, cursor paging; an empty query lists the
// newest assets. Everything is in the URL. It is in the first-load bundle, so Mantine only, no charts.
import { Stack, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
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
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <CatalogFilters params={params} update={update} />
      <Text c="dimmed">{params.q ? t(m.searching, { q: params.q }) : t(m.browse)}</Text>
      {search.error ? (
        <ErrorState error={search.error} />
      ) : !search.data ? (
        <PageLoader />
      ) : (
        <CatalogResults
          search={search.data.search}
          busy={search.isPlaceholderData || search.isFetching}
          trail={params.trail}
          onPage={(trail) => update({ trail })}
        />
      )}
    </Stack>
  );
}
