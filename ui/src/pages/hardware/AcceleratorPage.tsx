// An accelerator: the node (and cluster) or edge node it is installed in (up), and every deployment
// on it you may see, newest first (down), each with the version it serves.
import { Stack, Title } from '@mantine/core';
import { useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../components/PageState';
import { useGql } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { DeploymentTable, EntityLink, Facts, StatusBadge, useAssetFacts } from '../serving/parts';
import { sm } from '../serving/messages';
import { Crumbs, type Crumb } from './Crumbs';
import { hm } from './messages';

const AcceleratorPageAccelerator = graphql(`
  query AcceleratorPageAccelerator($id: ID!) {
    accelerator(id: $id) {
      id
      name
      description
      tags
      kind
      vendor
      model
      memoryMb
      executionProviders
      createdAt
      createdBy
      archived
      owner {
        id
        name
      }
      node {
        id
        name
        hostname
        cluster {
          id
          name
        }
      }
      edgeNode {
        id
        name
        site
        status
      }
      deployments {
        id
        name
        status
        executionProvider
        createdAt
        modelVersion {
          id
          version
          model {
            id
            name
          }
        }
      }
    }
  }
`);

export function AcceleratorPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const f = useFormat();
  const assetFacts = useAssetFacts();
  const query = useGql(AcceleratorPageAccelerator, { id });
  return (
    <QueryState query={{ ...query, data: query.data?.accelerator }} what={t(hm.accelerator)}>
      {(a) => {
        const trail: Crumb[] = [];
        if (a.node?.cluster) trail.push({ kind: 'CLUSTER', id: a.node.cluster.id, name: a.node.cluster.name });
        if (a.node) trail.push({ kind: 'NODE', id: a.node.id, name: a.node.name });
        if (a.edgeNode) trail.push({ kind: 'EDGE_NODE', id: a.edgeNode.id, name: a.edgeNode.name });
        return (
          <Stack>
            <Crumbs trail={trail} />
            <Title order={1}>{a.name}</Title>
            <Facts
              label={t(sm.facts)}
              rows={[
                [
                  t(hm.installedIn),
                  a.node ? (
                    <EntityLink kind="NODE" id={a.node.id}>
                      {a.node.name} ({a.node.hostname})
                    </EntityLink>
                  ) : a.edgeNode ? (
                    <>
                      <EntityLink kind="EDGE_NODE" id={a.edgeNode.id}>
                        {a.edgeNode.name}
                      </EntityLink>{' '}
                      <StatusBadge status={a.edgeNode.status} edge />
                    </>
                  ) : (
                    t(hm.unplaced)
                  ),
                ],
                [
                  t(sm.cluster),
                  a.node?.cluster ? (
                    <EntityLink kind="CLUSTER" id={a.node.cluster.id}>
                      {a.node.cluster.name}
                    </EntityLink>
                  ) : null,
                ],
                [t(hm.site), a.edgeNode?.site],
                [t(hm.kind), a.kind],
                [t(hm.vendor), a.vendor],
                [t(hm.model), a.model],
                [t(hm.memory), f.bytes(a.memoryMb * 1024 * 1024)],
                [t(hm.providers), a.executionProviders.join(', ') || '—'],
                ...assetFacts(a),
              ]}
            />
            <Title order={2}>{t(hm.deploymentsHere)}</Title>
            <div data-testid="accelerator-deployments">
              <DeploymentTable deployments={a.deployments} label={t(hm.deploymentsHere)} />
            </div>
          </Stack>
        );
      }}
    </QueryState>
  );
}
