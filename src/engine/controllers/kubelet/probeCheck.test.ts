import { describe, expect, it } from 'vitest';
import type { Container, Probe } from '../../api/types.ts';
import { modelProbe, probeCanSucceed, probeError, probePort, probeURL } from './probeCheck.ts';

const http = (path: string, port: number | string = 8081): Probe => ({ httpGet: { path, port } });
const app: Container = { name: 'app', image: 'proxyscope/echo-server:1.0', ports: [{ containerPort: 8080, name: 'http' }] as Container['ports'] };

describe('probe texts (pkg/probe/http, pkg/probe/tcp, Go net errors)', () => {
  it('httpGet: the Go client error quoting the URL', () => {
    expect(probeError('10.244.1.2', 8081, http('/health'), 'refused')).toBe('Get "http://10.244.1.2:8081/health": dial tcp 10.244.1.2:8081: connect: connection refused');
    expect(probeError('10.244.1.2', 8081, http('/health'), 'timeout')).toBe('Get "http://10.244.1.2:8081/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
    expect(probeError('10.244.1.2', 8081, http('/health'), 'eof')).toBe('Get "http://10.244.1.2:8081/health": EOF');
    expect(probeURL('10.244.1.2', 80, http('healthz', 80))).toBe('http://10.244.1.2:80/healthz');
  });
  it('tcpSocket: the dial error', () => {
    const tcp: Probe = { tcpSocket: { port: 5432 } };
    expect(probeError('10.244.2.3', 5432, tcp, 'refused')).toBe('dial tcp 10.244.2.3:5432: connect: connection refused');
    expect(probeError('10.244.2.3', 5432, tcp, 'timeout')).toBe('dial tcp 10.244.2.3:5432: i/o timeout');
  });
  it('named ports resolve through the container; exec has none', () => {
    expect(probePort(app, http('/', 'http'))).toBe(8080);
    expect(probePort(app, http('/', 'metrics'))).toBeUndefined();
    expect(probePort(app, { exec: { command: ['true'] } })).toBeUndefined();
  });
  it('without a network: the port must be listened on and the program started', () => {
    const t = { node: 'kind-worker', podIP: '10.244.1.2', container: app, probe: http('/health', 8080), serving: true };
    expect(modelProbe(t)).toEqual({ ok: true });
    expect(modelProbe({ ...t, serving: false })).toEqual({ ok: false, output: 'Get "http://10.244.1.2:8080/health": dial tcp 10.244.1.2:8080: connect: connection refused' });
    expect(probeCanSucceed(app, http('/health', 8081))).toBe(false);
    expect(probeCanSucceed(app, http('/health', 'metrics'))).toBe(false);
    expect(probeCanSucceed(app, { exec: { command: ['true'] } })).toBe(true);
  });
});
