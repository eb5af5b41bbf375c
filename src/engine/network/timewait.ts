// Client sockets in TIME_WAIT. A socket that closed first holds its 4-tuple for 60 s, and
// connect() does not pick an ephemeral port whose connection to the same destination is still
// held (__inet_check_established; tcp_tw_reuse is off except on loopback). The conntrack entry
// outlives it (120 s): a port reused after 60 s meets a TIME_WAIT entry, which the SYN reopens.

import type { Host } from './types.ts';

/** TCP_TIMEWAIT_LEN: how long a closed socket holds its 4-tuple (the conntrack entry: 120 s). */
const TIME_WAIT_MS = 60_000;

export class TimeWaitSockets {
  private readonly byHost = new WeakMap<Host, Map<string, number>>();

  add(host: Host, src: string, sport: number, dst: string, dport: number, now: number): void {
    let m = this.byHost.get(host);
    if (!m) this.byHost.set(host, (m = new Map()));
    // Drop the expired ones as new ones come (keeps the map at one TIME_WAIT period's worth).
    for (const [k, until] of m) {
      if (until > now) break;
      m.delete(k);
    }
    const key = `${src}:${sport}>${dst}:${dport}`;
    m.delete(key);
    m.set(key, now + TIME_WAIT_MS);
  }

  has(host: Host, src: string, sport: number, dst: string, dport: number, now: number): boolean {
    const until = this.byHost.get(host)?.get(`${src}:${sport}>${dst}:${dport}`);
    return until !== undefined && until > now;
  }
}
