// Random token soups: the parser and restore never throw, and a failed command or restore block
// leaves the ruleset exactly as it was.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRuleset, parseRuleSpec, restore, runIptables, save } from './index.ts';
import type { Ruleset } from '../types.ts';

const TOKENS = [
  '-A', '-I', '-D', '-R', '-N', '-X', '-F', '-Z', '-P', '-E', '-C', '-t', 'nat', 'filter', 'mangle', 'INPUT',
  'OUTPUT', 'PREROUTING', 'POSTROUTING', 'KUBE-A', 'KUBE-B', '1', '2', '0', '!', '-s', '-d', '10.0.0.1',
  '10.0.0.0/8', '1.2.3.4/33', '-p', 'tcp', 'udp', 'icmp', 'all', '-i', '-o', 'eth0', 'veth+', '-m', 'comment',
  '--comment', 'a b', '"', 'tcp', 'multiport', '--dports', '80,443', '--dport', '80', '--sport', '1:2', 'statistic',
  '--mode', 'random', 'nth', '--probability', '0.5', '--every', '--packet', 'mark', '--mark', '0x4000/0x4000',
  'addrtype', '--src-type', '--dst-type', 'LOCAL', 'conntrack', '--ctstate', 'NEW,ESTABLISHED', 'state', '--state',
  'recent', '--name', '--set', '--rcheck', '--seconds', '10', '--reap', 'nfacct', '--nfacct-name', 'x', 'physdev',
  '--physdev-in', '-j', '-g', 'ACCEPT', 'DROP', 'RETURN', 'REJECT', '--reject-with', 'tcp-reset', 'DNAT',
  '--to-destination', '10.0.0.1:80', 'SNAT', '--to-source', 'MASQUERADE', '--random-fully', '--to-ports', 'MARK',
  '--or-mark', '--set-xmark', '0x1', 'LOG', '--log-prefix', 'TRACE', 'QUEUE', '--foo', '-x', '-v', '-c', '--', '-6',
];
const argv = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })), { maxLength: 14 });
const AT = 'X';
const snapshot = (rs: Ruleset): string => save(rs, { generatedAt: AT, counters: true }) + JSON.stringify([...rs.tables.values()].map((t) => [t.name, t.exists, [...t.chains.values()]]));

function seeded(): Ruleset {
  const rs = createRuleset();
  restore(rs, '*filter\n:KUBE-A - [0:0]\n:KUBE-B - [0:0]\n-A INPUT -j KUBE-A\n-A KUBE-A -j ACCEPT\nCOMMIT\n*nat\n:KUBE-A - [0:0]\n-A PREROUTING -p tcp -j KUBE-A\n-A KUBE-A -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n', { noflush: true, counters: false });
  return rs;
}

describe('property: garbage in, exact errors out, no partial changes', () => {
  it('parseRuleSpec never throws', () => {
    fc.assert(
      fc.property(argv, (a) => {
        const r = parseRuleSpec(a);
        if (!r.ok) expect(r.error).toMatch(/\n$/);
      }),
      { numRuns: 3000 },
    );
  });

  it('a failing iptables command leaves the ruleset untouched', () => {
    fc.assert(
      fc.property(argv, (a) => {
        const rs = seeded();
        const before = snapshot(rs);
        const o = runIptables(rs, a);
        if (o.done && o.exitCode !== 0) expect(snapshot(rs)).toBe(before);
      }),
      { numRuns: 3000 },
    );
  });

  it('a failing restore block leaves the ruleset untouched', () => {
    const line = argv.map((a) => a.join(' '));
    const body = fc.array(fc.oneof(line, fc.constantFrom(':KUBE-A - [0:0]', ':INPUT DROP [1:2]', '-X KUBE-B', '# c', '', 'COMMIT', '*nat', '[1:2] -A INPUT')), { maxLength: 8 });
    fc.assert(
      fc.property(fc.constantFrom('filter', 'nat'), body, fc.boolean(), fc.boolean(), (table, lines, noflush, counters) => {
        const rs = seeded();
        const before = snapshot(rs);
        // one block: everything up to the first COMMIT
        const cut = lines.indexOf('COMMIT');
        const block = cut >= 0 ? lines.slice(0, cut) : lines;
        const r = restore(rs, `*${table}\n${block.join('\n')}\nCOMMIT\n`, { noflush, counters });
        if (!r.ok) {
          expect(r.exitCode).toBeGreaterThan(0);
          expect(snapshot(rs)).toBe(before);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
