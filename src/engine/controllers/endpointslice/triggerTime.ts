// The endpoints.kubernetes.io/last-change-trigger-time value (staging/src/k8s.io/endpointslice/
// util/trigger_time_tracker.go), shared by the EndpointSlice and Endpoints controllers: the
// earliest change that this sync is the first to see — a pod's Ready transition or the
// Service's creation. A Service's first sync reports its creationTimestamp. No change seen:
// no annotation. Times come from the objects, never from the controller's clock.

import type { Pod, Service } from '../../api/types.ts';
import type { Clock } from '../../sim/clock.ts';
import { podReadyTransition } from './desired.ts';

interface ServiceState {
  serviceTime: number | undefined;
  podTimes: Map<string, number>;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  constructor(private readonly clock: Pick<Clock, 'parse' | 'timestamp'>) {}

  // Many pods share a transition second: parse each timestamp once.
  private readonly parsed = new Map<string, number>();

  private time(ts: string | undefined): number | undefined {
    if (!ts) return undefined;
    let t = this.parsed.get(ts);
    if (t === undefined) {
      if (this.parsed.size > 50_000) this.parsed.clear();
      this.parsed.set(ts, (t = this.clock.parse(ts)));
    }
    return Number.isNaN(t) ? undefined : t;
  }

  /** The annotation value (RFC 3339, as Go's RFC3339Nano prints whole seconds), or undefined. */
  compute(namespace: string, svc: Service, pods: readonly Pod[]): string | undefined {
    const key = `${namespace}/${svc.metadata.name ?? ''}`;
    const prev = this.states.get(key);
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const t = this.time(podReadyTransition(pod));
      if (t === undefined) continue;
      const name = pod.metadata.name ?? '';
      podTimes.set(name, t);
      const before = prev?.podTimes.get(name);
      if (before === undefined || t > before) min = min === undefined ? t : Math.min(min, t);
    }
    const serviceTime = this.time(svc.metadata.creationTimestamp);
    if (serviceTime !== undefined && (prev?.serviceTime === undefined || serviceTime > prev.serviceTime)) {
      min = min === undefined ? serviceTime : Math.min(min, serviceTime);
    }
    this.states.set(key, { serviceTime, podTimes });
    if (!prev) return serviceTime === undefined ? undefined : this.clock.timestamp(serviceTime);
    return min === undefined ? undefined : this.clock.timestamp(min);
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
