// `conntrack -L` lines reduced to what must agree between the real kernel and Proxyscope: the
// protocol and both tuples after NAT, with the client's ephemeral port and the port SNAT
// picked (random with --random-fully) as `*`. State, timeout and flags differ legitimately:
// the kernel is read after the connection closed, Proxyscope right after the handshake.

export interface Tuple {
  src: string;
  dst: string;
  sport: string;
  dport: string;
}

export interface CtEntry {
  proto: string;
  original: Tuple;
  reply: Tuple;
}

export function parseConntrack(line: string): CtEntry | undefined {
  const words = line.trim().split(/\s+/);
  const kv = words.filter((w) => /^(src|dst|sport|dport)=/.test(w)).map((w) => w.split('=') as [keyof Tuple, string]);
  if (kv.length < 8) return undefined;
  const tuple = (part: [keyof Tuple, string][]): Tuple => Object.fromEntries(part) as unknown as Tuple;
  return { proto: words[0]!, original: tuple(kv.slice(0, 4)), reply: tuple(kv.slice(4, 8)) };
}

export function normalizeEntry(e: CtEntry): string {
  const o = e.original;
  const r = e.reply;
  return `${e.proto} src=${o.src} dst=${o.dst} sport=* dport=${o.dport} src=${r.src} dst=${r.dst} sport=${r.sport} dport=*`;
}

/**
 * The entry of the `proto` connection from `local` ("ip:port") to `dst` in a `conntrack -L`
 * listing. The protocol matters: a TCP and a UDP probe of the same pod may draw the same
 * ephemeral port towards the same Service IP.
 */
export function findEntry(listing: string, proto: 'tcp' | 'udp', local: string, dst: string): CtEntry | undefined {
  const [ip, port] = local.split(':');
  for (const line of listing.split('\n')) {
    const e = parseConntrack(line);
    if (e && e.proto === proto && e.original.src === ip && e.original.sport === port && e.original.dst === dst) return e;
  }
  return undefined;
}
