import { describe, expect, it } from 'vitest';
import { HostLocalIpam } from './ipam.ts';

describe('host-local IPAM', () => {
  it('hands out .2 upward, continues after the last one and wraps, skipping addresses in use', () => {
    const ipam = new HostLocalIpam('10.244.1.0/29'); // .2 … .6 usable
    expect([ipam.allocate(), ipam.allocate(), ipam.allocate()]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    ipam.release('10.244.1.2');
    expect(ipam.allocate()).toBe('10.244.1.5'); // not the freed .2: host-local continues after the last reserved
    expect(ipam.allocate()).toBe('10.244.1.6');
    expect(ipam.allocate()).toBe('10.244.1.2'); // wrapped
    expect(ipam.allocate()).toBeUndefined(); // full
    ipam.release('10.244.1.4');
    expect(ipam.allocate()).toBe('10.244.1.4');
    expect(ipam.allocated()).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6']);
  });

  it('reserves addresses of pods that were already running', () => {
    const ipam = new HostLocalIpam('10.244.0.0/24');
    expect(ipam.reserve('10.244.0.3')).toBe(true);
    expect(ipam.reserve('10.244.0.3')).toBe(false);
    expect(ipam.reserve('10.244.0.1')).toBe(false); // the gateway
    expect(ipam.allocate()).toBe('10.244.0.4');
  });
});
