// A traced connection: where it went, every hop with its headers before and after (the DNAT
// rewrite marked), the rules it hit, and the conntrack entry it left.
import { useCallback } from 'react';
import type { HeaderView, HopView, PacketView } from '../../engine/view/types.ts';
import type { AsyncSimApi } from '../../worker/contract.ts';
import { select, useStore } from '../store/index.ts';
import { formatClock } from '../timeline/format.ts';
import { dnatText, firstDnat, hitsText, hopPlace, rewritesOf } from './hops.ts';
import { keyToSelection } from './selection.ts';
import { useApiQuery } from './useApi.ts';

/** One header line; fields that differ from `other` are marked. */
function Header({ h, other, label }: { h: HeaderView; other?: HeaderView; label: string }) {
  const m = (changed: boolean, text: string) => (changed ? <mark>{text}</mark> : text);
  const o = other ?? h;
  return (
    <div className="ps-hop__hdr">
      <span className="ps-hop__hdrlabel">{label}</span>
      <code>
        {h.proto} {m(h.src !== o.src, h.src)}:{m(h.sport !== o.sport, String(h.sport))} → {m(h.dst !== o.dst, h.dst)}:
        {m(h.dport !== o.dport, String(h.dport))}
        {h.flags ? ` [${h.flags}]` : ''}
        {h.mark || o.mark ? <> mark={m(h.mark !== o.mark, `0x${h.mark.toString(16)}`)}</> : null}
      </code>
    </div>
  );
}

function Hop({ hop, index }: { hop: HopView; index: number }) {
  const rewrites = rewritesOf(hop);
  const dnat = rewrites.includes('DNAT');
  return (
    <li className={`ps-hop${dnat ? ' is-dnat' : ''}${hop.verdict === 'DROP' || hop.step === 'drop' ? ' is-drop' : ''}`} data-testid="inspector-hop" data-hop={index} data-dnat={dnat ? 'true' : undefined} tabIndex={-1}>
      <div className="ps-hop__head">
        <span className="ps-hop__n">{index + 1}</span>
        <span className="ps-hop__pkt">{hop.packet}</span>
        <span className="ps-hop__dir">{hop.direction}</span>
        <span className="ps-hop__place">{hopPlace(hop)}</span>
        {rewrites.map((r) => (
          <span key={r} className={`ps-badge ps-badge--${r === 'DNAT' ? 'dnat' : 'nat'}`}>
            {r}
          </span>
        ))}
        {hop.verdict && <span className={`ps-badge ps-badge--${hop.verdict === 'ACCEPT' ? 'ok' : 'bad'}`}>{hop.verdict}</span>}
      </div>
      <Header h={hop.before} label="in" />
      {rewrites.length > 0 && <Header h={hop.after} other={hop.before} label="out" />}
      {hop.hits.length > 0 && <div className="ps-hop__hits">{hitsText(hop)}</div>}
      {hop.note && <div className="ps-hop__note">{hop.note}</div>}
    </li>
  );
}

function ObjectLink({ refKey, children }: { refKey: string; children: string }) {
  const sel = keyToSelection(refKey);
  if (!sel) return <>{children}</>;
  return (
    <button type="button" className="ps-link" onClick={() => select(sel)}>
      {children}
    </button>
  );
}

/** Scrolls the hop list (when shown) to hop `i` and focuses it. */
function showHop(i: number): void {
  const el = document.querySelector<HTMLElement>(`[data-testid="inspector-hop"][data-hop="${i}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'nearest' });
  el.focus();
}

export function PacketSummary({ p }: { p: PacketView }) {
  const node = p.hops.find((h) => h.node)?.node;
  const dnat = firstDnat(p.hops);
  return (
    <dl className="ps-inspector__facts">
      <dt>At</dt>
      <dd>{formatClock(p.at)} ({p.source})</dd>
      <dt>From</dt>
      <dd>{p.from.startsWith('pod/') ? <ObjectLink refKey={p.from}>{p.from.slice(4)}</ObjectLink> : p.from}</dd>
      <dt>To</dt>
      <dd>
        {p.proto} {p.to}
      </dd>
      {p.service && (
        <>
          <dt>Service</dt>
          <dd>
            <ObjectLink refKey={`svc/${p.service}`}>{p.service}</ObjectLink>
          </dd>
        </>
      )}
      <dt>Outcome</dt>
      <dd className={`ps-outcome ps-outcome--${p.outcome}`}>{p.outcome}</dd>
      {p.destination && (
        <>
          <dt>Landed on</dt>
          <dd>
            {p.destination.ip}:{p.destination.port}
          </dd>
        </>
      )}
      {p.destination?.pod && (
        <>
          <dt>Pod</dt>
          <dd>
            <ObjectLink refKey={`pod/${p.destination.pod}`}>{p.destination.pod}</ObjectLink>
          </dd>
        </>
      )}
      {p.sepChain && (
        <>
          <dt>Endpoint chain</dt>
          <dd>{node ? <ObjectLink refKey={`chain/${node}/${p.sepChain}`}>{p.sepChain}</ObjectLink> : p.sepChain}</dd>
        </>
      )}
      {dnat && (
        <>
          <dt>DNAT</dt>
          <dd>
            <button type="button" className="ps-link" onClick={() => showHop(dnat.index)} title="Show that hop">
              {dnatText(dnat.hop)}
            </button>{' '}
            at hop {dnat.index + 1} ({hopPlace(dnat.hop)})
          </dd>
        </>
      )}
      <dt>Masqueraded</dt>
      <dd>{p.masqueraded ? 'yes' : 'no'}</dd>
    </dl>
  );
}

export function PacketPanel({ id }: { id: number }) {
  const cached = useStore((s) => s.sim.packets.find((p) => p.id === id));
  const fetch = useCallback((api: AsyncSimApi) => api.packet(id), [id]);
  const q = useApiQuery(`packet/${id}`, fetch, 0);
  const p = q.data ?? cached;
  if (!p) return <p className="ps-inspector__hint">{q.loading ? 'Loading…' : `Connection #${id} is no longer kept.`}</p>;
  return (
    <>
      <section className="ps-inspector__section" aria-label="Connection">
        <PacketSummary p={p} />
      </section>
      <section className="ps-inspector__section" aria-label="Hops">
        <h3 className="ps-inspector__h3">Hops ({p.hops.length})</h3>
        <ol className="ps-hops" data-testid="inspector-hops">
          {p.hops.map((h, i) => (
            <Hop key={i} hop={h} index={i} />
          ))}
        </ol>
      </section>
      {p.conntrack && (
        <section className="ps-inspector__section" aria-label="conntrack">
          <p className="ps-inspector__cmd">
            Its entry in <code>conntrack -L</code>
            {p.hops[0]?.node ? ` on ${p.hops[0].node}` : ''}:
          </p>
          <pre className="ps-inspector__pre" data-testid="inspector-conntrack" tabIndex={0}>
            {p.conntrack}
          </pre>
        </section>
      )}
    </>
  );
}
