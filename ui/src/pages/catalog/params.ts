// The catalog's state lives in the URL (q, kind, org, status and the trail of page cursors), so a link
// reproduces the same search, filters and page, and the header's search box only has to navigate.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { AssetKind, AssetStatus } from '../../gql/graphql';
import { asKinds, asStatuses } from './labels';

export interface CatalogParams {
  q: string;
  kinds: AssetKind[];
  org: string | null;
  statuses: AssetStatus[];
  /** Cursors of the pages before this one; the last is this page's `after`. */
  trail: string[];
}

export function useCatalogParams(): [CatalogParams, (next: Partial<CatalogParams>) => void] {
  const [search, setSearch] = useSearchParams();
  const params = readParams(search);
  const update = useCallback(
    (next: Partial<CatalogParams>) => {
      setSearch((current) => {
        const merged = { ...readParams(current), ...next };
        // A new query or filter starts again from the first page.
        if (!('trail' in next)) merged.trail = [];
        const out = new URLSearchParams();
        if (merged.q) out.set('q', merged.q);
        for (const kind of merged.kinds) out.append('kind', kind);
        if (merged.org) out.set('org', merged.org);
        for (const status of merged.statuses) out.append('status', status);
        if (merged.trail.length > 0) out.set('pages', merged.trail.join(','));
        return out;
      });
    },
    [setSearch],
  );
  return [params, update];
}

const readParams = (search: URLSearchParams): CatalogParams => ({
  q: search.get('q') ?? '',
  kinds: asKinds(search.getAll('kind')),
  org: search.get('org'),
  statuses: asStatuses(search.getAll('status')),
  trail: (search.get('pages') ?? '').split(',').filter(Boolean),
});
