// One node of the picture: a badge for its kind (colour and two letters), its name and its kind.
// Memoized and fed only plain data, so panning and zooming never re-render it.
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { LineageNodeKind } from '../../gql/graphql';
import { useI18n } from '../../lib/i18n';
import { KIND_STYLE } from './kinds';

export type LineageNodeData = {
  name: string;
  kind: LineageNodeKind;
  root: boolean;
  selected: boolean;
  /** In path mode: on the path to source data (true) or not (false); undefined outside path mode. */
  onPath?: boolean;
};
export type LineageFlowNode = Node<LineageNodeData, 'lineage'>;

function LineageNodeView({ id, data }: NodeProps<LineageFlowNode>) {
  const { t } = useI18n();
  const style = KIND_STYLE[data.kind];
  const classes = ['lineage-node'];
  if (data.root) classes.push('is-root');
  if (data.selected) classes.push('is-selected');
  if (data.onPath === true) classes.push('on-path');
  if (data.onPath === false) classes.push('off-path');
  return (
    <div
      className={classes.join(' ')}
      data-testid="lineage-node"
      data-id={id}
      data-kind={data.kind}
      data-on-path={data.onPath === undefined ? undefined : String(data.onPath)}
      title={`${data.name} (${t(style.name)})`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="lineage-badge" style={{ background: style.color }} aria-hidden="true">
        {style.mark}
      </span>
      <span className="lineage-text">
        <span className="lineage-name">{data.name}</span>
        <span className="lineage-kind">{t(style.name)}</span>
      </span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const LineageNodeMemo = memo(LineageNodeView);
