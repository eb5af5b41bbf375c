import { describe, expect, it } from 'vitest';
import type { ChainsSnapshot } from '../../engine/view/types.ts';
import { findChain, keyToSelection, kindOfResource, selectionKey } from './selection.ts';

describe('selection', () => {
  it('object keys ↔ selections', () => {
    expect(keyToSelection('pod/default/x')).toEqual({ kind: 'object', resource: 'pods', namespace: 'default', name: 'x' });
    expect(keyToSelection('slice/default/y')).toEqual({ kind: 'object', resource: 'endpointslices', namespace: 'default', name: 'y' });
    expect(keyToSelection('node/kind-worker')).toEqual({ kind: 'object', resource: 'nodes', namespace: '', name: 'kind-worker' });
    expect(keyToSelection('chain/kind-worker/KUBE-SERVICES')).toEqual({ kind: 'chain', node: 'kind-worker', table: '', chain: 'KUBE-SERVICES' });
    expect(keyToSelection('bogus/a/b')).toBeUndefined();
    expect(selectionKey({ kind: 'object', resource: 'services', namespace: 'default', name: 'z' })).toBe('svc/default/z');
    expect(selectionKey({ kind: 'object', resource: 'Service', namespace: 'default', name: 'z' })).toBe('svc/default/z');
    expect(selectionKey({ kind: 'chain', node: 'n', table: 'nat', chain: 'KUBE-SVC-A' })).toBe('chain/n/KUBE-SVC-A');
    expect(selectionKey({ kind: 'event', seq: 3 })).toBeUndefined();
    expect(kindOfResource('endpointslices')).toBe('EndpointSlice');
  });

  it('finds a chain in the named table, else nat before filter', () => {
    const chain = (name: string) => ({ name, builtin: false, packets: 0, bytes: 0, rules: [] });
    const snap: ChainsSnapshot = {
      node: 'n', version: 1,
      tables: [
        { name: 'filter', chains: [chain('KUBE-NODEPORTS'), chain('KUBE-FORWARD')] },
        { name: 'nat', chains: [chain('KUBE-NODEPORTS'), chain('KUBE-SERVICES')] },
      ],
    };
    expect(findChain(snap, '', 'KUBE-NODEPORTS')?.table.name).toBe('nat');
    expect(findChain(snap, 'filter', 'KUBE-NODEPORTS')?.table.name).toBe('filter');
    expect(findChain(snap, '', 'KUBE-FORWARD')?.table.name).toBe('filter');
    // the Chains view names every chain 'nat': a filter-only chain is still found
    expect(findChain(snap, 'nat', 'KUBE-FORWARD')?.table.name).toBe('filter');
    expect(findChain(snap, 'nat', 'KUBE-NOPE')).toBeUndefined();
  });
});
