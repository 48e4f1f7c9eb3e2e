// Pieces shared by the serving and hardware pages: status badges, a facts table, links to a page's
// graph neighbours and a deployments table, so every page shows a deployment the same way.
import { Anchor, Badge, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { sm } from './messages';

// Filled badges with white text at ≥ 4.5:1 contrast (axe): Mantine's darkest green (green.9) is 4.36:1,
// so READY/ONLINE use a darker green; shade 6 of any colour fails.
const DEPLOYMENT_COLORS: Record<string, string> = {
  READY: '#1b5e20',
  PENDING: 'blue.9',
  FAILED: 'red.9',
  STOPPED: 'gray.7',
};
const EDGE_COLORS: Record<string, string> = {
  ONLINE: '#1b5e20',
  OFFLINE: 'gray.7',
  MAINTENANCE: 'violet.9',
  UNKNOWN: 'gray.7',
};

export function StatusBadge({ status, edge = false }: { status: string; edge?: boolean }) {
  const color = (edge ? EDGE_COLORS : DEPLOYMENT_COLORS)[status] ?? 'gray.7';
  return (
    <Badge color={color} variant="filled" data-testid="status">
      {status}
    </Badge>
  );
}

/** A two-column table of labelled facts; rows whose value is null or undefined are left out. */
export function Facts({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return (
    <Table withRowBorders={false} verticalSpacing={4} aria-label={label} maw={900}>
      <Table.Tbody>
        {shown.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th scope="row" w={220} style={{ verticalAlign: 'top' }}>
              {name}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A link to an entity's page (links.ts decides the URL). */
export function EntityLink({
  kind,
  id,
  parentId,
  children,
}: {
  kind: string;
  id: string;
  parentId?: string;
  children: ReactNode;
}) {
  return (
    <Anchor component={Link} to={entityPath(kind, id, parentId)}>
      {children}
    </Anchor>
  );
}

export function OrgLink({ org }: { org: { id: string; name: string } }) {
  return (
    <EntityLink kind="ORG" id={org.id}>
      {org.name}
    </EntityLink>
  );
}

export interface VersionRef {
  id: string;
  version: number;
  model: { id: string; name: string };
}

/** "model name v3", linked to the model page with that version selected. */
export function VersionLink({ version }: { version: VersionRef }) {
  return (
    <EntityLink kind="MODEL_VERSION" id={version.id} parentId={version.model.id}>
      {version.model.name} v{version.version}
    </EntityLink>
  );
}

export interface DeploymentRow {
  id: string;
  name: string;
  status: string;
  executionProvider?: string | null;
  createdAt?: string;
  modelVersion?: VersionRef | null;
}

/** Deployments as a table: name (linked), status, provider, the version served, created. */
export function DeploymentTable({ deployments, label }: { deployments: DeploymentRow[]; label: string }) {
  const { t } = useI18n();
  const f = useFormat();
  if (deployments.length === 0) return <Text>{t(sm.noDeployments)}</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label={label} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t(sm.deployment)}</Table.Th>
            <Table.Th>{t(sm.status)}</Table.Th>
            <Table.Th>{t(sm.provider)}</Table.Th>
            <Table.Th>{t(sm.modelVersion)}</Table.Th>
            <Table.Th>{t(sm.created)}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deployments.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <EntityLink kind="DEPLOYMENT" id={d.id}>
                  {d.name}
                </EntityLink>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={d.status} />
              </Table.Td>
              <Table.Td>{d.executionProvider ?? '—'}</Table.Td>
              <Table.Td>{d.modelVersion ? <VersionLink version={d.modelVersion} /> : t(sm.hiddenVersion)}</Table.Td>
              <Table.Td>{d.createdAt ? f.dateTime(d.createdAt) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Tags as small outline badges (dark text: readable at any size). */
export function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <>
      {tags.map((tag) => (
        <Badge key={tag} variant="outline" color="dark" mr={4} tt="none">
          {tag}
        </Badge>
      ))}
    </>
  );
}

interface AssetCommon {
  owner: { id: string; name: string };
  description: string;
  tags: string[];
  createdAt: string;
  createdBy: string;
  updatedAt?: string | null;
  archived: boolean;
}

/**
 * The facts every asset page shows alike (owner, description, tags, created, updated, archived), with
 * `extra` rows of the page's own before "archived".
 */
export function useAssetFacts() {
  const { t } = useI18n();
  const f = useFormat();
  return (a: AssetCommon, extra: [string, ReactNode][] = []): [string, ReactNode][] => [
    [t(sm.owner), <OrgLink org={a.owner} />],
    [t(sm.description), a.description],
    [t(sm.tags), a.tags.length ? <Tags tags={a.tags} /> : null],
    [t(sm.created), `${f.dateTime(a.createdAt)} · ${a.createdBy}`],
    [t(sm.updated), a.updatedAt ? f.dateTime(a.updatedAt) : null],
    ...extra,
    [t(sm.archived), a.archived ? t(sm.yes) : null],
  ];
}
