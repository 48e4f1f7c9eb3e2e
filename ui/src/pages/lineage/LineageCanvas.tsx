// The xyflow canvas. Built for 2,000 nodes: only what is on screen is rendered
// (onlyRenderVisibleElements), node types are a module constant and nodes memoized, nothing is
// draggable or connectable, and no React state changes while panning or zooming.
import '@xyflow/react/dist/style.css';
import './lineage.css';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type Edge,
  type NodeMouseHandler,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useCallback } from 'react';
import { LineageNodeMemo, type LineageFlowNode } from './LineageNode';
import { KIND_STYLE } from './kinds';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

const nodeTypes = { lineage: LineageNodeMemo };
/** Above this many nodes the picture opens on its root at a readable zoom instead of fitting everything. */
const FIT_LIMIT = 200;
/**
 * How far out a large picture zooms. Zoomed out further, nearly every node is on screen and mounting them
 * as they come into view costs hundreds of ms a frame at 2,000 nodes; the minimap is the overview instead
 * (up to MINIMAP_LIMIT nodes), and the SVG/PNG export holds the whole picture.
 */
const LARGE_MIN_ZOOM = 0.2;
/** The minimap redraws its node rects as the viewport moves: ~30 ms a frame at 2,000 nodes, so only below this. */
const MINIMAP_LIMIT = 500;
const marker = { type: MarkerType.ArrowClosed, width: 16, height: 16 };
const minimapColor = (n: LineageFlowNode): string => KIND_STYLE[n.data.kind].color;
export const defaultEdgeOptions = { markerEnd: marker, focusable: false, selectable: false };

export function LineageCanvas({
  nodes,
  edges,
  rootId,
  label,
  onNodeClick,
  onNodeDoubleClick,
}: {
  nodes: LineageFlowNode[];
  edges: Edge[];
  rootId: string;
  label: string;
  onNodeClick: (id: string) => void;
  onNodeDoubleClick: (id: string) => void;
}) {
  const large = nodes.length > FIT_LIMIT;
  const huge = nodes.length > MINIMAP_LIMIT;
  const onInit = useCallback(
    (flow: ReactFlowInstance<LineageFlowNode, Edge>) => {
      if (!large) return;
      const root = flow.getNode(rootId);
      if (root)
        void flow.setCenter(root.position.x + NODE_WIDTH / 2, root.position.y + NODE_HEIGHT / 2, { zoom: 0.75 });
    },
    [large, rootId],
  );
  const click = useCallback<NodeMouseHandler<LineageFlowNode>>((_, node) => onNodeClick(node.id), [onNodeClick]);
  const doubleClick = useCallback<NodeMouseHandler<LineageFlowNode>>(
    (_, node) => onNodeDoubleClick(node.id),
    [onNodeDoubleClick],
  );
  return (
    <div className="lineage-canvas" style={{ height: '70vh', minHeight: 480 }} aria-label={label} role="figure">
      <ReactFlow<LineageFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        zoomOnDoubleClick={false}
        minZoom={large ? LARGE_MIN_ZOOM : 0.02}
        maxZoom={2}
        fitView={!large}
        fitViewOptions={{ maxZoom: 1.2 }}
        onInit={onInit}
        onNodeClick={click}
        onNodeDoubleClick={doubleClick}
      >
        <Background />
        <Controls showInteractive={false} />
        {!huge && <MiniMap<LineageFlowNode> pannable zoomable ariaLabel={label} nodeColor={minimapColor} />}
      </ReactFlow>
    </div>
  );
}
