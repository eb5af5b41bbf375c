// A pod's program in the kernel conformance suite, run with `ip netns exec POD node server.mjs
// NAME tcp:8080 udp:8081 …`. Every TCP connection and every UDP datagram is answered with one
// line: "<pod name> <client address>:<client port>" — who answered and the source it saw.
// Prints "ready" once all sockets listen.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const [name, ...specs] = process.argv.slice(2);
let pending = specs.length;
const listening = () => {
  pending -= 1;
  if (pending === 0) process.stdout.write('ready\n');
};

for (const spec of specs) {
  const [proto, portText] = spec.split(':');
  const port = Number(portText);
  if (proto === 'tcp') {
    const server = createServer((sock) => {
      sock.on('error', () => {});
      sock.end(`${name} ${sock.remoteAddress}:${sock.remotePort}\n`);
    });
    server.listen({ port, host: '0.0.0.0', backlog: 1024 }, listening);
  } else {
    const sock = createSocket('udp4');
    sock.on('message', (_msg, rinfo) => sock.send(`${name} ${rinfo.address}:${rinfo.port}\n`, rinfo.port, rinfo.address));
    sock.bind(port, '0.0.0.0', listening);
  }
}
if (specs.length === 0) process.stdout.write('ready\n');
