// Container logs, as the kubelet keeps them per container instance: what `kubectl logs`
// reads. Programs in pods (kube-proxy, CoreDNS, the echo server, apps/programLogs.ts) append
// lines with the virtual time they were written; a restart rotates the log so that the last
// instance's lines stay readable with `--previous` (the kubelet keeps exactly one).

export interface LogLine {
  at: number; // virtual ms
  stream: 'stdout' | 'stderr';
  text: string; // without trailing newline
}

interface ContainerLog {
  current: LogLine[];
  previous?: LogLine[];
  /** Bumped by every rotation: a followed stream belongs to one container instance. */
  instance: number;
}

/** Keeps at most `maxLines` per container instance, as log rotation would. */
export class PodLogs {
  private readonly logs = new Map<string, ContainerLog>();
  /** `ns/pod` → its containers' keys, so a deleted pod's logs go without a scan of every log. */
  private readonly byPod = new Map<string, Set<string>>();
  private readonly listeners = new Set<(key: string, line: LogLine) => void>();

  constructor(
    private readonly now: () => number,
    private readonly maxLines = 10_000,
  ) {}

  static key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  /** `at` backdates a line (a program's start-up lines written at its real start time). */
  append(namespace: string, pod: string, container: string, text: string, stream: 'stdout' | 'stderr' = 'stderr', at?: number): void {
    const key = PodLogs.key(namespace, pod, container);
    let log = this.logs.get(key);
    if (!log) this.put(namespace, pod, key, (log = { current: [], instance: 0 }));
    const line = { at: at ?? this.now(), stream, text };
    log.current.push(line);
    if (log.current.length > this.maxLines) log.current.splice(0, log.current.length - this.maxLines);
    for (const l of this.listeners) l(key, line);
  }

  /** A container restarted: its log becomes the `--previous` one. */
  rotate(namespace: string, pod: string, container: string): void {
    const key = PodLogs.key(namespace, pod, container);
    const log = this.logs.get(key);
    // A container that never wrote a line still leaves an (empty) previous log behind.
    this.put(namespace, pod, key, { current: [], previous: log?.current ?? [], instance: (log?.instance ?? 0) + 1 });
  }

  read(namespace: string, pod: string, container: string, previous = false): LogLine[] | undefined {
    const log = this.logs.get(PodLogs.key(namespace, pod, container));
    return previous ? log?.previous : log?.current;
  }

  /** Which instance of the container writes to `key` now (0 until its first restart). */
  instance(key: string): number {
    return this.logs.get(key)?.instance ?? 0;
  }

  /** The pod is gone: its logs go with it. */
  forget(namespace: string, pod: string): void {
    const podKey = `${namespace}/${pod}`;
    for (const key of this.byPod.get(podKey) ?? []) this.logs.delete(key);
    this.byPod.delete(podKey);
  }

  private put(namespace: string, pod: string, key: string, log: ContainerLog): void {
    this.logs.set(key, log);
    const podKey = `${namespace}/${pod}`;
    let keys = this.byPod.get(podKey);
    if (!keys) this.byPod.set(podKey, (keys = new Set()));
    keys.add(key);
  }

  subscribe(listener: (key: string, line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
