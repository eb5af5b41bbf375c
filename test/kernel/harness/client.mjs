// Real connections for the kernel conformance suite, run inside a namespace with
// `ip netns exec NS node client.mjs`. Reads a JSON list of probes on stdin:
//   { id, proto: "tcp"|"udp", host, port, timeoutMs, group? }
// Probes of one group run one after another (session affinity needs that), groups run in
// parallel (at most 64 at a time). Writes one JSON list of results:
//   { id, outcome: "connected"|"refused"|"timeout"|"unreachable"|"error", pod?, seen?, local?, detail? }
// `local` is the client socket's own "ip:port", `seen` the one the server saw (NAT shows).
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';

const CONCURRENCY = 64;

function tcp(p) {
  return new Promise((resolve) => {
    let data = '';
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ id: p.id, ...r });
    };
    const sock = connect({ host: p.host, port: p.port });
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), p.timeoutMs);
    let local;
    sock.on('connect', () => (local = `${sock.localAddress}:${sock.localPort}`));
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      data += d;
      if (data.includes('\n')) finish({ ...answer(data), local });
    });
    sock.on('end', () => finish(data ? { ...answer(data), local } : { outcome: 'error', detail: 'closed without an answer' }));
    sock.on('error', (e) => finish(failure(e)));
  });
}

function udp(p) {
  return new Promise((resolve) => {
    let done = false;
    const sock = createSocket('udp4');
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve({ id: p.id, ...r });
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), p.timeoutMs);
    let local;
    sock.on('message', (msg) => finish({ ...answer(msg.toString('utf8')), local }));
    sock.on('error', (e) => finish(failure(e)));
    sock.connect(p.port, p.host, () => {
      const a = sock.address();
      local = `${a.address}:${a.port}`;
      sock.send('hello\n', (e) => e && finish(failure(e)));
    });
  });
}

function answer(text) {
  const [pod, seen] = text.trim().split(' ');
  return { outcome: 'connected', pod, seen };
}

function failure(e) {
  if (e.code === 'ECONNREFUSED') return { outcome: 'refused' };
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return { outcome: 'unreachable', detail: e.code };
  if (e.code === 'ETIMEDOUT') return { outcome: 'timeout' };
  return { outcome: 'error', detail: String(e.code ?? e.message) };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const probes = JSON.parse(input);
  const groups = new Map();
  for (const p of probes) {
    const key = p.group ?? `#${p.id}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  const queue = [...groups.values()];
  const results = [];
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      for (const p of g) results.push(await (p.proto === 'udp' ? udp(p) : tcp(p)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  process.stdout.write(JSON.stringify(results));
});
