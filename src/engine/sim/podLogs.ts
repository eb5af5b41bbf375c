// Container logs, as the kubelet keeps them per container instance: what `kubectl logs`
// reads. Programs in pods (kube-proxy, CoreDNS, the echo server) append lines with the
// virtual time they were written.

export interface LogLine {
  at: number; // virtual ms
  stream: 'stdout' | 'stderr';
  text: string; // without trailing newline
}

interface ContainerLog {
  current: LogLine[];
  previous?: LogLine[];
}

/** Keeps at most `maxLines` per container instance, as log rotation would. */
export class PodLogs {
  private readonly logs = new Map<string, ContainerLog>();
  private readonly listeners = new Set<(key: string, line: LogLine) => void>();

  constructor(
    private readonly now: () => number,
    private readonly maxLines = 10_000,
  ) {}

  static key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  append(namespace: string, pod: string, container: string, text: string, stream: 'stdout' | 'stderr' = 'stderr'): void {
    const key = PodLogs.key(namespace, pod, container);
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = { current: [] }));
    const line = { at: this.now(), stream, text };
    log.current.push(line);
    if (log.current.length > this.maxLines) log.current.splice(0, log.current.length - this.maxLines);
    for (const l of this.listeners) l(key, line);
  }

  /** A container restarted: its log becomes the `--previous` one. */
  rotate(namespace: string, pod: string, container: string): void {
    const key = PodLogs.key(namespace, pod, container);
    const log = this.logs.get(key);
    if (log) this.logs.set(key, { current: [], previous: log.current });
  }

  read(namespace: string, pod: string, container: string, previous = false): LogLine[] | undefined {
    const log = this.logs.get(PodLogs.key(namespace, pod, container));
    return previous ? log?.previous : log?.current;
  }

  /** The pod is gone: its logs go with it. */
  forget(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of [...this.logs.keys()]) if (key.startsWith(prefix)) this.logs.delete(key);
  }

  subscribe(listener: (key: string, line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
