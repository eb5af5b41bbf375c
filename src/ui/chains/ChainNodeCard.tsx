// One node of the chain graph: a chain (name, Service port or DNAT target, packets that entered
// it) or the pod a SEP's DNAT leads to. The title is a button: click or Enter opens the chain's
// rules (or the pod's YAML) in the Inspector.

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { nodeTestId, type ChainFlowNode } from './flowTypes.ts';

function ChainNodeCardImpl({ data }: NodeProps<ChainFlowNode>) {
  const { node: n, written, lastSync, onPath, onOpen } = data;
  const cls = ['ps-chain', `ps-chain--${n.kind}`, written ? 'is-written' : '', onPath ? 'is-path' : ''].filter(Boolean).join(' ');
  const packets = n.kind === 'hook' ? `policy · ${n.packets}` : `${n.packets} pkts`;
  const title =
    n.kind === 'pod'
      ? `${n.pod ? `pod ${n.pod.namespace}/${n.pod.name}` : n.label} — ${n.sub ?? ''}; ${n.packets} packets DNATed here`
      : n.kind === 'more'
        ? `${n.label}: ${n.sub ?? ''}`
        : `${n.id} (nat) — ${n.rules ?? 0} rules; ${n.kind === 'hook' ? `${n.packets} packets reached the policy` : `${n.packets} packets jumped here`}${n.notes?.length ? `\n${n.notes.join('\n')}` : ''}`;
  return (
    <div
      className={cls}
      data-testid={nodeTestId(n)}
      data-packets={n.packets}
      data-kind={n.kind}
      data-written={written ? 'true' : undefined}
      data-last-sync={lastSync ? 'true' : undefined}
      data-on-path={onPath ? 'true' : undefined}
      title={title}
    >
      <Handle id="l" type="target" position={Position.Left} isConnectable={false} className="ps-chain__handle" />
      <Handle id="t" type="target" position={Position.Top} isConnectable={false} className="ps-chain__handle" />
      <button type="button" className="ps-chain__name nodrag" onClick={() => onOpen(n)} aria-label={`${n.label}: open in the Inspector`}>
        {n.label}
      </button>
      <div className="ps-chain__meta">
        {n.sub ? <span className="ps-chain__sub">{n.sub}</span> : <span className="ps-chain__sub" />}
        {n.kind !== 'more' ? <span className="ps-chain__count">{packets}</span> : null}
      </div>
      {n.kind !== 'hook' && n.kind !== 'pod' && n.kind !== 'more' && n.notes?.length ? <span className="ps-chain__note">{n.kind === 'mark' ? n.notes[0] : '↳ MARK-MASQ'}</span> : null}
      <Handle id="r" type="source" position={Position.Right} isConnectable={false} className="ps-chain__handle" />
      <Handle id="b" type="source" position={Position.Bottom} isConnectable={false} className="ps-chain__handle" />
    </div>
  );
}

export const ChainNodeCard = memo(ChainNodeCardImpl);
