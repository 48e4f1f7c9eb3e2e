// /lineage (pick a root by searching the catalog) and /lineage/:id (the picture). Compliance officers
// only, as the API's lineage fields are: anyone else gets a page saying so, and no request is made.
import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { QueryState } from '../../components/PageState';
import { graphql } from '../../gql';
import { useGql } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { lineagePath } from '../../lib/links';
import { useCan } from '../../lib/viewer';
import { KIND_STYLE } from './kinds';
import { LineageView } from './LineageView';
import { m } from './messages';

const LineagePickerSearch = graphql(`
  query LineagePickerSearch($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      edges {
        node {
          kind
          id
          name
        }
      }
    }
  }
`);

export function LineagePage() {
  const { t } = useI18n();
  const allowed = useCan('compliance');
  const { id } = useParams();
  if (!allowed)
    return (
      <Stack data-testid="not-allowed">
        <Title order={1}>{t(m.notAllowedTitle)}</Title>
        <Text>{t(m.notAllowed)}</Text>
      </Stack>
    );
  // Keyed by root: a new root is a new picture (its own layout worker, expansions, selection).
  return id ? <LineageView key={id} id={id} /> : <LineagePicker />;
}

function LineagePicker() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const search = useGql(LineagePickerSearch, { query, first: 20 }, { enabled: query !== '' });
  return (
    <Stack>
      <Title order={1}>{t(m.title)}</Title>
      <Text>{t(m.pickIntro)}</Text>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(text ? { q: text } : {});
        }}
      >
        <Group align="flex-end">
          <TextInput label={t(m.search)} value={text} onChange={(e) => setText(e.currentTarget.value)} w={360} />
          <Button type="submit">{t(m.searchButton)}</Button>
        </Group>
      </form>
      {query !== '' && (
        <QueryState query={{ ...search, data: search.data?.search }} what={t(m.results)}>
          {(result) =>
            result.edges.length === 0 ? (
              <Text>{t(m.noResults)}</Text>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(m.kind)}</Table.Th>
                    <Table.Th>{t(m.name)}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.edges.map(({ node }) => (
                    <Table.Tr key={node.id}>
                      <Table.Td>
                        {node.kind in KIND_STYLE ? t(KIND_STYLE[node.kind as keyof typeof KIND_STYLE].name) : node.kind}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={lineagePath(node.id)}>
                          {node.name ?? node.id}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      )}
    </Stack>
  );
}
