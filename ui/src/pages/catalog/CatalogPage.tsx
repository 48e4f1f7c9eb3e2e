// The catalog: one search box across every asset kind (first cut; filters and highlights to come).
import { Anchor, Stack, Table, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { defineMessages, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';

const CatalogSearch = graphql(`
  query CatalogSearch($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      edges {
        node {
          kind
          id
          name
          description
          score
        }
      }
    }
  }
`);

const m = defineMessages({ title: { en: 'Catalog', zh: '资产目录' }, results: { en: 'results', zh: '结果' } });

export function CatalogPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const query = params.get('q') ?? '';
  const search = useGql(CatalogSearch, { query, first: 20 });
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <QueryState query={{ ...search, data: search.data?.search }} what={t(m.results)}>
        {(result) => (
          <Table>
            <Table.Tbody>
              {result.edges.map(({ node }) => (
                <Table.Tr key={node.id}>
                  <Table.Td>{node.kind}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={entityPath(node.kind, node.id)}>
                      {node.name ?? node.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{node.description}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
