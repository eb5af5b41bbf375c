// An edge of the chain graph: one rule's jump (or a SEP's DNAT), labelled with what the rule
// matches — the ClusterIP:port, the probability kube-proxy wrote — and how many packets took it.

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { testIdOf, type ChainFlowEdge } from './flowTypes.ts';
import { edgeText } from './layout.ts';

function RuleEdgeImpl({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<ChainFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  if (!data) return <BaseEdge id={id} path={path} />;
  const { edge: e, onPath } = data;
  const text = edgeText(e);
  const cls = ['ps-rule', `ps-rule--${e.kind}`, e.packets > 0 ? 'is-used' : '', onPath ? 'is-path' : ''].filter(Boolean).join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} markerEnd={markerEnd} />
      {text ? (
        <EdgeLabelRenderer>
          <div
            className={`ps-rule__label ps-rule__label--${e.kind}${onPath ? ' is-path' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-${testIdOf(e.source)}-${testIdOf(e.target)}`}
            data-probability={e.probability}
            data-packets={e.packets}
            data-rule={e.rule}
            title={`${e.source} rule ${e.rule ?? ''}: ${e.label || 'all packets'} → ${e.target}${e.packets ? ` (${e.packets} packets)` : ''}`}
          >
            {text}
            {e.packets > 0 && e.kind !== 'dnat' ? <span className="ps-rule__n">{e.packets}</span> : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const RuleEdge = memo(RuleEdgeImpl);
