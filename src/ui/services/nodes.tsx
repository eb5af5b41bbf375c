// The Services view's xyflow node components. Each renders one derived graph node; its main
// area is a <button> so every object is reachable by keyboard (Tab, Enter) with visible focus.
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import { select, toggleExpanded, type Pulse } from '../store/index.ts';
import { UNSCHEDULED, type AddressData, type EndpointsData, type GraphNodeData, type NodeGroupData, type PodData, type PodStackData, type ServiceData, type SliceData, type StackData } from './graph.ts';

export type FlowData = {
  g: GraphNodeData;
  highlight?: boolean;
  pulse?: Pulse;
};
export type FlowNode = Node<FlowData>;

const hidden = { opacity: 0, pointerEvents: 'none' as const };

function Handles({ top = true, bottom = true }: { top?: boolean; bottom?: boolean }) {
  return (
    <>
      {top && <Handle type="target" position={Position.Top} isConnectable={false} style={hidden} />}
      {bottom && <Handle type="source" position={Position.Bottom} isConnectable={false} style={hidden} />}
    </>
  );
}

function kb(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function Box(props: { className: string; testId: string; highlight?: boolean; onClick: () => void; label: string; children: ReactNode; attrs?: Record<string, string> }) {
  return (
    <button
      type="button"
      className={`ps-node ${props.className}${props.highlight ? ' is-highlight' : ''}`}
      data-testid={props.testId}
      aria-label={props.label}
      onClick={props.onClick}
      {...props.attrs}
    >
      {props.children}
    </button>
  );
}

const ServiceNode = memo(function ServiceNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as ServiceData;
  return (
    <>
      <Box
        className="ps-service"
        testId={`svc-${d.namespace}-${d.name}`}
        highlight={data.highlight}
        label={`Service ${d.namespace}/${d.name}`}
        onClick={() => select({ kind: 'object', resource: 'services', namespace: d.namespace, name: d.name })}
      >
        <span className="ps-kind">Service · {d.type}</span>
        <span className="ps-title">{d.name}</span>
        <span className="ps-sub mono">{d.clusterIP ?? 'None'}{d.namespace !== 'default' ? ` · ${d.namespace}` : ''}</span>
        {d.ports.map((p) => (
          <span key={p} className="ps-sub mono">{p}</span>
        ))}
      </Box>
      <Handles top={false} />
    </>
  );
});

function Diff({ pulse }: { pulse: Pulse }) {
  const list = (items: string[]) => (items.length > 2 ? `${items.slice(0, 2).join(', ')} …` : items.join(', '));
  return (
    <span className="ps-diff mono" data-testid="pulse-diff">
      {pulse.added.length > 0 && <span className="plus" title={pulse.added.join('\n')}>+{pulse.added.length} {list(pulse.added)}</span>}
      {pulse.removed.length > 0 && <span className="minus" title={pulse.removed.join('\n')}>−{pulse.removed.length} {list(pulse.removed)}</span>}
      {pulse.added.length === 0 && pulse.removed.length === 0 && <span>updated</span>}
    </span>
  );
}

function Counts({ c }: { c: { ready: number; notReady: number; terminating: number } }) {
  return (
    <span className="ps-counts">
      <span className="st-ready">{c.ready} ready</span>
      {c.notReady > 0 && <span className="st-not-ready">{c.notReady} not ready</span>}
      {c.terminating > 0 && <span className="st-terminating">{c.terminating} terminating</span>}
    </span>
  );
}

const SliceNode = memo(function SliceNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as SliceData;
  const key = `${d.namespace}/${d.name}`;
  const pulsing = data.pulse !== undefined;
  return (
    <>
      <Handles />
      <Box
        className={`ps-slice${pulsing ? ' is-pulsing' : ''}${d.large ? ' is-large' : ''}`}
        testId={`slice-${d.namespace}-${d.name}`}
        highlight={data.highlight}
        label={`EndpointSlice ${key}, ${d.count} endpoints${d.collapsed ? ', collapsed' : ''}`}
        attrs={{ 'data-count': String(d.count), 'data-pulsing': String(pulsing) }}
        onClick={() => {
          select({ kind: 'object', resource: 'endpointslices', namespace: d.namespace, name: d.name });
          if (d.collapsed) toggleExpanded(key);
        }}
      >
        <span className="ps-kind">
          EndpointSlice · {d.count} endpoint{d.count === 1 ? '' : 's'}
        </span>
        <span className="ps-title">{d.name}</span>
        <Counts c={d} />
        {data.pulse ? (
          <Diff pulse={data.pulse} />
        ) : (
          <span className="ps-sub mono">
            {kb(d.bytes)} · rv {d.resourceVersion}
          </span>
        )}
      </Box>
      {d.large && (
        <button type="button" className="ps-expand" onClick={() => toggleExpanded(key)} aria-label={d.collapsed ? `Expand ${d.name}` : `Collapse ${d.name}`} data-testid={`expand-${d.namespace}-${d.name}`}>
          {d.collapsed ? '+' : '−'}
        </button>
      )}
    </>
  );
});

const EndpointsNode = memo(function EndpointsNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as EndpointsData;
  return (
    <>
      <Handles bottom={false} />
      <Box
        className="ps-endpoints"
        testId={`endpoints-${d.namespace}-${d.name}`}
        highlight={data.highlight}
        label={`Endpoints ${d.namespace}/${d.name} (legacy)`}
        onClick={() => select({ kind: 'object', resource: 'endpoints', namespace: d.namespace, name: d.name })}
      >
        <span className="ps-kind">Endpoints (legacy)</span>
        <span className="ps-title">{d.name}</span>
        <span className="ps-sub">
          {d.ready} ready{d.notReady > 0 ? `, ${d.notReady} not ready` : ''} · <span className="mono">{kb(d.bytes)}</span>
        </span>
      </Box>
    </>
  );
});

/** Long generated names keep their start and their distinguishing suffix:
 *  "auth-service-7b86fcccfd-4z4pm" → "auth-service-…-4z4pm". */
function shortName(name: string, max = 22): string {
  if (name.length <= max) return name;
  const rs = /^(.+)-[a-z0-9]{6,10}-([a-z0-9]{5})$/.exec(name);
  if (rs && rs[1]!.length + 8 <= max + 4) return `${rs[1]}-…-${rs[2]}`;
  const tail = name.slice(name.lastIndexOf('-'));
  return `${name.slice(0, Math.max(4, max - tail.length - 1))}…${tail}`;
}

const STATE_LABEL: Record<string, string> = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  terminating: 'Terminating',
  pending: 'Pending',
  failed: 'Failed',
  succeeded: 'Completed',
};

const PodNode = memo(function PodNode({ data, width }: NodeProps<FlowNode>) {
  const d = data.g as PodData;
  const compact = (width ?? 200) < 200;
  return (
    <>
      <Handles bottom={false} />
      <Box
        className={`ps-pod st-${d.state}${compact ? ' is-compact' : ''}`}
        testId={`pod-${d.namespace}-${d.name}`}
        highlight={data.highlight}
        label={`Pod ${d.namespace}/${d.name}, ${STATE_LABEL[d.state] ?? d.state}`}
        attrs={{ 'data-state': d.state, title: `${d.namespace}/${d.name}\n${d.ip ?? 'no IP'} · ${STATE_LABEL[d.state] ?? d.state}` }}
        onClick={() => select({ kind: 'object', resource: 'pods', namespace: d.namespace, name: d.name })}
      >
        <span className="ps-dot" aria-hidden="true" />
        <span className="ps-pod-text">
          <span className="ps-pod-name">{compact ? d.name.slice(d.name.lastIndexOf('-') + 1) : shortName(d.name)}</span>
          {!compact && (
            <span className="ps-sub mono">
              {d.ip ?? '—'} · {STATE_LABEL[d.state] ?? d.state}
            </span>
          )}
        </span>
      </Box>
    </>
  );
});

const StackNode = memo(function StackNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as StackData;
  return (
    <>
      <Handles bottom={false} />
      <Box
        className="ps-stack"
        testId={`stack-${d.slice.replace('/', '-')}-${d.node}`}
        highlight={data.highlight}
        label={`${d.count} pods of slice ${d.slice} on ${d.node}; expand`}
        attrs={{ 'data-count': String(d.count) }}
        onClick={() => toggleExpanded(d.slice)}
      >
        <span className="ps-title">{d.count} pods</span>
        <span className="ps-sub">of {d.slice.split('/')[1]}</span>
        <Counts c={d} />
      </Box>
    </>
  );
});

/** "3 pending, 2 failed" in PodState order. */
function stateList(states: PodStackData['states']): string {
  return Object.keys(STATE_LABEL)
    .filter((k) => states[k as keyof typeof states])
    .map((k) => `${states[k as keyof typeof states]} ${STATE_LABEL[k]!.toLowerCase()}`)
    .join(', ');
}

const PodStackNode = memo(function PodStackNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as PodStackData;
  const where = d.node === UNSCHEDULED ? 'unscheduled' : d.node;
  const allPending = d.states.pending === d.count;
  const what = `${d.count} ${allPending ? 'pending ' : ''}pod${d.count === 1 ? '' : 's'}`;
  return (
    <>
      <Handles bottom={false} />
      <Box
        className={`ps-stack ps-pod-stack${d.expanded ? ' is-expanded' : ''}`}
        testId={`stack-pending-${d.namespace}-${d.owner}-${where}`}
        highlight={data.highlight}
        label={`${what} of ${d.ownerKind} ${d.namespace}/${d.owner} on ${where}, in no EndpointSlice; ${d.expanded ? 'collapse' : 'expand'}`}
        attrs={{ 'data-count': String(d.count), 'data-expanded': String(d.expanded), 'data-drawn': String(d.drawn), title: stateList(d.states) }}
        onClick={() => toggleExpanded(d.key)}
      >
        <span className="ps-title">
          {what} {d.expanded ? '−' : '+'}
        </span>
        <span className="ps-sub">of {d.owner}</span>
        <span className="ps-counts">{allPending ? 'in no slice: no IP yet' : stateList(d.states)}</span>
        {d.expanded && d.drawn < d.count && <span className="ps-counts">showing {d.drawn} of {d.count}</span>}
      </Box>
    </>
  );
});

const AddressNode = memo(function AddressNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as AddressData;
  return (
    <>
      <Handles bottom={false} />
      <div className={`ps-node ps-address${data.highlight ? ' is-highlight' : ''}`} data-testid={`address-${d.ip}`} title="An endpoint that is not a pod (host network)">
        <span className="mono">{d.ip}</span> <span className="ps-kind">host address</span>
      </div>
    </>
  );
});

const NodeGroupNode = memo(function NodeGroupNode({ data }: NodeProps<FlowNode>) {
  const d = data.g as NodeGroupData;
  const unscheduled = d.name === UNSCHEDULED;
  return (
    <div className={`ps-group${d.ready ? '' : ' is-not-ready'}${data.highlight ? ' is-highlight' : ''}`} data-testid={`node-group-${d.name}`}>
      <button
        type="button"
        className="ps-group-head"
        aria-label={unscheduled ? 'Pending pods, not scheduled to a node' : `Node ${d.name}`}
        disabled={unscheduled}
        onClick={() => select({ kind: 'object', resource: 'nodes', namespace: '', name: d.name })}
      >
        <span className="ps-title">{unscheduled ? 'Pending (not scheduled)' : d.name}</span>
        {!unscheduled && (
          <span className="ps-sub mono">
            {d.ip}
            {d.podCIDR ? ` · ${d.podCIDR}` : ''}
            {d.ready ? '' : ' · NotReady'}
          </span>
        )}
      </button>
    </div>
  );
});

export const nodeTypes: NodeTypes = {
  service: ServiceNode,
  slice: SliceNode,
  endpoints: EndpointsNode,
  pod: PodNode,
  stack: StackNode,
  podStack: PodStackNode,
  address: AddressNode,
  nodeGroup: NodeGroupNode,
};
