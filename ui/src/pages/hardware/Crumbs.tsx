// Breadcrumbs up the hardware tree (Hardware › cluster › node, or Hardware › edge node), so every
// hardware page links to what it sits in.
import { Anchor, Breadcrumbs } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { EntityLink } from '../serving/parts';
import { hm } from './messages';

export interface Crumb {
  kind: 'CLUSTER' | 'NODE' | 'EDGE_NODE';
  id: string;
  name: string;
}

export function Crumbs({ trail }: { trail: Crumb[] }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t(hm.breadcrumbs)}>
      <Breadcrumbs separator="›">
        <Anchor component={Link} to="/hardware">
          {t(hm.title)}
        </Anchor>
        {trail.map((c) => (
          <EntityLink key={c.id} kind={c.kind} id={c.id}>
            {c.name}
          </EntityLink>
        ))}
      </Breadcrumbs>
    </nav>
  );
}
