// The clicked packet's hops, as the engine traced them (api.packet(id)): where it was, the rules
// it hit, its headers before and after each hop (rewritten fields marked), and the conntrack
// entry the connection created. The row where a rule DNATed it carries data-dnat="true".

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { HeaderView, HopView, PacketView } from '../../engine/view/types.ts';
import { useStore } from '../store/index.ts';
import { changedFields, hitsText, hopWhere } from './format.ts';
import { dnatHopIndex, rewrote } from './path.ts';

function Header({ h, changed, side }: { h: HeaderView; changed: Set<keyof HeaderView>; side: 'before' | 'after' }) {
  const f = (k: keyof HeaderView, text: string) => (side === 'after' && changed.has(k) ? <mark>{text}</mark> : text);
  return (
    <code className="ps-hoplist__hdr">
      {f('src', h.src)}:{f('sport', String(h.sport))} → {f('dst', h.dst)}:{f('dport', String(h.dport))}
      {h.mark || changed.has('mark') ? <> mark {f('mark', `0x${h.mark.toString(16)}`)}</> : null}
    </code>
  );
}

function rewriteName(h: HopView): string | undefined {
  if (!rewrote(h)) return undefined;
  const dst = h.before.dst !== h.after.dst || h.before.dport !== h.after.dport;
  const src = h.before.src !== h.after.src || h.before.sport !== h.after.sport;
  if (h.direction === 'reply') return [src ? 'un-DNAT' : '', dst ? 'un-SNAT' : ''].filter(Boolean).join(' + ');
  return [dst ? 'DNAT' : '', src ? 'SNAT' : ''].filter(Boolean).join(' + ');
}

function HopRow({ hop, index, dnat, node }: { hop: HopView; index: number; dnat: boolean; node: string }) {
  const changed = changedFields(hop);
  const rw = rewriteName(hop);
  const ended = hop.verdict === 'DROP' || hop.verdict === 'REJECT' || hop.step === 'drop';
  const cls = ['ps-hoplist__hop', dnat ? 'is-dnat' : '', rw && !dnat ? 'is-rewrite' : '', ended ? 'is-ended' : '', hop.node === node && hop.hostKind === 'node' ? 'is-here' : ''].filter(Boolean).join(' ');
  return (
    <li className={cls} data-testid={`hop-${index}`} data-dnat={dnat ? 'true' : undefined} data-rewrite={rw} data-direction={hop.direction}>
      <div className="ps-hoplist__line">
        <span className="ps-hoplist__n">{index}</span>
        <span className="ps-hoplist__pkt" title={`${hop.before.proto} ${hop.packet}${hop.after.flags ? ` [${hop.after.flags}]` : ''}, ${hop.direction}`}>
          {hop.direction === 'reply' ? '←' : '→'} {hop.packet}
        </span>
        <span className="ps-hoplist__where">{hopWhere(hop)}</span>
        {rw ? <span className={`ps-hoplist__badge${dnat ? ' is-dnat' : ''}`}>{rw}</span> : null}
        {hop.verdict && hop.verdict !== 'ACCEPT' ? <span className="ps-hoplist__badge is-bad">{hop.verdict}</span> : null}
      </div>
      {hop.hits.length ? <div className="ps-hoplist__hits">{hitsText(hop)}</div> : null}
      <div className="ps-hoplist__hdrs">
        <span className="ps-hoplist__k">before</span> <Header h={hop.before} changed={changed} side="before" />
        <br />
        <span className="ps-hoplist__k">after</span> <Header h={hop.after} changed={changed} side="after" />
      </div>
      {hop.note ? <div className="ps-hoplist__note">{hop.note}</div> : null}
    </li>
  );
}

export function HopList({ id, node, onClose }: { id: number; node: string; onClose: () => void }) {
  const api = useStore((s) => s.api);
  const fromStore = useStore((s) => s.sim.packets.find((p) => p.id === id));
  const [fetched, setFetched] = useState<{ id: number; packet?: PacketView; missing?: boolean }>();
  const list = useRef<HTMLOListElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    api.packet(id).then(
      (packet) => live && setFetched(packet ? { id, packet } : { id, missing: true }),
      () => live && setFetched({ id, missing: true }),
    );
    return () => {
      live = false;
    };
  }, [api, id]);

  const packet = fetched?.id === id && fetched.packet ? fetched.packet : fromStore;
  const dnat = packet ? dnatHopIndex(packet) : -1;

  // Bring the DNAT row into view once the hops are there.
  useEffect(() => {
    list.current?.querySelector('[data-dnat="true"]')?.scrollIntoView?.({ block: 'center' });
  }, [packet?.id, dnat]);
  useEffect(() => closeRef.current?.focus({ preventScroll: true }), [id]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <aside className="ps-hoplist" data-testid="hop-list" data-packet-id={id} aria-label={`Hops of packet ${id}`} onKeyDown={onKey}>
      <header className="ps-hoplist__head">
        <div>
          <strong>Packet #{id}</strong>
          {packet ? (
            <span className="ps-hoplist__sum">
              {' '}
              {packet.from} → {packet.to} · <span className={packet.outcome === 'connected' ? 'is-ok' : 'is-bad'}>{packet.outcome}</span>
              {packet.destination ? ` · to ${packet.destination.pod ?? `${packet.destination.ip}`} ${packet.destination.ip}:${packet.destination.port}` : ''}
              {packet.sepChain ? ` · via ${packet.sepChain}` : ''}
            </span>
          ) : null}
        </div>
        <button ref={closeRef} type="button" className="ps-chains__btn" onClick={onClose} aria-label="Close hop list" title="Close (Esc)">
          ✕
        </button>
      </header>
      {!packet ? (
        <p className="ps-hoplist__hint">{fetched?.missing ? 'The engine no longer keeps this packet.' : 'Loading…'}</p>
      ) : (
        <>
          <ol className="ps-hoplist__hops" ref={list} tabIndex={0} aria-label="Hops">
            {packet.hops.map((h, i) => (
              <HopRow key={i} hop={h} index={i} dnat={i === dnat} node={node} />
            ))}
          </ol>
          <div className="ps-hoplist__ct">
            <span className="ps-hoplist__k">conntrack</span>
            <code data-testid="hop-conntrack">{packet.conntrack ?? '(no entry)'}</code>
          </div>
        </>
      )}
    </aside>
  );
}
