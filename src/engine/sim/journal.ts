// The event journal: an append-only record of everything that happens in the cluster, with
// virtual time. The page's timeline and the "bytes written per change" chart read it; tests
// assert on it. It keeps the newest `capacity` entries so a 100k-pod run stays bounded.

export type JournalEntry =
  | {
      type: 'write';
      verb: 'create' | 'update' | 'delete';
      resource: string;
      namespace: string;
      name: string;
      resourceVersion: string;
      /** Size of the object as stored (JSON bytes), the cost of this write on the wire. */
      bytes: number;
      actor: string;
    }
  | { type: 'controller'; controller: string; action: string; namespace: string; name: string; detail?: string }
  | { type: 'pod'; namespace: string; name: string; phase: string; node?: string; detail?: string }
  | { type: 'note'; source: string; message: string };

export type Stamped = JournalEntry & { seq: number; at: number };

export type JournalListener = (entry: Stamped) => void;

export class Journal {
  private entries: Stamped[] = [];
  private start = 0; // index of the oldest kept entry in `entries` (ring compaction)
  private nextSeq = 1;
  private listeners = new Set<JournalListener>();

  constructor(
    private readonly now: () => number,
    private readonly capacity = 200_000,
  ) {}

  append(entry: JournalEntry): void {
    const stamped = { ...entry, seq: this.nextSeq++, at: this.now() } as Stamped;
    this.entries.push(stamped);
    if (this.entries.length - this.start > this.capacity) this.start++;
    // Compact occasionally rather than shifting on every append.
    if (this.start > this.capacity / 2) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
    for (const l of this.listeners) l(stamped);
  }

  /** Entries with seq > afterSeq (all kept ones by default). */
  since(afterSeq = 0): Stamped[] {
    const out: Stamped[] = [];
    for (let i = this.entries.length - 1; i >= this.start; i--) {
      const e = this.entries[i]!;
      if (e.seq <= afterSeq) break;
      out.push(e);
    }
    return out.reverse();
  }

  lastSeq(): number {
    return this.nextSeq - 1;
  }

  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
