// The Chains view: one node's nat table as kube-proxy wrote it — hooks → KUBE-SERVICES →
// KUBE-SVC-… → KUBE-SEP-… → pod — with live counters, the chains the last sync rewrote glowing,
// packets moving along the hops the engine traced, and a clicked packet's hop list.
// Reads the store (ui.node is the node); renders only what the engine reports.

import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SyncView } from '../../engine/view/types.ts';
import { select, setShowSystem, useStore } from '../store/index.ts';
import { ChainFlow } from './ChainFlow.tsx';
import './chains.css';
import { toChainGraph } from './graph.ts';
import { HopList } from './HopList.tsx';
import { packetPath } from './path.ts';
import { useChains } from './useChains.ts';

const GLOW_MS = 2500;
const EMPTY: never[] = [];

/** The node to show when none is chosen: the first worker, else the first node. */
function defaultNode(nodes: { name: string; roles: string[] }[] | undefined): string {
  if (!nodes?.length) return '';
  return (nodes.find((n) => !n.roles.includes('control-plane')) ?? nodes[0]!).name;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Chains of the newest sync: glowing for a moment after it arrives (always lit without animation). */
function useSyncGlow(sync: SyncView | undefined, animate: boolean, node: string): Set<string> {
  const seenAt = useRef<{ node: string; at?: number }>({ node });
  const [glowAt, setGlowAt] = useState<number>();
  useEffect(() => {
    const at = sync?.at;
    if (seenAt.current.node !== node || seenAt.current.at === undefined) {
      // A node just opened (or its chains just loaded): its last sync is not news.
      seenAt.current = { node, at };
      setGlowAt(undefined);
      return;
    }
    if (at === undefined || at === seenAt.current.at) return;
    seenAt.current.at = at;
    setGlowAt(at);
    if (!animate) return;
    const t = setTimeout(() => setGlowAt(undefined), GLOW_MS);
    return () => clearTimeout(t);
  }, [sync?.at, animate, node]);
  return useMemo(() => {
    if (!sync) return new Set<string>();
    if (!animate || glowAt === sync.at) return new Set(sync.chainsWritten);
    return new Set<string>();
  }, [sync, animate, glowAt]);
}

function SyncBadge({ sync }: { sync?: SyncView }) {
  if (!sync) return <span className="ps-chains__sync" data-testid="chains-sync">no sync yet</span>;
  return (
    <span
      className={`ps-chains__sync${sync.ok ? '' : ' is-bad'}`}
      data-testid="chains-sync"
      data-full={sync.full ? 'true' : 'false'}
      data-at={sync.at}
      title={`kube-proxy's last iptables-restore on this node (${sync.rules} rules)\nChains written: ${sync.chainsWritten.join(' ') || '(none)'}\nChains deleted: ${sync.chainsDeleted.join(' ') || '(none)'}\nServices: ${sync.servicesWritten.join(' ') || '(none)'}`}
    >
      sync <strong>{sync.full ? 'full' : 'partial'}</strong> @{seconds(sync.at)} · {sync.chainsWritten.length} chains written
      {sync.chainsDeleted.length ? `, ${sync.chainsDeleted.length} deleted` : ''}{sync.ok ? '' : ' · FAILED'}
    </span>
  );
}

export function ChainsView() {
  const chosen = useStore((s) => s.ui.node);
  const worldNodes = useStore((s) => s.sim.snapshot?.nodes);
  const pods = useStore((s) => s.sim.snapshot?.pods ?? EMPTY);
  const slices = useStore((s) => s.sim.snapshot?.slices ?? EMPTY);
  const showSystem = useStore((s) => s.ui.showSystem);
  const animate = useStore((s) => s.ui.animate);
  const hasApi = useStore((s) => !!s.api);
  const node = chosen || defaultNode(worldNodes);
  const { chains, error } = useChains(node);
  const [filter, setFilter] = useState('');
  const [openPacket, setOpenPacket] = useState<number>();

  const graph = useMemo(
    () => (chains ? toChainGraph(chains, pods, { filter, showSystem, nodes: worldNodes ?? [], slices }) : undefined),
    [chains, pods, filter, showSystem, worldNodes, slices],
  );
  const lastSyncSet = useMemo(() => new Set(chains?.lastSync?.chainsWritten ?? []), [chains?.lastSync]);
  const written = useSyncGlow(chains?.lastSync, animate, node);

  // Recent packets through this node, newest first (a keyboard way to the hop list).
  const packets = useStore((s) => s.sim.packets);
  const recent = useMemo(() => {
    if (!graph) return [];
    const out: { id: number; outcome: string; sep?: string }[] = [];
    for (let i = packets.length - 1; i >= 0 && out.length < 3; i--) {
      const p = packets[i]!;
      const path = packetPath(p, node, graph);
      if (path) out.push({ id: p.id, outcome: p.outcome, sep: path.sep });
    }
    return out;
  }, [packets, node, graph]);

  useEffect(() => setOpenPacket(undefined), [node]);

  const openHops = (id: number) => {
    setOpenPacket(id);
    select({ kind: 'packet', id });
  };

  const shown = graph?.servicePorts.filter((s) => s.shown).length ?? 0;
  const total = graph?.servicePorts.length ?? 0;
  const hasNat = !!chains?.tables.some((t) => t.name === 'nat' && t.chains.length > 0);

  return (
    <section className="ps-chains" data-testid="chains-view" data-node={node} aria-label={`iptables nat chains on ${node || 'no node'}`}>
      <div className="ps-chains__bar" role="toolbar" aria-label="Chains view">
        <span className="ps-chains__title" title="iptables nat table of this node (pick another in the top bar)">
          nat · <strong>{node || '—'}</strong>
        </span>
        <input
          type="search"
          className="ps-chains__filter"
          data-testid="chains-filter"
          placeholder="filter Service ports / chains"
          aria-label="Filter Service ports or chains"
          value={filter}
          list="ps-chains-ports"
          onChange={(e) => setFilter(e.target.value)}
        />
        <datalist id="ps-chains-ports">
          {graph?.servicePorts.map((s) => (
            <option key={s.servicePort} value={s.servicePort} />
          ))}
        </datalist>
        <label className="ps-chains__check">
          <input type="checkbox" data-testid="chains-show-system" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} /> kube-system
        </label>
        <span className="ps-chains__count" data-testid="chains-count" title={graph?.servicePorts.filter((s) => !s.shown).map((s) => `${s.servicePort} (${s.endpoints} endpoints)`).join('\n')}>
          {shown}/{total} Service ports
        </span>
        <SyncBadge sync={chains?.lastSync} />
        {recent.length ? (
          <span className="ps-chains__recent" aria-label="Recent packets through this node">
            {recent.map((r) => (
              <button
                key={r.id}
                type="button"
                className={`ps-chains__pkt${r.outcome === 'connected' ? '' : ' is-bad'}${openPacket === r.id ? ' is-open' : ''}`}
                data-testid={`chains-packet-${r.id}`}
                onClick={() => openHops(r.id)}
                title={`packet #${r.id}: ${r.outcome}${r.sep ? ` via ${r.sep}` : ''} — show its hops`}
              >
                #{r.id}
              </button>
            ))}
          </span>
        ) : null}
      </div>
      <div className="ps-chains__body">
        <div className="ps-chains__main">
          {!hasApi || (!chains && !error) ? (
            <p className="ps-chains__empty">Loading the chains of {node || 'the node'}…</p>
          ) : error ? (
            <p className="ps-chains__empty is-bad">Could not read the chains of {node}: {error}</p>
          ) : !hasNat || !graph ? (
            <p className="ps-chains__empty">{node} has no nat rules yet: kube-proxy has not synced on it.</p>
          ) : (
            <ReactFlowProvider>
              <ChainFlow graph={graph} node={node} lastSync={lastSyncSet} written={written} openPacket={openPacket} onOpenPacket={openHops} />
            </ReactFlowProvider>
          )}
        </div>
        {openPacket !== undefined ? <HopList id={openPacket} node={node} onClose={() => setOpenPacket(undefined)} /> : null}
      </div>
    </section>
  );
}

export default ChainsView;
