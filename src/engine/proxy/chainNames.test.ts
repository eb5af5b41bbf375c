import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointChain, hash16, isServiceChainName, servicePortChain } from './chainNames.ts';

// Go's base32.StdEncoding of the full digest, for comparison.
function goBase32(bytes: Buffer): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, acc = 0, out = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) { bits -= 5; out += A[(acc >>> bits) & 31]; }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += A[(acc << (5 - bits)) & 31];
  return out;
}

describe('kube-proxy chain names', () => {
  it('[KP-3] known service chain names', () => {
    expect(servicePortChain('ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(servicePortChain('ns2/svc2:p8080', 'tcp')).toBe('KUBE-SVC-2VJB64SDSIJUP5T6');
    expect(servicePortChain('default/kubernetes:https', 'tcp')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(servicePortChain('kube-system/kube-dns:dns', 'udp')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(servicePortChain('kube-system/kube-dns:dns-tcp', 'tcp')).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    expect(servicePortChain('default/nginx', 'tcp')).toBe('KUBE-SVC-2CMXP7HKUVJN7L6M');
  });

  it('[KP-3] known endpoint chain name', () => {
    expect(endpointChain('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
  });

  it('[KP-1] hash16 is the first 16 characters of base32std(sha256)', () => {
    for (const s of ['', 'a', 'ns/svc:port' + 'udp', 'x'.repeat(200)]) {
      expect(hash16(s)).toBe(goBase32(createHash('sha256').update(s).digest()).slice(0, 16));
    }
  });

  it('[KP-21] recognises the per-service chain prefixes only', () => {
    expect(['KUBE-SVC-A', 'KUBE-SVL-A', 'KUBE-SEP-A', 'KUBE-FW-A', 'KUBE-EXT-A'].every(isServiceChainName)).toBe(true);
    expect(['KUBE-SERVICES', 'KUBE-MARK-MASQ', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD'].some(isServiceChainName)).toBe(false);
  });
});
