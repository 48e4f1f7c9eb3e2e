// The lineage picture of one root: the walk (paged to the end, up to a cap), nodes expanded by click,
// the path to source data in path mode; the kind filter, the counts of what is hidden, export.
// Direction, depth, hidden kinds and path mode live in the URL, so a picture has a stable address.
import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Edge } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorState, NotFound, PageLoader } from '../../components/PageState';
import type { LineageDirection } from '../../gql/graphql';
import { useAccessToken } from '../../lib/graphql';
import { useFormat, useI18n } from '../../lib/i18n';
import { entityPath, lineagePath } from '../../lib/links';
import { fetchLineage, fetchSourcePath, PICTURE_CAP, type LineageFetch } from './api';
import { Controls, MAX_DEPTH } from './Controls';
import { buildSvg, download, svgToPng } from './exportImage';
import { KIND_STYLE } from './kinds';
import { useLayout } from './layout';
import { LineageCanvas } from './LineageCanvas';
import type { LineageFlowNode } from './LineageNode';
import { filterKinds, merge, type Part } from './model';
import { m } from './messages';

const DIRECTIONS: readonly LineageDirection[] = ['UPSTREAM', 'DOWNSTREAM', 'BOTH'];

function usePictureParams() {
  const [params, setParams] = useSearchParams();
  const rawDirection = params.get('direction') as LineageDirection | null;
  const direction: LineageDirection = rawDirection && DIRECTIONS.includes(rawDirection) ? rawDirection : 'UPSTREAM';
  const rawDepth = Number.parseInt(params.get('depth') ?? '', 10);
  const depth = Number.isInteger(rawDepth) && rawDepth >= 0 && rawDepth <= MAX_DEPTH ? rawDepth : 5;
  const hiddenParam = params.get('hide') ?? '';
  const hidden = useMemo(() => new Set(hiddenParam.split(',').filter(Boolean)), [hiddenParam]);
  const pathMode = params.get('path') === '1';
  const set = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { direction, depth, hidden, pathMode, set };
}

export function LineageView({ id }: { id: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const token = useAccessToken();
  const navigate = useNavigate();
  const { direction, depth, hidden, pathMode, set } = usePictureParams();

  const walk = useQuery<LineageFetch | null, Error>({
    queryKey: ['LineagePicture', id, direction, depth],
    queryFn: () => fetchLineage(token, id, direction, depth),
    enabled: token !== undefined,
    staleTime: 60_000,
  });
  const rootKind = walk.data?.root.kind;
  const pathAvailable = rootKind === 'DEPLOYMENT';
  const approvedLabel = useCallback(
    (who: string, at: string | null | undefined) =>
      at ? t(m.approved, { who, at: format.dateTime(at) }) : t(m.approvedNoTime, { who }),
    [t, format],
  );
  const path = useQuery({
    queryKey: ['LineagePictureProvenance', id],
    queryFn: () => fetchSourcePath(token, id, approvedLabel),
    enabled: token !== undefined && pathMode && pathAvailable,
    staleTime: 60_000,
  });

  // Expansions belong to one walk: a new direction or depth starts from the walk alone.
  const walkKey = `${id}|${direction}|${depth}`;
  const [expansions, setExpansions] = useState<{ key: string; parts: Part[]; done: Set<string> }>({
    key: walkKey,
    parts: [],
    done: new Set(),
  });
  const current = expansions.key === walkKey ? expansions : { key: walkKey, parts: [], done: new Set<string>() };
  const [expanding, setExpanding] = useState<string | null>(null);
  const [expandError, setExpandError] = useState<Error | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const merged = useMemo(
    () => merge([walk.data, ...current.parts, pathMode ? path.data : null]),
    [walk.data, current.parts, pathMode, path.data],
  );
  const filtered = useMemo(() => filterKinds(merged, hidden, id), [merged, hidden, id]);
  const onPath = useMemo(
    () => (pathMode && path.data ? new Set(path.data.nodes.map((n) => n.id)) : null),
    [pathMode, path.data],
  );

  // The layout depends on which nodes and edges are drawn, not on selection or path highlighting.
  const nodeIds = useMemo(() => filtered.nodes.map((n) => n.id), [filtered.nodes]);
  const layout = useLayout(nodeIds, filtered.edges);

  const flowNodes = useMemo<LineageFlowNode[]>(() => {
    const positions = layout.positions;
    if (!positions) return [];
    return filtered.nodes
      .filter((n) => positions[n.id])
      .map((n) => ({
        id: n.id,
        type: 'lineage',
        position: positions[n.id]!,
        width: 220,
        height: 52,
        data: {
          name: n.name,
          kind: n.kind,
          root: n.id === id,
          selected: n.id === selected,
          ...(onPath ? { onPath: onPath.has(n.id) } : {}),
        },
      }));
  }, [filtered.nodes, layout.positions, id, selected, onPath]);
  const flowEdges = useMemo<Edge[]>(
    () =>
      filtered.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        ...(e.label ? { label: e.label } : {}),
        ...(onPath?.has(e.source) && onPath.has(e.target) ? { className: 'on-path', animated: false } : {}),
      })),
    [filtered.edges, onPath],
  );

  const expand = useCallback(
    async (nodeId: string) => {
      setSelected(nodeId);
      if (current.done.has(nodeId) || expanding) return;
      setExpanding(nodeId);
      setExpandError(null);
      try {
        const more = await fetchLineage(token, nodeId, 'BOTH', 1);
        setExpansions((e) => {
          const base = e.key === walkKey ? e : { key: walkKey, parts: [], done: new Set<string>() };
          return {
            key: walkKey,
            parts: more ? [...base.parts, more] : base.parts,
            done: new Set([...base.done, nodeId]),
          };
        });
      } catch (error) {
        setExpandError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        setExpanding(null);
      }
    },
    [current.done, expanding, token, walkKey],
  );
  const open = useCallback(
    (nodeId: string) => {
      const n = merged.nodes.get(nodeId);
      if (n) void navigate(entityPath(n.kind, n.id));
    },
    [merged.nodes, navigate],
  );

  const image = useCallback(() => {
    if (!layout.positions) throw new Error('the picture is not laid out yet');
    return buildSvg(filtered.nodes, filtered.edges, layout.positions, {
      title: t(m.titleOf, { name: walk.data?.root.name ?? id }),
      kindName: (k) => t(KIND_STYLE[k].name),
      onPath,
    });
  }, [filtered.nodes, filtered.edges, layout.positions, onPath, t, walk.data, id]);
  const exportSvg = useCallback(() => {
    try {
      setExportError(null);
      download(new Blob([image().svg], { type: 'image/svg+xml' }), `lineage-${id}.svg`);
    } catch (error) {
      setExportError(error instanceof Error ? error : new Error(String(error)));
    }
  }, [image, id]);
  const exportPng = useCallback(() => {
    setExportError(null);
    Promise.resolve()
      .then(() => svgToPng(image()))
      .then((png) => download(png, `lineage-${id}.png`))
      .catch((error: unknown) => setExportError(error instanceof Error ? error : new Error(String(error))));
  }, [image, id]);

  if (walk.error) return <ErrorState error={walk.error} />;
  if (walk.isPending) return <PageLoader />;
  if (walk.data === null) return <NotFound what={t(m.what)} />;
  const data = walk.data;
  const selectedNode = selected ? merged.nodes.get(selected) : undefined;
  const hiddenByCap = data.totalCount - data.nodes.length;

  return (
    <Stack>
      <Title order={1}>{t(m.titleOf, { name: data.root.name })}</Title>
      <Text size="sm">
        <Anchor component={Link} to={entityPath(data.root.kind, data.root.id)}>
          {t(KIND_STYLE[data.root.kind].name)}: {data.root.name}
        </Anchor>
        {' · '}
        {t(m.help)}
      </Text>
      <Group align="flex-start" wrap="nowrap" gap="md">
        <Controls
          direction={direction}
          onDirection={(d) => set('direction', d === 'UPSTREAM' ? null : d)}
          depth={depth}
          onDepth={(d) => set('depth', d === 5 ? null : String(d))}
          hidden={hidden}
          onHiddenKinds={(kinds) => set('hide', kinds.join(','))}
          countByKind={filtered.countByKind}
          pathMode={pathMode}
          pathAvailable={pathAvailable}
          onPathMode={(on) => set('path', on ? '1' : null)}
          onExportSvg={exportSvg}
          onExportPng={exportPng}
          exportDisabled={!layout.positions}
        />
        <Stack style={{ flex: 1, minWidth: 0 }} gap="xs">
          <Group gap="md" data-testid="lineage-counts">
            <Text size="sm" data-testid="lineage-shown" data-nodes={flowNodes.length} data-edges={flowEdges.length}>
              {t(m.shown, { n: format.number(filtered.nodes.length), e: format.number(filtered.edges.length) })}
            </Text>
            {filtered.hiddenTotal > 0 && (
              <Text size="sm" data-testid="lineage-hidden-kind" data-count={filtered.hiddenTotal}>
                {t(m.hiddenByKind, { n: format.number(filtered.hiddenTotal) })}
              </Text>
            )}
            {hiddenByCap > 0 && (
              <Text size="sm" data-testid="lineage-hidden-cap" data-count={hiddenByCap}>
                {t(m.hiddenByCap, { n: format.number(hiddenByCap), cap: format.number(PICTURE_CAP) })}
              </Text>
            )}
            <Text
              size="sm"
              c="dimmed"
              data-testid="lineage-timing"
              data-api-ms={Math.round(data.apiMs)}
              data-layout-ms={layout.ms === null ? undefined : Math.round(layout.ms)}
            >
              {t(m.apiTime, {
                api: format.number(data.apiMs),
                layout: layout.ms === null ? '…' : format.number(layout.ms),
              })}
            </Text>
            {(layout.pending || expanding) && (
              <Group gap={4}>
                <Loader size="xs" aria-hidden="true" />
                <Text size="sm" role="status">
                  {expanding
                    ? t(m.expanding, { name: merged.nodes.get(expanding)?.name ?? expanding })
                    : t(m.layingOut)}
                </Text>
              </Group>
            )}
          </Group>
          {data.truncated && (
            <Alert color="yellow" data-testid="lineage-truncated">
              {t(m.truncated, { depth })}
            </Alert>
          )}
          {pathMode && path.data?.truncated && <Alert color="yellow">{t(m.pathTruncated)}</Alert>}
          {path.error && <ErrorState error={path.error} />}
          {expandError && (
            <Alert color="red" title={t(m.expandFailed)} role="alert">
              {expandError.message}
            </Alert>
          )}
          {exportError && (
            <Alert color="red" title={t(m.exportFailed)} role="alert">
              {exportError.message}
            </Alert>
          )}
          {layout.error && (
            <Alert color="red" title={t(m.layoutFailed)} role="alert">
              {layout.error}
            </Alert>
          )}
          {selectedNode && (
            <Group gap="sm" data-testid="lineage-selected">
              <Text size="sm">
                {t(m.selected)}: {t(KIND_STYLE[selectedNode.kind].name)} · {selectedNode.name}
              </Text>
              <Anchor size="sm" component={Link} to={entityPath(selectedNode.kind, selectedNode.id)}>
                {t(m.openPage)}
              </Anchor>
              <Anchor size="sm" component={Link} to={lineagePath(selectedNode.id)}>
                {t(m.lineageFrom)}
              </Anchor>
            </Group>
          )}
          {flowNodes.length > 0 ? (
            <LineageCanvas
              nodes={flowNodes}
              edges={flowEdges}
              rootId={id}
              label={t(m.picture)}
              onNodeClick={(nodeId) => void expand(nodeId)}
              onNodeDoubleClick={open}
            />
          ) : (
            <PageLoader />
          )}
        </Stack>
      </Group>
    </Stack>
  );
}
