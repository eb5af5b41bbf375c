// `-m recent` lists (xt_recent.c): per name, up to ip_list_tot (200) addresses, each with the
// time stamps of its last ip_pkt_list_tot (20, rounded up to 32 slots) hits; the oldest
// address is evicted when a list is full. Times are virtual ms.

export interface RecentEntry {
  addr: string;
  /** Ring of hit times (ms); `index` is the next slot, `nstamps` how many are valid. */
  stamps: number[];
  index: number;
  nstamps: number;
}

/** xt_recent module parameters (defaults). */
export const RECENT_IP_LIST_TOT = 200;
const STAMP_SLOTS = 32; // roundup_pow_of_two(ip_pkt_list_tot = 20)

export class RecentLists {
  /** Per list name: entries by address, least recently updated first (the kernel's LRU). */
  private readonly tables = new Map<string, Map<string, RecentEntry>>();

  constructor(readonly listSize: number = RECENT_IP_LIST_TOT) {}

  names(): string[] {
    return [...this.tables.keys()];
  }

  /** Entries of one list, least recently seen first (as /proc/net/xt_recent/NAME lists them). */
  entries(name: string): RecentEntry[] {
    return [...(this.tables.get(name)?.values() ?? [])];
  }

  /** The kernel creates a table when the first rule naming it is loaded. */
  table(name: string): Map<string, RecentEntry> {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new Map()));
    return t;
  }

  /** `echo / > /proc/net/xt_recent/NAME`. */
  clear(name: string): void {
    this.tables.get(name)?.clear();
  }

  /** One evaluation of a recent match; returns whether it matched (invert applied). */
  check(
    name: string,
    addr: string,
    command: 'set' | 'rcheck' | 'update' | 'remove',
    seconds: number,
    hitcount: number,
    reap: boolean,
    invert: boolean,
    now: number,
  ): boolean {
    const t = this.table(name);
    let ret = invert;
    const e = t.get(addr);
    if (!e) {
      if (command !== 'set') return ret;
      if (t.size >= this.listSize) {
        const oldest = t.keys().next().value;
        if (oldest !== undefined) t.delete(oldest);
      }
      t.set(addr, { addr, stamps: [now], index: 1, nstamps: 1 });
      return !ret;
    }
    if (command === 'set') {
      ret = !ret;
    } else if (command === 'remove') {
      t.delete(addr);
      return !ret;
    } else {
      const since = now - seconds * 1000;
      let hits = 0;
      for (let i = 0; i < e.nstamps; i++) {
        if (seconds && since > e.stamps[i]!) continue;
        if (!hitcount || ++hits >= hitcount) {
          ret = !ret;
          break;
        }
      }
      if (reap) this.reap(t, since, e, command === 'update' && ret !== invert);
    }
    if (command === 'set' || (command === 'update' && ret !== invert)) {
      e.index &= STAMP_SLOTS - 1;
      e.stamps[e.index++] = now;
      if (e.index > e.nstamps) e.nstamps = e.index;
      t.delete(addr); // move to the tail of the LRU
      t.set(addr, e);
    }
    return ret;
  }

  /** recent_entry_reap: drop the least recently updated entry if it has gone stale. */
  private reap(t: Map<string, RecentEntry>, since: number, working: RecentEntry, update: boolean): void {
    const oldest = t.values().next().value;
    if (!oldest || (oldest === working && update)) return;
    const last = oldest.stamps[oldest.index - 1]!; // the newest stamp
    if (since > last) t.delete(oldest.addr);
  }
}
