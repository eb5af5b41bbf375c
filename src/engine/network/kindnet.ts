// kindnetd's ip-masq agent (kubernetes-sigs/kind images/kindnetd/cmd/kindnetd/masq.go): on
// every node where the kindnet pod runs, the nat chain KIND-MASQ-AGENT returns traffic to the
// pod subnets (env POD_SUBNET) and masquerades the rest; POSTROUTING sends all non-LOCAL
// destinations there. go-iptables' AppendUnique (`-C`, then `-A`) every 60 s, so deleted rules
// come back. Traffic from pods to the outside (the kind network, the docker host) is thereby
// masqueraded to the node address, as on a real kind cluster.

import type { Pod } from '../api/types.ts';
import type { ApiServer, WatchEvent } from '../api/store.ts';
import { runIptables } from '../netfilter/rules/commands.ts';
import type { Ruleset } from '../netfilter/types.ts';
import type { Scheduler, TaskHandle } from '../sim/scheduler.ts';

const CHAIN = 'KIND-MASQ-AGENT';
const SYNC_MS = 60_000;

function appendUnique(rs: Ruleset, chain: string, args: string[]): void {
  const check = runIptables(rs, ['-t', 'nat', '-C', chain, ...args]);
  if (check.done && check.exitCode === 0) return;
  runIptables(rs, ['-t', 'nat', '-A', chain, ...args]);
}

/** SyncRules: the chain, its RETURN per pod subnet and MASQUERADE, and the POSTROUTING jump. */
export function syncMasqRules(rs: Ruleset, podSubnets: string[]): void {
  if (!rs.tables.get('nat')?.chains.has(CHAIN)) runIptables(rs, ['-t', 'nat', '-N', CHAIN]);
  for (const cidr of podSubnets) {
    appendUnique(rs, CHAIN, ['-d', cidr, '-j', 'RETURN', '-m', 'comment', '--comment', 'kind-masq-agent: local traffic is not subject to MASQUERADE']);
  }
  appendUnique(rs, CHAIN, ['-j', 'MASQUERADE', '-m', 'comment', '--comment', 'kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)']);
  appendUnique(rs, 'POSTROUTING', [
    '-m', 'addrtype', '!', '--dst-type', 'LOCAL', '-j', CHAIN,
    '-m', 'comment', '--comment', `kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom ${CHAIN} chain`,
  ]);
}

const isKindnet = (p: Pod): boolean => p.metadata.namespace === 'kube-system' && p.metadata.labels?.app === 'kindnet';

function runningOn(p: Pod): string | undefined {
  const st = p.status?.containerStatuses?.[0]?.state;
  return p.status?.phase === 'Running' && st?.running && !p.metadata.deletionTimestamp ? p.spec.nodeName : undefined;
}

/** IPv4 subnets of POD_SUBNET (kindnetd panics without it: then nothing is installed). */
function podSubnets(p: Pod): string[] {
  const env = p.spec.containers[0]?.env?.find((e) => e.name === 'POD_SUBNET')?.value ?? '';
  return env.split(',').map((s) => s.trim()).filter((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s));
}

/** Runs the agent of every kindnet pod while it runs; returns a stop function. */
export function startKindnetAgents(deps: { api: ApiServer; scheduler: Scheduler; ruleset(node: string): Ruleset | undefined }): () => void {
  const agents = new Map<string, { node: string; subnets: string[]; task?: TaskHandle }>();
  const sync = (key: string) => {
    const a = agents.get(key);
    if (!a) return;
    const rs = deps.ruleset(a.node);
    if (rs && a.subnets.length) syncMasqRules(rs, a.subnets);
    a.task = deps.scheduler.after(SYNC_MS, () => sync(key), { background: true, label: `kindnet masq sync ${a.node}` });
  };
  const stopAgent = (key: string) => {
    agents.get(key)?.task?.cancel();
    agents.delete(key);
  };
  const apply = (p: Pod, deleted: boolean) => {
    if (!isKindnet(p)) return;
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    const node = deleted ? undefined : runningOn(p);
    if (!node) return stopAgent(key);
    if (agents.get(key)?.node === node) return;
    stopAgent(key);
    agents.set(key, { node, subnets: podSubnets(p) });
    sync(key);
  };
  for (const p of deps.api.list<Pod>('pods', 'kube-system')) apply(p, false);
  const unwatch = deps.api.watch('pods', (e: WatchEvent) => apply(e.object as Pod, e.type === 'DELETED'), 'kube-system');
  return () => {
    unwatch();
    for (const key of [...agents.keys()]) stopAgent(key);
  };
}
