// The evidence path drawn as a small graph (xyflow): one node per evidence entity with its kind, one edge
// per relationship, labelled with its type. Loaded lazily (default export for React.lazy) so xyflow never
// weighs on the first load; the console starts fetching this module when it mounts, beside the answer.
import '@xyflow/react/dist/style.css';
import './evidence.css';
import { Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../../lib/i18n';
import { entityPath } from '../../lib/links';
import { evidenceName } from './messages';
import { layoutEvidence, type EvidenceInput } from './evidenceLayout';
import { ASSET_KIND, kindStyle } from './kinds';

type EvidenceNodeData = { name: string; kind: string; linked: boolean };
type EvidenceFlowNode = Node<EvidenceNodeData, 'evidence'>;

function EvidenceNodeView({ id, data }: NodeProps<EvidenceFlowNode>) {
  const { t, lang } = useI18n();
  const style = kindStyle(data.kind);
  const name = evidenceName(lang, data.name);
  const classes = ['evidence-node'];
  if (data.linked) classes.push('is-linked');
  if (ASSET_KIND[data.kind]) classes.push('is-asset');
  return (
    <div
      className={classes.join(' ')}
      data-testid="evidence-graph-node"
      data-id={id}
      data-kind={data.kind}
      title={`${name} (${t(style.name)})`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="evidence-badge" style={{ background: style.color }} aria-hidden="true">
        {style.mark}
      </span>
      <span className="evidence-text">
        <span className="evidence-name">{name}</span>
        <span className="evidence-kind">{t(style.name)}</span>
      </span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { evidence: memo(EvidenceNodeView) };
const defaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
  focusable: false,
  selectable: false,
};

export default function EvidenceGraph({
  evidence,
  linkedIds,
  label,
}: {
  evidence: EvidenceInput;
  linkedIds: string[];
  label: string;
}) {
  const navigate = useNavigate();
  const { nodes, edges, height } = useMemo(() => {
    const { placed, height } = layoutEvidence(evidence);
    const at = new Map(placed.map((p) => [p.id, p]));
    const nodes: EvidenceFlowNode[] = evidence.nodes.map((n) => ({
      id: n.id,
      type: 'evidence',
      position: { x: at.get(n.id)?.x ?? 0, y: at.get(n.id)?.y ?? 0 },
      data: { name: n.name, kind: n.label, linked: linkedIds.includes(n.id) },
    }));
    const edges: Edge[] = evidence.relationships.map((r, i) => ({
      id: `${r.from}-${r.type}-${r.to}-${i}`,
      source: r.from,
      target: r.to,
      label: r.order != null ? `${r.type} #${r.order}` : r.type,
    }));
    return { nodes, edges, height };
  }, [evidence, linkedIds]);
  return (
    <div
      className="evidence-canvas"
      data-testid="evidence-graph"
      role="figure"
      aria-label={label}
      style={{ height: Math.min(460, Math.max(220, height + 60)), border: '1px solid #dee2e6', borderRadius: 8 }}
    >
      <ReactFlow<EvidenceFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1 }}
        minZoom={0.2}
        onNodeClick={(_, node) => {
          const asset = ASSET_KIND[node.data.kind];
          if (asset) void navigate(entityPath(asset, node.id));
        }}
      />
    </div>
  );
}
