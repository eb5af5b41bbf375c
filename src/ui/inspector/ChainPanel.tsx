// One chain of one node: its rules with live counters (the engine's ChainView) and the same
// chain as `iptables-save -c` prints it. Jump targets open the chain they jump to.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChainsSnapshot, ChainView, RuleView } from '../../engine/view/types.ts';
import type { AsyncSimApi } from '../../worker/contract.ts';
import { select, type Selection } from '../store/index.ts';
import { formatBytes } from '../timeline/format.ts';
import { findChain } from './selection.ts';
import { useApiQuery, useChangeTick } from './useApi.ts';

interface ChainData {
  snap: ChainsSnapshot;
  table?: string;
  chain?: ChainView;
  text: string;
}

/** Two table rows per rule: counters and target, then the rule text across the panel's width. */
function RuleRows({ node, table, rule, hot }: { node: string; table: string; rule: RuleView; hot: boolean }) {
  const open = rule.jumpTo ? () => select({ kind: 'chain', node, table, chain: rule.jumpTo! }) : undefined;
  const cls = hot ? 'is-hot' : undefined;
  return (
    <>
      <tr className={cls} data-rule={rule.number} data-target={rule.target ?? ''}>
        <td className="num">{rule.number}</td>
        <td className="num" title={`${rule.packets} packets`}>{rule.packets}</td>
        <td className="num" title={`${rule.bytes} bytes`}>{rule.bytes}</td>
        <td className="target">
          {open ? (
            <button type="button" className="ps-link" onClick={open} title={`Open ${rule.jumpTo}`}>
              {rule.target ?? rule.jumpTo}
            </button>
          ) : (
            (rule.target ?? '')
          )}
          {rule.probability && <span className="ps-inspector__prob"> p={rule.probability}</span>}
        </td>
      </tr>
      <tr className={`ps-inspector__ruletext${cls ? ` ${cls}` : ''}`}>
        <td colSpan={4}>
          <code>{rule.text}</code>
        </td>
      </tr>
    </>
  );
}

export function ChainPanel({ sel }: { sel: Extract<Selection, { kind: 'chain' }> }) {
  const tick = useChangeTick(500);
  const fetch = useCallback(
    async (api: AsyncSimApi): Promise<ChainData> => {
      const snap = await api.chains(sel.node);
      const found = findChain(snap, sel.table, sel.chain);
      const text = found ? await api.chainText(sel.node, found.table.name, sel.chain) : '';
      return { snap, table: found?.table.name, chain: found?.chain, text };
    },
    [sel.node, sel.table, sel.chain],
  );
  const q = useApiQuery(`${sel.node}/${sel.table}/${sel.chain}`, fetch, tick);

  // Rules whose packet counter grew since the previous answer are marked (what just matched).
  const chain = q.data?.chain;
  const prev = useRef<Map<number, number> | undefined>(undefined);
  const [hot, setHot] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    if (!chain) return;
    const before = prev.current;
    const next = new Set<number>();
    if (before) for (const r of chain.rules) if ((before.get(r.number) ?? r.packets) < r.packets) next.add(r.number);
    prev.current = new Map(chain.rules.map((r) => [r.number, r.packets]));
    setHot(next);
  }, [chain]);

  if (q.error) return <p className="ps-inspector__error">{q.error}</p>;
  if (q.loading || !q.data) return <p className="ps-inspector__hint">Loading…</p>;
  if (!chain || !q.data.table) return <p className="ps-inspector__hint">{sel.chain} does not exist on {sel.node} (any more).</p>;
  const table = q.data.table;
  return (
    <>
      <section className="ps-inspector__section" aria-label="Chain">
        <dl className="ps-inspector__facts">
          <dt>Node</dt>
          <dd>{sel.node}</dd>
          <dt>Table</dt>
          <dd>{table}</dd>
          {chain.policy && (
            <>
              <dt>Policy</dt>
              <dd>
                {chain.policy} ({chain.packets} packets, {formatBytes(chain.bytes)})
              </dd>
            </>
          )}
          {chain.servicePort && (
            <>
              <dt>Service port</dt>
              <dd>{chain.servicePort}</dd>
            </>
          )}
          <dt>Rules</dt>
          <dd>{chain.rules.length}</dd>
        </dl>
        <div className="ps-inspector__tablewrap" tabIndex={0} aria-label={`Rules of ${chain.name}`}>
          <table className="ps-inspector__rules" data-testid="inspector-rules">
            <thead>
              <tr>
                <th scope="col" className="num">#</th>
                <th scope="col" className="num">pkts</th>
                <th scope="col" className="num">bytes</th>
                <th scope="col">target / rule</th>
              </tr>
            </thead>
            <tbody>
              {chain.rules.map((r) => (
                <RuleRows key={r.number} node={sel.node} table={table} rule={r} hot={hot.has(r.number)} />
              ))}
            </tbody>
          </table>
          {chain.rules.length === 0 && <p className="ps-inspector__hint">No rules.</p>}
        </div>
      </section>
      <section className="ps-inspector__section" aria-label="iptables-save">
        <p className="ps-inspector__cmd">
          As <code>iptables-save -c -t {table}</code> prints {chain.name}:
        </p>
        <pre className="ps-inspector__pre" data-testid="inspector-chain-text" tabIndex={0} aria-label="iptables-save text">
          {q.data.text}
        </pre>
      </section>
    </>
  );
}
